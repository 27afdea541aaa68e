"""Settings from ACCUEIL_* environment variables, one class per profile."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

INSTANCE_DIR = Path(os.environ.get("ACCUEIL_INSTANCE_DIR", Path.cwd() / "instance"))


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"ACCUEIL_{name}")
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def _secret_key() -> str:
    """A stable key per instance folder, so agent sessions survive a restart."""
    explicit = _env("SECRET_KEY")
    if explicit:
        return explicit
    path = INSTANCE_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


class Config:
    TESTING = False
    SITE_CODE = _env("SITE")  # unset: the site `accueil init` created
    TIMEZONE = _env("TIMEZONE", "Europe/Paris")
    ASYNC_MODE = _env("ASYNC_MODE", "gevent")
    MESSAGE_QUEUE = _env("MESSAGE_QUEUE")
    PUBLIC_URL = _env("PUBLIC_URL")  # base of tracking URLs when behind a proxy
    # How many reverse proxies stand in front: their X-Forwarded-* headers are believed (0: none).
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    # A JSON timetable ({"lundi": ["09:00-12:30", ...]}), "always", or unset for the default.
    OPENING_HOURS = _env("OPENING_HOURS")
    DISPLAY_VOLUME = float(_env("DISPLAY_VOLUME") or 0.8)  # waiting-room chime and voice, 0..1
    ITINERANT_FIFTH_WEEK = _env("ITINERANT_FIFTH_WEEK", "none")  # "A", "B" or "none" (no tour)

    # Ticket printers: peak-mode suggestion thresholds, status polling, how long a kiosk waits.
    PEAK_SUGGEST_WAITING = _int("PEAK_SUGGEST_WAITING", 8)
    PEAK_SUGGEST_ARRIVALS_PER_15_MIN = _int("PEAK_SUGGEST_ARRIVALS_PER_15_MIN", 12)
    # A half-hour the forecast expects this many arrivals in is a peak (console, suggestion).
    PEAK_FORECAST_ARRIVALS_PER_30_MIN = float(_env("PEAK_FORECAST_ARRIVALS_PER_30_MIN") or 8)
    PRINTER_POLL_SECONDS = float(_env("PRINTER_POLL_SECONDS") or 5)
    PRINT_WAIT_SECONDS = float(_env("PRINT_WAIT_SECONDS") or 2)
    PRINT_GIVE_UP_SECONDS = float(_env("PRINT_GIVE_UP_SECONDS") or 120)  # a late ticket is useless
    PRINTING_AUTOSTART = _env("PRINTING_AUTOSTART", "on") != "off"  # printing starts with serving
    DEMO_PRINTER = _env("DEMO_PRINTER", "on") != "off"  # `accueil demo` starts an emulated printer

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "accueil_session"
    AGENT_IDLE_MINUTES = _int("AGENT_IDLE_MINUTES", 30)
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCKOUT_MINUTES = _int("LOGIN_LOCKOUT_MINUTES", 5)

    # Per kiosk (client address): a runaway loop is stopped, a rush of one a second is not.
    TICKET_RATE_LIMIT = _env("TICKET_RATE_LIMIT", "10 per 5 seconds")
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True

    # Snapshots of the line are coalesced: a rush of tickets makes one refresh per window.
    QUEUE_CHANGED_DELAY_SECONDS = float(_env("QUEUE_CHANGED_DELAY_SECONDS", "0.05") or 0.05)

    # Privacy: the purge (call-back numbers, checklists, visit details past each site's
    # `retention_months`, default 12) runs inside the server at start and then this often.
    RETENTION_AUTOSTART = _env("RETENTION_AUTOSTART", "on") != "off"
    RETENTION_INTERVAL_HOURS = float(_env("RETENTION_INTERVAL_HOURS") or 6)

    WORKSTATIONS = _int("WORKSTATIONS", 4)  # self-service computers, numbered from 1

    MAX_PRIORITY_STREAK = _int("MAX_PRIORITY_STREAK", 2)
    STARVATION_MINUTES = _int("STARVATION_MINUTES", 15)
    APPOINTMENT_EARLY_MINUTES = _int("APPOINTMENT_EARLY_MINUTES", 5)
    # Checked in more than this after the start: flagged late, waits without the priority.
    APPOINTMENT_LATE_MINUTES = _int("APPOINTMENT_LATE_MINUTES", 15)
    # A minibus seat to the Moissac permanences is booked at least this many days ahead.
    MINIBUS_DAYS_AHEAD = _int("MINIBUS_DAYS_AHEAD", 7)

    # apiflask: one JSON error shape, 400 for bad input, no docs UI (it would load a CDN).
    VALIDATION_ERROR_STATUS_CODE = 400
    SPEC_FORMAT = "json"
    INFO: ClassVar[dict[str, str]] = {
        "description": "Accueil queue API: tickets, calls, agents. Errors are always JSON."
    }

    def __init__(self) -> None:
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _env(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'accueil.db'}"
        )
        self.RATELIMIT_STORAGE_URI = self.MESSAGE_QUEUE or "memory://"


class TestConfig(Config):
    TESTING = True
    QUEUE_CHANGED_DELAY_SECONDS = 0.0  # synchronous, so tests read what was emitted at once
    ASYNC_MODE = "threading"
    RATELIMIT_ENABLED = False
    PRINTING_AUTOSTART = False  # tests start (and stop) the printing runtime themselves
    RETENTION_AUTOSTART = False  # tests run the purge themselves

    def __init__(self, **overrides: Any) -> None:
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.RATELIMIT_STORAGE_URI = "memory://"
        for key, value in overrides.items():
            setattr(self, key, value)
