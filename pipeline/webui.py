"""The Contacts page: a small FastAPI app that the Airflow plugin mounts in the Airflow UI.

It renders what :mod:`pipeline.contacts_view` reads (events with their sources
and alert state, feed health, the outbox, a timeline per candidate) as one
server-side HTML page with an inline SVG chart: no JavaScript, no CDN. All text
goes through Jinja2's autoescaping; links are only made from http(s) URLs.

Plugin apps are served by the Airflow API server *without* authentication
unless they add it, so every data route here depends on ``require_user``. In
Airflow that is :func:`airflow_user`, which asks Airflow's own code
(``airflow.api_fastapi.core_api.security.get_user``: the ``Authorization:
Bearer`` JWT or the ``_token`` session cookie) and then the auth manager
(may this user see the website?). A browser without a session is redirected
to the Airflow login, an API client gets 401; neither gets data.

Needs FastAPI and Jinja2 (the ``airflow`` extra); the rest of the package does not.
"""

# No `from __future__ import annotations`: FastAPI must see the route signatures
# (which use names local to create_app) as real objects, not strings.
import datetime as dt
import html
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError, ProgrammingError

from pipeline import contacts_view as view
from pipeline.config import STATUSES, Settings, check_partial_date, load_settings

log = logging.getLogger(__name__)

UserDependency = Callable[..., Awaitable[Any]]


class LoginRequired(Exception):
    """No valid Airflow session: a browser goes to the login page, an API client gets 401."""

    def __init__(self, login_url: str | None) -> None:
        super().__init__("login required")
        self.login_url = login_url


# ----------------------------------------------------------------- auth (Airflow)


async def airflow_user(request: Request) -> Any:
    """The logged-in Airflow user of this request, checked the way Airflow's own API checks it.

    Raises :class:`LoginRequired` without a valid token (missing, expired,
    forged) and 403 when the auth manager does not let the user see the website.
    """
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import AccessView
    from airflow.api_fastapi.core_api.security import bearer_scheme, get_user

    try:
        credentials = await bearer_scheme(request)
        user = await get_user(request, None, credentials)
    except HTTPException as exc:
        if exc.status_code in (401, 403):
            next_url = str(request.url)
            raise LoginRequired(get_auth_manager().get_url_login(next_url=next_url)) from exc
        raise
    if not get_auth_manager().is_authorized_view(access_view=AccessView.WEBSITE, user=user):
        raise HTTPException(status_code=403, detail="not allowed to view the Contacts page")
    return user


# ------------------------------------------------------------------------ the app


def _settings_loader(config_dir: Callable[[], Path]) -> Callable[[], Settings]:
    cache: dict[str, Any] = {}

    def load() -> Settings:
        # Re-read settings.yaml when it (or the folder) changes, without restarting the API server.
        directory = config_dir()
        path = directory / "settings.yaml"
        stamp = (str(directory), path.stat().st_mtime_ns if path.exists() else None)
        if cache.get("stamp") != stamp:
            cache["settings"] = load_settings(directory)
            cache["stamp"] = stamp
        return cache["settings"]  # type: ignore[no-any-return]

    return load


def _clean_date(value: str | None, name: str) -> str | None:
    value = (value or "").strip() or None
    try:
        return check_partial_date(value)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"{name}: {exc}") from exc


def event_filter(
    candidate: str | None = None,
    leader: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> view.EventFilter:
    """The page's filters from the query string (a FastAPI dependency); 422 on a bad status or date."""
    status = (status or "").strip() or None
    if status and status not in STATUSES:
        raise HTTPException(status_code=422, detail=f"status must be one of {', '.join(STATUSES)}")
    return view.EventFilter(
        candidate=(candidate or "").strip() or None,
        leader=(leader or "").strip() or None,
        status=status,
        date_from=_clean_date(date_from, "date_from"),
        date_to=_clean_date(date_to, "date_to"),
    )


def create_app(config_dir: Callable[[], Path], require_user: UserDependency = airflow_user) -> FastAPI:
    """The Contacts app; ``config_dir()`` gives the config folder (and so the leaderwatch database)."""
    settings = _settings_loader(config_dir)
    User = Annotated[Any, Depends(require_user)]
    Filter = Annotated[view.EventFilter, Depends(event_filter)]
    app = FastAPI(title="leaderwatch contacts", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if exc.login_url and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(exc.login_url, status_code=303)
        return JSONResponse({"detail": "Not authenticated"}, status_code=401)

    @app.get("/", response_class=HTMLResponse)
    def contacts_page(
        user: User,
        flt: Filter,
        outbox: Annotated[str | None, Query(pattern="^(pending|failed|sent|digested|suppressed)$")] = None,
    ) -> HTMLResponse:
        data = _page_data(settings(), flt, outbox)
        data["user"] = getattr(user, "get_name", lambda: "")()
        return HTMLResponse(render_page(data), headers=_NO_STORE)

    @app.get("/api/events")
    def events_json(
        user: User,
        flt: Filter,
    ) -> JSONResponse:
        from pipeline.store import session_scope

        with session_scope(settings().database_url) as session:
            rows = view.events(session, flt)
        payload = [{**asdict(r), "alert_state": r.alert_state} for r in rows]
        return JSONResponse(_jsonable(payload), headers=_NO_STORE)

    return app


# Pages carry analysts' data: never let a shared cache keep them.
_NO_STORE = {"Cache-Control": "no-store"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _page_data(settings: Settings, flt: view.EventFilter, outbox_state: str | None) -> dict[str, Any]:
    from pipeline.store import session_scope

    data: dict[str, Any] = {"filter": flt, "outbox_state": outbox_state, "statuses": STATUSES}
    try:
        with session_scope(settings.database_url) as session:
            data["counts"] = view.store_counts(session)
            data["choices"] = view.filter_choices(session)
            data["events"] = view.events(session, flt)
            data["feeds"] = view.feed_health(session)
            data["outbox"] = view.outbox(session, outbox_state)
            data["outbox_counts"] = view.outbox_counts(session)
            points, data["undated"] = view.timeline(session, flt)
            data["timeline_svg"] = timeline_svg(points)
    except (OperationalError, ProgrammingError) as exc:
        # No tables yet: the monitor's first run creates them.
        log.warning("contacts page: database not ready: %s", exc)
        data["not_ready"] = True
    return data


# --------------------------------------------------------------------- rendering

STATUS_COLOURS = {"occurred": "#1b7f3b", "planned": "#1f5fbf", "cancelled": "#b0362b", "alleged": "#b9770e"}


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def timeline_svg(points: list[view.TimelinePoint]) -> str:
    """Contacts per candidate per month as an inline SVG: one row per candidate, one dot per month.

    A dot's area grows with the number of contacts; its colour is the most
    frequent status; its tooltip gives the counts. Every label is escaped here
    because the SVG is inserted into the page as markup.
    """
    if not points:
        return ""
    months = sorted({p.month for p in points})
    first, last = _month_index(months[0]), _month_index(months[-1])
    span = max(last - first, 1)
    candidates = sorted({p.candidate for p in points})
    left, right, top, row_h = 150, 20, 20, 36
    width = 900
    inset = 16  # keeps the biggest dot clear of the labels and the edge
    plot_w = width - left - right - 2 * inset
    height = top + row_h * len(candidates) + 40
    biggest = max(p.count for p in points)

    def x_of(month: str) -> float:
        if last == first:
            return left + inset + plot_w / 2
        return left + inset + plot_w * (_month_index(month) - first) / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="contacts per candidate per month">'
    ]
    for row, candidate in enumerate(candidates):
        y = top + row_h * row + row_h / 2
        parts.append(
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" class="label">{_esc(candidate)}</text>'
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
    for label_month in _axis_months(months[0], months[-1]):
        x = x_of(label_month)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" class="axis">{_esc(label_month)}</text>'
        )
    for p in points:
        y = top + row_h * candidates.index(p.candidate) + row_h / 2
        radius = 3 + 11 * math.sqrt(p.count / biggest)
        status = max(p.statuses.items(), key=lambda kv: (kv[1], kv[0]))[0]
        colour = STATUS_COLOURS.get(status, "#666")
        detail = ", ".join(f"{n} {s}" for s, n in sorted(p.statuses.items()))
        title = f"{p.candidate}, {p.month}: {p.count} contact{'s' if p.count != 1 else ''} ({detail})"
        parts.append(
            f'<circle cx="{x_of(p.month):.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
            f'fill-opacity="0.75"><title>{_esc(title)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _month_index(month: str) -> int:
    year, mon = month.split("-")[:2]
    return int(year) * 12 + int(mon) - 1


def _axis_months(first: str, last: str, max_labels: int = 8) -> list[str]:
    a, b = _month_index(first), _month_index(last)
    step = max(1, math.ceil((b - a + 1) / max_labels))
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(a, b + 1, step)]


def _fmt_dt(value: dt.datetime | None) -> str:
    if value is None:
        return "–"
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _safe_href(url: str | None) -> str | None:
    """Only http(s) URLs become links: a feed must not be able to plant a javascript: link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _query(flt: view.EventFilter, **extra: str | None) -> str:
    params = {
        "candidate": flt.candidate,
        "leader": flt.leader,
        "status": flt.status,
        "date_from": flt.date_from,
        "date_to": flt.date_to,
        **extra,
    }
    return "?" + urlencode({k: v for k, v in params.items() if v})


_ENV = jinja2.Environment(
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
)
_ENV.filters["dt"] = _fmt_dt
_ENV.globals["safe_href"] = _safe_href
_ENV.globals["query"] = _query
_ENV.globals["colours"] = STATUS_COLOURS

PAGE = _ENV.from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leaderwatch · Contacts</title>
<style>
  :root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #d8dce4; --bg: #fff; --chip: #eef1f6; }
  @media (prefers-color-scheme: dark) {
    :root { --fg: #e6e9ef; --muted: #9aa3b5; --line: #394150; --bg: #151a23; --chip: #232a36; }
  }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
         background: var(--bg); margin: 0; padding: 16px 24px 48px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
  .muted { color: var(--muted); }
  form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin: 12px 0; }
  form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
  select, input, button { font: inherit; padding: 4px 6px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  .status { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
  .chip { display: inline-block; padding: 1px 8px; border-radius: 10px; background: var(--chip); font-size: 12px; }
  .chip.failed, .chip.bad { background: #b0362b; color: #fff; }
  .chip.pending { background: #b9770e; color: #fff; }
  .chip.sent, .chip.ok { background: #1b7f3b; color: #fff; }
  details > summary { cursor: pointer; color: var(--muted); }
  blockquote { margin: 4px 0 8px; padding-left: 10px; border-left: 3px solid var(--line); }
  ul.sources { margin: 6px 0; padding-left: 18px; }
  svg.timeline { width: 100%; max-width: 900px; height: auto; }
  svg .label { font-size: 13px; fill: var(--fg); } svg .axis { font-size: 11px; fill: var(--muted); }
  svg .grid { stroke: var(--line); }
  .legend span { margin-right: 12px; font-size: 12px; }
  nav a { margin-right: 10px; }
</style>
</head>
<body>
<h1>Contacts</h1>
<div class="muted">candidates and foreign leaders, as found in the news{% if user %} · signed in as {{ user }}{% endif %}</div>
{% if not_ready is defined %}
<p>The leaderwatch database has no tables yet: the first run of the <code>leaderwatch_monitor</code> DAG creates them.</p>
{% else %}
<div class="muted">{{ counts.events }} events · {{ counts.articles }} articles · {{ counts.feeds }} feeds</div>

<form class="filters" method="get">
  <label>Candidate
    <select name="candidate"><option value="">all</option>
    {% for c in choices.candidates %}<option{% if c == filter.candidate %} selected{% endif %}>{{ c }}</option>{% endfor %}
    </select></label>
  <label>Leader
    <select name="leader"><option value="">all</option>
    {% for l in choices.leaders %}<option{% if l == filter.leader %} selected{% endif %}>{{ l }}</option>{% endfor %}
    </select></label>
  <label>Status
    <select name="status"><option value="">all</option>
    {% for s in statuses %}<option{% if s == filter.status %} selected{% endif %}>{{ s }}</option>{% endfor %}
    </select></label>
  <label>Date from <input name="date_from" placeholder="YYYY-MM-DD" size="10" value="{{ filter.date_from or '' }}"></label>
  <label>Date to <input name="date_to" placeholder="YYYY-MM-DD" size="10" value="{{ filter.date_to or '' }}"></label>
  <button type="submit">Filter</button>
  {% if filter.active %}<a href="?">clear</a>{% endif %}
</form>

<h2>Timeline</h2>
{% if timeline_svg %}
<div class="legend">{% for s, c in colours.items() %}<span><svg width="10" height="10"><circle cx="5" cy="5" r="5" fill="{{ c }}"/></svg> {{ s }}</span>{% endfor %}</div>
{{ timeline_svg | safe }}
{% else %}<p class="muted">No dated contacts to chart.</p>{% endif %}
{% if undated %}<p class="muted">{{ undated }} undated event{{ "s" if undated != 1 else "" }} not charted.</p>{% endif %}

<h2>Events <span class="muted">({{ events | length }}{% if events | length >= 200 %}, most recent shown{% endif %})</span></h2>
{% if events %}
<table class="events">
<thead><tr><th>Date</th><th>Candidate ⇄ leader</th><th>Kind</th><th>Status</th><th>Alert</th><th>Sources</th><th>Last seen</th></tr></thead>
<tbody>
{% for e in events %}
<tr id="event-{{ e.id }}">
  <td>{{ e.date or "undated" }}</td>
  <td><strong>{{ e.candidate }}</strong> ⇄ <strong>{{ e.leader }}</strong>{% if e.country %} <span class="muted">({{ e.country }})</span>{% endif %}
    <details><summary>details</summary>
      {% if e.summary %}<p>{{ e.summary }}</p>{% endif %}
      <ul class="sources">
      {% for s in e.sources %}
        <li>{% set href = safe_href(s.url) %}{% if href %}<a href="{{ href }}" rel="noopener noreferrer" target="_blank">{{ s.title or s.url }}</a>{% else %}{{ s.title or s.url }}{% endif %}
          <span class="muted">{{ s.outlet or "" }} · {{ s.published_at | dt }} · says {{ s.status }}{% if s.date %}, {{ s.date }}{% endif %}</span>
          <blockquote>{{ s.evidence }}</blockquote></li>
      {% endfor %}
      </ul>
      {% for a in e.alerts %}
        <div class="muted">alert #{{ a.id }} {{ a.type }} ({{ a.change }}): <span class="chip {{ a.state }}">{{ a.state }}</span>{% if a.sent_at %} at {{ a.sent_at | dt }}{% endif %}{% if a.error %} · {{ a.error }}{% endif %}</div>
      {% endfor %}
    </details></td>
  <td>{{ e.kind }}</td>
  <td><span class="status" style="background: {{ colours.get(e.status, '#666') }}">{{ e.status }}</span></td>
  <td><span class="chip {{ e.alert_state }}">{{ e.alert_state }}</span></td>
  <td>{{ e.sources | length }}</td>
  <td>{{ e.last_seen_at | dt }}</td>
</tr>
{% endfor %}
</tbody></table>
{% else %}<p class="muted">No events{% if filter.active %} match these filters{% endif %}.</p>{% endif %}

<h2>Feed health</h2>
{% if feeds %}
<table class="feeds">
<thead><tr><th>Feed</th><th>Health</th><th>Last check</th><th>Last success</th><th>HTTP</th><th>Failures in a row</th><th>Entries</th><th>Error / warning</th></tr></thead>
<tbody>
{% for f in feeds %}
<tr>
  <td>{{ f.name or "" }}<div class="muted">{{ f.url }}</div></td>
  <td>{% if not f.enabled %}<span class="chip">disabled</span>{% elif f.healthy %}<span class="chip ok">ok</span>{% else %}<span class="chip bad">failing</span>{% endif %}</td>
  <td>{{ f.last_checked_at | dt }}</td><td>{{ f.last_success_at | dt }}</td>
  <td>{{ f.last_status if f.last_status is not none else "–" }}</td>
  <td>{{ f.consecutive_failures }}</td><td>{{ f.entries_seen }}</td>
  <td>{{ f.last_error or "" }}{% if f.last_warning %}<div class="muted">{{ f.last_warning }}</div>{% endif %}</td>
</tr>
{% endfor %}
</tbody></table>
{% else %}<p class="muted">No feeds polled yet.</p>{% endif %}

<h2>Alert outbox</h2>
<nav>
  <a href="{{ query(filter) }}">all</a>
  {% for s, n in outbox_counts.items() %}<a href="{{ query(filter, outbox=s) }}">{{ s }} ({{ n }})</a>{% endfor %}
</nav>
{% if outbox %}
<table class="outbox">
<thead><tr><th>#</th><th>Event</th><th>Type</th><th>State</th><th>Mode</th><th>Attempts</th><th>Created</th><th>Sent</th><th>Reason</th></tr></thead>
<tbody>
{% for a in outbox %}
<tr>
  <td>{{ a.id }}</td>
  <td><a href="#event-{{ a.event_id }}">{{ a.candidate }} ⇄ {{ a.leader }}</a></td>
  <td>{{ a.type }}{% if a.change != a.type %} <span class="muted">{{ a.change }}</span>{% endif %}</td>
  <td><span class="chip {{ a.state }}">{{ a.state }}</span></td>
  <td>{{ a.mode }}</td><td>{{ a.attempts }}</td>
  <td>{{ a.created_at | dt }}</td><td>{{ a.sent_at | dt }}</td>
  <td>{{ a.error or "" }}</td>
</tr>
{% endfor %}
</tbody></table>
{% else %}<p class="muted">No alerts{% if outbox_state %} in state {{ outbox_state }}{% endif %}.</p>{% endif %}
{% endif %}
</body>
</html>
"""
)


def render_page(data: dict[str, Any]) -> str:
    return PAGE.render(**data)
