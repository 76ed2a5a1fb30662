"""Typed configuration: the YAML files of the config folder, validated.

The config folder holds ``settings.yaml``, ``feeds.yaml``, ``watchlist.yaml`` and
``leaders.yaml``. Every file is validated with pydantic; a bad file raises
:class:`ConfigError` whose message names the file, the entry and the field, so an
operator can fix it without reading code. Secrets and URLs can be overridden
from the environment (see :data:`ENV_OVERRIDES`) so they never need to be
committed to YAML.

This module only reads and validates; it does not open databases or sockets.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

KINDS = ("meeting", "call", "message")
STATUSES = ("occurred", "planned", "cancelled", "alleged")
Kind = Literal["meeting", "call", "message"]
Status = Literal["occurred", "planned", "cancelled", "alleged"]

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")

DEFAULT_CONFIG_DIR = Path("config")

# Environment variable -> dotted settings path. Secrets and deployment URLs live
# in the environment (or an Airflow connection), never in the YAML files.
ENV_OVERRIDES: dict[str, str] = {
    "LEADERWATCH_DATABASE_URL": "database_url",
    "SLACK_BOT_TOKEN": "slack.token",
    "LEADERWATCH_SLACK_CHANNEL": "slack.channel",
    "LEADERWATCH_SLACK_OPS_CHANNEL": "slack.ops_channel",
    "LEADERWATCH_SLACK_BASE_URL": "slack.base_url",
    "LEADERWATCH_ALERT_MODE": "slack.mode",
    "LEADERWATCH_DRY_RUN_FILE": "slack.dry_run_file",
    "LEADERWATCH_SCHEDULE": "schedule",
}


class ConfigError(Exception):
    """A configuration file is missing, unreadable or invalid.

    The message always names the file, and where it can the entry and field.
    """


def _check_country_code(value: str) -> str:
    if not COUNTRY_RE.match(value):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code (two capital letters)")
    return value


# Quoted in YAML or not: an unquoted NO (Norway) reads as a boolean and fails here, by name.
CountryCode = Annotated[str, AfterValidator(_check_country_code)]


def check_partial_date(value: str | None) -> str | None:
    """Validate a YYYY, YYYY-MM or YYYY-MM-DD date string (real calendar dates only)."""
    if value is None:
        return None
    value = str(value)
    if not DATE_RE.match(value):
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"date {value!r} does not exist") from exc
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- settings.yaml


class HttpSettings(_Strict):
    user_agent: str = "leaderwatch/0.1 (+news monitoring; contact the operator)"
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(10.0, gt=0)
    deadline: float = Field(30.0, gt=0, description="overall seconds per request, body included")
    max_bytes: int = Field(10_000_000, gt=0, description="body size cap per response")
    max_redirects: int = Field(5, ge=0)
    per_host_concurrency: int = Field(2, ge=1)
    per_host_delay: float = Field(0.0, ge=0, description="seconds between requests to one host")
    extract_timeout: float = Field(20.0, gt=0, description="seconds allowed to extract one page")
    allow_hosts: tuple[str, ...] = Field(
        (), description="hosts or CIDR networks allowed even though private/loopback (tests, demo)"
    )


class SlackSettings(_Strict):
    token: str | None = None
    channel: str | None = None
    ops_channel: str | None = None
    base_url: str | None = None
    mode: Literal["auto", "live", "dry-run"] = "auto"
    dry_run_file: str = "var/alerts.jsonl"
    max_attempts_per_cycle: int = Field(50, ge=1)
    # How long a claimed alert belongs to the run that claimed it. Another run
    # leaves it alone meanwhile (that run may still be inside chat.postMessage);
    # after it, the claimer is taken for dead and the alert is looked up and
    # re-posted. It must exceed the longest chat.postMessage the client can
    # make: two HTTP attempts (the retry handlers share one retry) of up to
    # 15 s each plus the sleep before the retry, Retry-After on a 429 (seconds
    # to a minute for chat.postMessage), and the commit of the returned ts
    # (up to SQLite's 30 s busy timeout): about two minutes, so less is
    # refused. Ten minutes leaves room for a slower client (the Airflow hook's
    # timeout) and a longer Retry-After.
    claim_lease_seconds: int = Field(600, ge=120)
    # More `new` alerts than this waiting in one run (a first cycle on an empty
    # baseline, the end of a long outage) go out as one catch-up digest instead
    # of one message each; null: never.
    flood_threshold: int | None = Field(25, ge=1)

    @property
    def is_live(self) -> bool:
        """Live only with a token and a channel, unless dry-run is forced."""
        if self.mode == "dry-run":
            return False
        return bool(self.token and self.channel)


class Settings(_Strict):
    database_url: str = "sqlite:///var/leaderwatch.db"
    schedule: str = "*/15 * * * *"
    alert_mode: Literal["per-event", "digest"] = "per-event"
    # Statuses that raise a `new` alert; an update is always sent on a transition.
    alert_statuses: tuple[Status, ...] = STATUSES
    max_articles_per_cycle: int = Field(500, ge=1)
    http: HttpSettings = HttpSettings()
    slack: SlackSettings = SlackSettings()


# ------------------------------------------------------------------- feeds.yaml


class FeedConfig(_Strict):
    url: str
    name: str | None = None
    outlet: str | None = None
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v):
            raise ValueError(f"url {v!r} must be an http(s) URL")
        return v


class FeedsFile(_Strict):
    feeds: tuple[FeedConfig, ...] = ()


# --------------------------------------------------------------- watchlist.yaml


class DatedName(_Strict):
    """A description or a place that points to a candidate only between two dates."""

    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class Candidate(_Strict):
    name: str
    country: CountryCode = "US"
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    pronoun: Literal["he", "she", "they"] | None = None
    titles: tuple[str, ...] = Field((), description="descriptions news uses, e.g. 'the vice president'")
    dated_titles: tuple[DatedName, ...] = Field(
        (), description="descriptions valid between dates, e.g. 'the president' during a term"
    )
    places: tuple[DatedName, ...] = Field(
        (), description="the candidate's own venues: a leader's visit there is a meeting with the candidate"
    )


class WatchlistFile(_Strict):
    candidates: tuple[Candidate, ...]

    @model_validator(mode="after")
    def _unique(self) -> WatchlistFile:
        seen: set[str] = set()
        for c in self.candidates:
            if c.name in seen:
                raise ValueError(f"candidate {c.name!r} is listed twice")
            seen.add(c.name)
        return self


# ----------------------------------------------------------------- leaders.yaml


class Country(_Strict):
    code: CountryCode
    name: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


class Term(_Strict):
    title: str
    role: Literal["head_of_state", "head_of_government", "other"] = "head_of_state"
    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Term:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"term end {self.end} is before its start {self.start}")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Leader(_Strict):
    name: str
    country: CountryCode
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    pronoun: Literal["he", "she", "they"] | None = None


class LeadersFile(_Strict):
    countries: tuple[Country, ...] = ()
    leaders: tuple[Leader, ...]


# ---------------------------------------------------------------- baseline.yaml


class BaselineEvent(_Strict):
    """A contact already known before monitoring starts (same fields as a scenario baseline)."""

    candidate: str
    leader: str
    kind: Kind
    status: Status
    date: str | None = None
    country: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str | None:
        return check_partial_date(None if v is None else str(v))


class BaselineFile(_Strict):
    baseline: tuple[BaselineEvent, ...] = ()


# ----------------------------------------------------------------- whole config


@dataclass(frozen=True)
class AppConfig:
    """Everything the pipeline needs, loaded from one config folder."""

    directory: Path
    settings: Settings
    feeds: tuple[FeedConfig, ...]
    watchlist: tuple[Candidate, ...]
    leaders_file: LeadersFile
    baseline: tuple[BaselineEvent, ...] = ()

    @cached_property
    def leaders(self) -> tuple[Leader, ...]:
        return self.leaders_file.leaders

    @cached_property
    def countries(self) -> tuple[Country, ...]:
        return self.leaders_file.countries


# libyaml's loader reads leaders.yaml (~1,000 leaders) in 0.5 s instead of 2.7 s,
# a cost every CLI call and every Airflow task pays; same safe subset, same errors.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    if not path.exists():
        raise ConfigError(f"{path}: file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}: YAML syntax error{where}: {problem}") from exc
    if data is None:
        raise ConfigError(f"{path}: file is empty")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


def _describe_location(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'feeds[2] (name: X), field url'."""
    parts: list[str] = []
    node = data
    field = None
    for i, key in enumerate(loc):
        if isinstance(key, int) and isinstance(node, list):
            entry = node[key] if key < len(node) else None
            label = f"{loc[i - 1]}[{key}]" if i else f"[{key}]"
            if isinstance(entry, dict):
                ident = entry.get("name") or entry.get("url") or entry.get("code")
                if ident:
                    label += f" ({ident})"
            parts.append(label)
            node = entry
        else:
            field = key
            node = node.get(key) if isinstance(node, dict) else None
    where = ", ".join(parts)
    if field is not None and (not parts or str(loc[-1]) == str(field)):
        where = f"{where}, field {field!r}" if where else f"field {field!r}"
    return where or "top level"


def _validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling)"
            lines.append(f"{path}: {_describe_location(data, loc)}: {msg}")
        raise ConfigError("\n".join(lines)) from exc


def _set_dotted(data: dict[str, Any], dotted: str, value: str) -> None:
    node = data
    *parents, leaf = dotted.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value


def resolve_config_dir(path: str | os.PathLike[str] | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("LEADERWATCH_CONFIG")
    return Path(env) if env else DEFAULT_CONFIG_DIR


def load_settings(directory: Path, env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    path = directory / "settings.yaml"
    data: dict[str, Any] = _read_yaml(path) if path.exists() else {}
    for var, dotted in ENV_OVERRIDES.items():
        if env.get(var):
            _set_dotted(data, dotted, env[var])
    settings: Settings = _validate(Settings, data, path)
    # A relative SQLite path is relative to the config folder's parent (the
    # project root), so the CLI, the DAGs and the tests agree on one file.
    url = settings.database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and ":memory:" not in url:
        rel = url.removeprefix("sqlite:///")
        absolute = (directory.resolve().parent / rel).resolve()
        settings = settings.model_copy(update={"database_url": f"sqlite:///{absolute}"})
    dry = Path(settings.slack.dry_run_file)
    if not dry.is_absolute():
        slack = settings.slack.model_copy(
            update={"dry_run_file": str((directory.resolve().parent / dry).resolve())}
        )
        settings = settings.model_copy(update={"slack": slack})
    return settings


def load_config(path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None) -> AppConfig:
    """Load and validate the whole config folder; raise ConfigError naming what is wrong."""
    directory = resolve_config_dir(path)
    if not directory.is_dir():
        raise ConfigError(f"{directory}: config folder not found (use --config DIR or LEADERWATCH_CONFIG)")
    settings = load_settings(directory, env)
    feeds_path = directory / "feeds.yaml"
    feeds: FeedsFile = _validate(FeedsFile, _read_yaml(feeds_path), feeds_path)
    watch_path = directory / "watchlist.yaml"
    watch: WatchlistFile = _validate(WatchlistFile, _read_yaml(watch_path), watch_path)
    leaders_path = directory / "leaders.yaml"
    leaders: LeadersFile = _validate(LeadersFile, _read_yaml(leaders_path), leaders_path)
    baseline_path = directory / "baseline.yaml"
    baseline: tuple[BaselineEvent, ...] = ()
    if baseline_path.exists():
        baseline = _validate(BaselineFile, _read_yaml(baseline_path), baseline_path).baseline
    return AppConfig(
        directory=directory,
        settings=settings,
        feeds=feeds.feeds,
        watchlist=watch.candidates,
        leaders_file=leaders,
        baseline=baseline,
    )
