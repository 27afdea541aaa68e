"""Settings from ACCUEIL_* environment variables, one class per profile."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar


def instance_dir() -> Path:
    """Where the database and the session key live (ACCUEIL_INSTANCE_DIR, else ./instance)."""
    return Path(os.environ.get("ACCUEIL_INSTANCE_DIR") or Path.cwd() / "instance")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"ACCUEIL_{name}")
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


ASYNC_MODES = ("gevent", "eventlet", "threading")


class ConfigError(ValueError):
    """An ACCUEIL_* variable holds a value its setting cannot take (the message says which)."""


def _from_text(default: Any, text: str) -> Any:
    """An environment value read the way its default is typed (a flag is on unless "off")."""
    if isinstance(default, bool):
        return text != "off"
    if isinstance(default, int | float):
        return type(default)(text)
    return text


def _secret_key(folder: Path) -> str:
    """A stable key per instance folder, so agent sessions survive a restart."""
    explicit = _env("SECRET_KEY")
    if explicit:
        return explicit
    path = folder / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


class Config:
    """Defaults as class attributes; an ACCUEIL_<NAME> variable changes one of FROM_ENVIRONMENT
    when the configuration is built (create_app, the CLI), never at import."""

    TESTING = False
    SITE_CODE: str | None = None  # unset: the site `accueil init` created
    TIMEZONE = "Europe/Paris"
    ASYNC_MODE = "gevent"
    MESSAGE_QUEUE: str | None = None
    PUBLIC_URL: str | None = None  # base of tracking URLs when behind a proxy
    # Without a public address, a request's Host header gives links only if it is one of these.
    ALLOWED_HOSTS = "localhost,127.0.0.1,::1"
    # How many reverse proxies stand in front: their X-Forwarded-* headers are believed (0: none).
    TRUSTED_PROXIES = 0
    # A JSON timetable ({"lundi": ["09:00-12:30", ...]}), "always", or unset for the default.
    OPENING_HOURS: str | None = None
    DISPLAY_VOLUME = 0.8  # waiting-room chime and voice, 0..1
    ITINERANT_FIFTH_WEEK = "none"  # "A", "B" or "none" (no tour)

    # Ticket printers: peak-mode suggestion thresholds, status polling, how long a kiosk waits.
    PEAK_SUGGEST_WAITING = 8
    PEAK_SUGGEST_ARRIVALS_PER_15_MIN = 12
    # A half-hour the forecast expects this many arrivals in is a peak (console, suggestion).
    PEAK_FORECAST_ARRIVALS_PER_30_MIN = 8.0
    PRINTER_POLL_SECONDS = 5.0
    PRINT_WAIT_SECONDS = 2.0
    PRINT_GIVE_UP_SECONDS = 120.0  # a late ticket is useless
    PRINTING_AUTOSTART = True  # printing starts with serving
    DEMO_PRINTER = True  # `accueil demo` starts an emulated printer
    DEMO_PRINTER_PORT = 9100  # …listening here (another free port if taken)

    # Privacy: a database error never prints its SQL parameters (a visitor's phone number…).
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"hide_parameters": True}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "accueil_session"
    AGENT_IDLE_MINUTES = 30
    # How often each process closes the sockets of sessions ended elsewhere or gone idle.
    AGENT_SOCKET_SWEEP_SECONDS = 30.0
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 1  # the first lockout of a device; each next one doubles

    # Per kiosk (client address): a runaway loop is stopped, a rush of one a second is not.
    TICKET_RATE_LIMIT = "10 per 5 seconds"
    IDEA_RATE_LIMIT = "3 per minute;20 per hour"  # per kiosk or phone: a wall, not a chat
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True

    # A ticket called by an agent who is gone (signed out, deactivated, idle) returns to the
    # line after this long, announced; checked every UNANSWERED_CHECK_SECONDS.
    UNANSWERED_CALL_MINUTES = 3.0
    UNANSWERED_CHECK_SECONDS = 30.0
    UNANSWERED_AUTOSTART = True

    # Signs this process's print jobs (two processes sharing an instance folder need two names).
    PROCESS_NAME: str | None = None

    # /metrics answers this bearer token (or a signed-in administrator).
    METRICS_TOKEN: str | None = None

    # What a public screen may send on its Socket.IO connection: a burst, then this many a second.
    SOCKET_EVENTS_BURST = 20
    SOCKET_EVENTS_PER_SECOND = 1.0
    # The kiosk's screens: idle time before the warning, the warning (20 s at least, RGAA), and
    # how long a ticket stays on screen.
    KIOSK_IDLE_SECONDS = 60
    KIOSK_WARNING_SECONDS = 20
    KIOSK_TICKET_SECONDS = 30

    # Snapshots of the line are coalesced: a rush of tickets makes one refresh per window.
    QUEUE_CHANGED_DELAY_SECONDS = 0.05

    # Privacy: the purge (call-back numbers, checklists, visit details past each site's
    # `retention_months`, default 12) runs inside the server at start and then this often.
    RETENTION_AUTOSTART = True
    RETENTION_INTERVAL_HOURS = 6.0

    # The itinerant laptop: its central server and credential (else those `accueil init` saved),
    # and how often it pushes its visits there in the background.
    CENTRAL_URL: str | None = None
    SYNC_TOKEN: str | None = None
    SYNC_INTERVAL_SECONDS = 300.0
    SYNC_AUTOSTART = True

    WORKSTATIONS = 4  # self-service computers, numbered from 1

    MAX_PRIORITY_STREAK = 2
    STARVATION_MINUTES = 15
    APPOINTMENT_EARLY_MINUTES = 5
    # Checked in more than this after the start: flagged late, waits without the priority.
    APPOINTMENT_LATE_MINUTES = 15
    # A minibus seat to the Moissac permanences is booked at least this many days ahead.
    MINIBUS_DAYS_AHEAD = 7

    # apiflask: one JSON error shape, 400 for bad input, no docs UI (it would load a CDN).
    VALIDATION_ERROR_STATUS_CODE = 400
    VALIDATION_ERROR_DESCRIPTION = "Données invalides (voir le détail par champ)"
    SPEC_FORMAT = "json"
    INFO: ClassVar[dict[str, str]] = {
        "description": "Accueil queue API: tickets, calls, agents. Errors are always JSON."
    }

    # The settings an ACCUEIL_<NAME> variable may change (ACCUEIL_SITE for SITE_CODE).
    FROM_ENVIRONMENT: ClassVar[tuple[str, ...]] = (
        "SITE_CODE",
        "TIMEZONE",
        "ASYNC_MODE",
        "MESSAGE_QUEUE",
        "PUBLIC_URL",
        "ALLOWED_HOSTS",
        "METRICS_TOKEN",
        "PROCESS_NAME",
        "UNANSWERED_CALL_MINUTES",
        "UNANSWERED_CHECK_SECONDS",
        "UNANSWERED_AUTOSTART",
        "SOCKET_EVENTS_BURST",
        "KIOSK_IDLE_SECONDS",
        "KIOSK_WARNING_SECONDS",
        "KIOSK_TICKET_SECONDS",
        "SOCKET_EVENTS_PER_SECOND",
        "TRUSTED_PROXIES",
        "OPENING_HOURS",
        "DISPLAY_VOLUME",
        "ITINERANT_FIFTH_WEEK",
        "PEAK_SUGGEST_WAITING",
        "PEAK_SUGGEST_ARRIVALS_PER_15_MIN",
        "PEAK_FORECAST_ARRIVALS_PER_30_MIN",
        "PRINTER_POLL_SECONDS",
        "PRINT_WAIT_SECONDS",
        "PRINT_GIVE_UP_SECONDS",
        "PRINTING_AUTOSTART",
        "DEMO_PRINTER",
        "DEMO_PRINTER_PORT",
        "AGENT_IDLE_MINUTES",
        "LOGIN_MAX_FAILURES",
        "LOGIN_LOCKOUT_MINUTES",
        "TICKET_RATE_LIMIT",
        "IDEA_RATE_LIMIT",
        "QUEUE_CHANGED_DELAY_SECONDS",
        "WORKSTATIONS",
        "MAX_PRIORITY_STREAK",
        "STARVATION_MINUTES",
        "APPOINTMENT_EARLY_MINUTES",
        "APPOINTMENT_LATE_MINUTES",
        "MINIBUS_DAYS_AHEAD",
        "RETENTION_AUTOSTART",
        "RETENTION_INTERVAL_HOURS",
        "CENTRAL_URL",
        "SYNC_TOKEN",
        "SYNC_INTERVAL_SECONDS",
        "SYNC_AUTOSTART",
    )
    VARIABLE_NAMES: ClassVar[dict[str, str]] = {"SITE_CODE": "SITE"}

    def __init__(self) -> None:
        self.read_environment()
        folder = instance_dir()
        self.SECRET_KEY = _secret_key(folder)
        self.SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{folder / 'accueil.db'}")
        self.RATELIMIT_STORAGE_URI = self.MESSAGE_QUEUE or "memory://"

    def read_environment(self) -> None:
        """Apply the ACCUEIL_* variables set now (an empty one counts as unset)."""
        for name in self.FROM_ENVIRONMENT:
            variable = self.VARIABLE_NAMES.get(name, name)
            text = _env(variable)
            if text is None:
                continue
            default = getattr(self, name)
            try:
                value = _from_text(default, text)
            except ValueError:
                kind = "un nombre entier" if isinstance(default, int) else "un nombre (ex. 0.5)"
                raise ConfigError(f"ACCUEIL_{variable} : « {text} » n'est pas {kind}") from None
            setattr(self, name, value)
        if self.ASYNC_MODE not in ASYNC_MODES:
            raise ConfigError(
                f"ACCUEIL_ASYNC_MODE : « {self.ASYNC_MODE} » inconnu "
                f"(au choix : {', '.join(ASYNC_MODES)})"
            )


class TestConfig(Config):
    """The defaults and the test settings below, whatever the environment says."""

    TESTING = True
    QUEUE_CHANGED_DELAY_SECONDS = 0.0  # synchronous, so tests read what was emitted at once
    ASYNC_MODE = "threading"
    RATELIMIT_ENABLED = False
    PRINTING_AUTOSTART = False  # tests start (and stop) the printing runtime themselves
    RETENTION_AUTOSTART = False  # tests run the purge themselves
    UNANSWERED_AUTOSTART = False  # tests run the check themselves
    SYNC_AUTOSTART = False  # tests run the sync themselves
    AGENT_SOCKET_SWEEP_SECONDS = 0.0  # tests sweep themselves

    def __init__(self, **overrides: Any) -> None:
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.RATELIMIT_STORAGE_URI = "memory://"
        for key, value in overrides.items():
            setattr(self, key, value)
