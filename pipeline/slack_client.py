"""The slack_sdk WebClient leaderwatch posts with, and how its errors are classified.

:func:`make_client` builds a ``WebClient`` from ``settings.slack`` (token,
``base_url`` so tests and proxies can point it at another server) or adopts a
client built elsewhere (the Airflow DAG passes the Slack provider hook's
client, whose token lives in an Airflow connection). Either way the client
retries once on HTTP 429 (honouring a Retry-After of up to
:data:`MAX_INLINE_RETRY_AFTER` seconds; a longer one is returned to the
caller, which defers the alert), on 500/503 and on connection errors before an
error reaches the caller.

:func:`classify` turns what is left into a :class:`SlackFailure`: transient
(try again later, with backoff), permanent for the configuration (bad token,
unknown channel: nothing will work until an operator fixes it), or specific
to one message.
"""

from __future__ import annotations

import socket
import urllib.error
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from pipeline.config import SlackSettings

# Errors no retry can fix: the token or the channel must change first.
CONFIG_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "restricted_action",
        "team_access_not_granted",
    }
)
# Errors of one message that a text-only retry may get past.
MESSAGE_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "invalid_arguments"})
# chat.update errors meaning the first message cannot be edited any more.
UNEDITABLE = frozenset(
    {"message_not_found", "cant_update_message", "edit_window_closed", "msg_blocks_too_long"}
)

DEFAULT_TIMEOUT = 15

# The longest Retry-After slept inside a call. The alert's claim lease
# (slack.claim_lease_seconds, at least 120 s) must outlast a post with its
# retries; slack_sdk's own handler would sleep whatever Slack asks, so a long
# Retry-After could let the lease end while this run still posts, and another
# run would post the same alert. Longer waits go back to the outbox instead
# (next_attempt_at), which keeps the run short too.
MAX_INLINE_RETRY_AFTER = 60.0


def _retry_after_seconds(response: HttpResponse | None) -> float | None:
    if response is None:
        return None
    for key, values in response.headers.items():
        if key.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                return None
    return None


class BoundedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, except that it never sleeps longer than MAX_INLINE_RETRY_AFTER."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        wait = _retry_after_seconds(response)
        return wait is None or wait <= MAX_INLINE_RETRY_AFTER


def ensure_retry_handlers(client: WebClient) -> WebClient:
    """Add the 429, 5xx and connection retry handlers the client lacks (idempotent).

    A stock 429 handler (the Airflow Slack hook may bring one) is replaced by the
    bounded one, for the lease reason given at MAX_INLINE_RETRY_AFTER.
    """
    client.retry_handlers[:] = [h for h in client.retry_handlers if type(h) is not RateLimitErrorRetryHandler]
    wanted: list[RetryHandler] = [
        ConnectionErrorRetryHandler(),
        BoundedRateLimitRetryHandler(max_retry_count=1),
        ServerErrorRetryHandler(max_retry_count=1),
    ]
    for handler in wanted:
        if not any(type(h) is type(handler) for h in client.retry_handlers):
            client.retry_handlers.append(handler)
    return client


def make_client(settings: SlackSettings, client: WebClient | None = None) -> WebClient:
    """The client to post with: ``client`` if given (its token wins), else one from settings."""
    if client is None:
        kwargs: dict[str, Any] = {"token": settings.token, "timeout": DEFAULT_TIMEOUT}
        if settings.base_url:
            kwargs["base_url"] = settings.base_url.rstrip("/") + "/"
        client = WebClient(**kwargs)
    return ensure_retry_handlers(client)


@dataclass(frozen=True)
class SlackFailure:
    """Why a Slack call failed and what to do about it."""

    kind: str  # transient | config | message | uneditable
    error: str
    retry_after: float | None = None

    @property
    def transient(self) -> bool:
        return self.kind == "transient"


def classify(exc: BaseException) -> SlackFailure | None:
    """A SlackFailure for a Slack or network error; None for anything else (a bug: let it raise)."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", 200)
        error = ""
        try:
            error = str(response.get("error") or "")
        except (AttributeError, TypeError):  # a 5xx body that is not JSON
            error = ""
        if status == 429 or error == "ratelimited":
            headers = getattr(response, "headers", {}) or {}
            return SlackFailure("transient", "ratelimited", _retry_after(headers))
        if status >= 500 or error in (
            "fatal_error",
            "internal_error",
            "service_unavailable",
            "request_timeout",
        ):
            return SlackFailure("transient", f"HTTP {status}: {error}"[:200] if status >= 500 else error)
        if error in CONFIG_ERRORS:
            return SlackFailure("config", error)
        if error in UNEDITABLE:
            return SlackFailure("uneditable", error)
        return SlackFailure("message", error or f"HTTP {status}")
    if isinstance(
        exc, SlackRequestError | urllib.error.URLError | socket.timeout | ConnectionError | TimeoutError
    ):
        return SlackFailure("transient", f"network: {exc.__class__.__name__}: {exc}"[:300])
    if isinstance(exc, OSError):
        return SlackFailure("transient", f"network: {exc.__class__.__name__}: {exc}"[:300])
    return None


def _retry_after(headers: Any) -> float | None:
    for key, value in dict(headers).items():
        if str(key).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    return None
