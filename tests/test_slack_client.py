"""The WebClient leaderwatch builds (base_url, retry handlers) and how Slack errors are classified."""

from __future__ import annotations

import socket

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from pipeline.config import SlackSettings
from pipeline.slack_client import (
    MAX_INLINE_RETRY_AFTER,
    BoundedRateLimitRetryHandler,
    SlackFailure,
    classify,
    ensure_retry_handlers,
    make_client,
)
from tests.support import fakeslack
from tests.support.fakeslack import FakeSlack

fake_slack = fakeslack.fake_slack  # the fixture


def failure_of(client: WebClient, **kwargs: object) -> SlackFailure | None:
    try:
        client.chat_postMessage(**{"channel": "#leaderwatch", "text": "hello", **kwargs})  # type: ignore[arg-type]
    except Exception as exc:
        return classify(exc)
    return None


def test_client_from_settings_talks_to_base_url(fake_slack: FakeSlack) -> None:
    client = make_client(
        SlackSettings.model_validate({"token": fake_slack.token, "base_url": fake_slack.base_url.rstrip("/")})
    )
    assert client.base_url == fake_slack.base_url
    kinds = [type(h) for h in client.retry_handlers]
    assert BoundedRateLimitRetryHandler in kinds and ServerErrorRetryHandler in kinds
    assert failure_of(client) is None and fake_slack.posts()[0].text == "hello"


def test_injected_client_is_kept_and_handlers_added_once(fake_slack: FakeSlack) -> None:
    hook_client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    client = make_client(SlackSettings.model_validate({"token": "xoxb-other"}), hook_client)
    assert client is hook_client and client.token == fake_slack.token
    before = len(client.retry_handlers)
    ensure_retry_handlers(client)
    assert len(client.retry_handlers) == before


@pytest.mark.parametrize(
    ("script", "kind", "error"),
    [
        ("invalid_auth", "config", "invalid_auth"),
        ("channel_not_found", "config", "channel_not_found"),
        ("not_in_channel", "config", "not_in_channel"),
        ("is_archived", "config", "is_archived"),
        ("invalid_blocks", "message", "invalid_blocks"),
        ("message_not_found", "uneditable", "message_not_found"),
        ("ratelimited", "transient", "ratelimited"),
    ],
)
def test_classify_slack_errors(fake_slack: FakeSlack, script: str, kind: str, error: str) -> None:
    client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)  # no retries: see the raw error
    fake_slack.fail("chat.postMessage", script, retry_after=7)
    failure = failure_of(client)
    assert failure is not None and (failure.kind, failure.error) == (kind, error)
    if script == "ratelimited":
        assert failure.retry_after == 7


def test_short_retry_after_is_retried_in_the_call(fake_slack: FakeSlack) -> None:
    client = make_client(
        SlackSettings.model_validate({"token": fake_slack.token, "base_url": fake_slack.base_url})
    )
    fake_slack.fail("chat.postMessage", "ratelimited", retry_after=1)
    assert failure_of(client) is None
    assert len(fake_slack.calls_to("chat.postMessage")) == 2 and len(fake_slack.posts()) == 1


def test_long_retry_after_goes_back_to_the_outbox(fake_slack: FakeSlack) -> None:
    # Sleeping an hour inside the call would outlive the alert's claim lease.
    hook_client = WebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, retry_handlers=[RateLimitErrorRetryHandler()]
    )
    client = make_client(SlackSettings.model_validate({"token": "xoxb-other"}), hook_client)
    assert RateLimitErrorRetryHandler not in [type(h) for h in client.retry_handlers]
    wait = int(MAX_INLINE_RETRY_AFTER) * 60
    fake_slack.fail("chat.postMessage", "ratelimited", retry_after=wait)
    failure = failure_of(client)
    assert failure is not None and failure.transient and failure.retry_after == wait
    assert len(fake_slack.calls_to("chat.postMessage")) == 1 and fake_slack.posts() == []


def test_classify_server_and_network_errors(fake_slack: FakeSlack) -> None:
    client = WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    fake_slack.fail("chat.postMessage", "http_503")
    failure = failure_of(client)
    assert failure is not None and failure.transient and failure.error.startswith("HTTP 503")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = WebClient(token="x", base_url=f"http://127.0.0.1:{port}/api/", timeout=2, retry_handlers=[])
    failure = failure_of(dead)
    assert failure is not None and failure.transient and failure.error.startswith("network:")
    assert classify(ValueError("a bug")) is None
