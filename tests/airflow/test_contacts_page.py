"""The Contacts page inside Airflow's own API app: login required, data shown, everything escaped.

The app is Airflow's (``airflow.api_fastapi.app.create_app``) with this repo's
plugin folder, the simple auth manager and a migrated metadata DB; the login is
the real one (``POST /auth/token`` with the generated password).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.configdir import make_config
from tests.support.contactsdata import seed

pytestmark = pytest.mark.airflow

PAGE = "/leaderwatch/"


@pytest.fixture(scope="module")
def leaderwatch_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A config folder and a store with events, sources, alerts and feeds, some of them hostile."""
    from pipeline.store import upgrade

    root = tmp_path_factory.mktemp("contacts")
    url = f"sqlite:///{root / 'lw.db'}"
    upgrade(url)
    cfg = make_config(root, url)
    seed(url)
    old = os.environ.get("LEADERWATCH_CONFIG")
    os.environ["LEADERWATCH_CONFIG"] = str(cfg.directory)
    yield url
    if old is None:
        os.environ.pop("LEADERWATCH_CONFIG", None)
    else:
        os.environ["LEADERWATCH_CONFIG"] = old


@pytest.fixture(scope="module")
def client(airflow_db: None, leaderwatch_db: str) -> Iterator[Any]:
    from airflow.api_fastapi.app import create_app, purge_cached_app
    from fastapi.testclient import TestClient

    with TestClient(create_app("core")) as test_client:
        yield test_client
    purge_cached_app()


def login(client: Any, username: str) -> str:
    """The real login: the simple auth manager's generated password, POST /auth/token."""
    passwords = json.loads(Path(os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]).read_text())
    response = client.post("/auth/token", json={"username": username, "password": passwords[username]})
    assert response.status_code == 201, response.text
    return str(response.json()["access_token"])


def get(client: Any, path: str, token: str | None = None, **headers: str) -> Any:
    client.cookies.clear()
    if token:
        client.cookies.set("_token", token)
    return client.get(path, headers=headers, follow_redirects=False)


# ------------------------------------------------------------------- the login


def test_anonymous_browser_is_sent_to_the_login_and_sees_no_data(client: Any) -> None:
    response = get(client, PAGE, accept="text/html")
    assert response.status_code in (302, 303, 307), response.text
    assert response.headers["location"].startswith("/auth/login?next=")
    assert "Orbán" not in response.text and "Vance" not in response.text


@pytest.mark.parametrize("path", [PAGE, "/leaderwatch/api/events", "/leaderwatch/?candidate=JD+Vance"])
def test_anonymous_api_client_gets_401(client: Any, path: str) -> None:
    response = get(client, path)
    assert response.status_code == 401
    assert "Orb" not in response.text and "Vance" not in response.text


@pytest.mark.parametrize("token", ["not-a-jwt", "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhZG1pbiJ9.forged"])
def test_forged_tokens_are_refused(client: Any, token: str) -> None:
    for response in (get(client, PAGE, token), get(client, PAGE, token, authorization=f"Bearer {token}")):
        assert response.status_code in (401, 403, 303)
        assert "Orb" not in response.text


def test_a_token_signed_with_another_secret_is_refused(client: Any) -> None:
    import jwt

    token = jwt.encode(
        {"sub": "admin", "role": "admin", "aud": "apache-airflow"}, "not-the-secret-" * 5, "HS512"
    )
    response = get(client, "/leaderwatch/api/events", authorization=f"Bearer {token}")
    assert response.status_code in (401, 403)
    assert "Orb" not in response.text


# ------------------------------------------------------------- logged-in users


def test_logged_in_viewer_sees_events_sources_alerts_and_feeds(client: Any) -> None:
    token = login(client, "analyst")
    response = get(client, PAGE, token)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    for text in ("JD Vance", "Viktor Orbán", "Tim Walz", "Justin Trudeau", "Good wire", "Bad wire"):
        assert text in html
    assert 'href="https://news.example.org/2024/09/19/vance-orban"' in html
    assert "channel_not_found" in html and "failing" in html
    assert "<svg" in html and "<circle" in html, "the timeline chart"
    # The same with the Authorization header (API clients).
    assert get(client, "/leaderwatch/api/events", authorization=f"Bearer {token}").status_code == 200


def test_every_text_is_escaped_and_only_http_links_are_made(client: Any) -> None:
    html = get(client, PAGE, login(client, "analyst")).text
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert 'href="javascript:' not in html
    assert "sneaky link" in html


def test_filters_by_candidate_status_and_date(client: Any) -> None:
    token = login(client, "analyst")

    def events(query: str) -> list[str]:
        response = get(client, f"/leaderwatch/api/events?{query}", token)
        assert response.status_code == 200, response.text
        return [f"{e['candidate']}|{e['leader']}" for e in response.json()]

    assert events("") == ["JD Vance|Viktor Orbán", "Tim Walz|Justin Trudeau"]
    assert events("candidate=Tim+Walz") == ["Tim Walz|Justin Trudeau"]
    assert events("status=occurred") == ["JD Vance|Viktor Orbán"]
    # A month-precision date overlaps a range that starts inside the month.
    assert events("date_from=2024-10-15") == ["Tim Walz|Justin Trudeau"]
    assert events("date_to=2024-09-30") == ["JD Vance|Viktor Orbán"]
    assert events("leader=Nobody") == []
    assert get(client, "/leaderwatch/api/events?status=rumoured", token).status_code == 422
    assert get(client, "/leaderwatch/api/events?date_from=2024-13-01", token).status_code == 422
    (walz,) = get(client, "/leaderwatch/api/events?candidate=Tim+Walz", token).json()
    assert walz["alert_state"] == "failed" and walz["alerts"][0]["error"] == "channel_not_found"
    assert walz["sources"][0]["evidence"] == "Walz will call Trudeau in October."


def test_outbox_filter_and_page_filter(client: Any) -> None:
    token = login(client, "analyst")
    failed = get(client, f"{PAGE}?outbox=failed", token).text
    outbox = failed.split("Alert outbox")[1]
    assert "channel_not_found" in outbox and "Viktor Orbán" not in outbox
    only_walz = get(client, f"{PAGE}?candidate=Tim+Walz", token).text
    events_table = only_walz.split('<table class="events">')[1].split("</table>")[0]
    assert "Justin Trudeau" in events_table and "Viktor Orbán" not in events_table


def test_the_plugin_adds_a_nav_entry(client: Any) -> None:
    response = client.get("/api/v2/plugins", headers={"Authorization": f"Bearer {login(client, 'admin')}"})
    assert response.status_code == 200
    (plugin,) = [p for p in response.json()["plugins"] if p["name"] == "leaderwatch"]
    (view,) = plugin["external_views"]
    assert view["destination"] == "nav" and view["href"] == PAGE and view["name"] == "Contacts"
    assert plugin["fastapi_apps"][0]["url_prefix"] == "/leaderwatch"
