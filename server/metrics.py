"""Prometheus metrics of one server process (`GET /metrics`) and its health (`GET /healthz`).

Counted where things happen once: committed domain events as they are published (tickets,
calls, waits), the spooler's outcomes (print jobs), the Socket.IO namespaces (connected
screens), and every HTTP request (latency by route). Each process has its own registry: with
several processes, Prometheus scrapes each one (the figures add up).

`/metrics` answers a bearer token (`ACCUEIL_METRICS_TOKEN`, `Authorization: Bearer …`) or a
signed-in administrator; `/healthz` is open (a load balancer asks it) and says nothing private.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

EXTENSION = "accueil.metrics"
WAIT_BUCKETS = (60, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, float("inf"))
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, float("inf"))

observability = Blueprint("observability", __name__)


class Metrics:
    """The process's instruments, in their own registry (one per app: tests build many)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.tickets = Counter(
            "accueil_tickets_issued",
            "Tickets issued, by site and service",
            ["site", "service"],
            registry=self.registry,
        )
        self.calls = Counter(
            "accueil_calls",
            "Tickets called to a counter (recall: announced again)",
            ["site", "recall"],
            registry=self.registry,
        )
        self.waits = Histogram(
            "accueil_wait_seconds",
            "Wait from arrival to the first call",
            ["site"],
            buckets=WAIT_BUCKETS,
            registry=self.registry,
        )
        self.print_jobs = Counter(
            "accueil_print_jobs",
            "Print jobs by outcome (printed, failed, not_printed_yet)",
            ["outcome"],
            registry=self.registry,
        )
        self.screens = Gauge(
            "accueil_connected_screens",
            "Socket.IO connections open now, by namespace",
            ["namespace"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "accueil_request_duration_seconds",
            "HTTP request latency by route",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )


def metrics(app: Any = None) -> Metrics | None:
    app = app or current_app
    found = app.extensions.get(EXTENSION)
    return found if isinstance(found, Metrics) else None


def count_events(events: Iterable[Any]) -> None:
    """Called by `publish` with the committed events."""
    from server.domain.events import TicketCalled, TicketIssued

    found = metrics()
    if found is None:
        return
    for event in events:
        if isinstance(event, TicketIssued):
            found.tickets.labels(event.site, event.service).inc()
        elif isinstance(event, TicketCalled):
            found.calls.labels(event.site, "yes" if event.recall else "no").inc()
            if not event.recall:
                _observe_wait(found, event)


def _observe_wait(found: Metrics, event: Any) -> None:
    from server.extensions import db
    from server.models import Visit

    visit = db.session.get(Visit, event.ticket_id)
    if visit is not None and visit.arrived_at is not None:
        found.waits.labels(event.site).observe(
            max(0.0, (event.called_at - visit.arrived_at).total_seconds())
        )


def count_print_outcome(app: Any, printed: bool, final: bool) -> None:
    found = metrics(app)
    if found is not None:
        outcome = "printed" if printed else "failed" if final else "not_printed_yet"
        found.print_jobs.labels(outcome).inc()


def screen_connected(namespace: str, delta: int) -> None:
    found = metrics()
    if found is not None:
        found.screens.labels(namespace).inc(delta)


def _started() -> None:
    g.accueil_started = time.perf_counter()


def _timed(response: Response) -> Response:
    found = metrics()
    started = g.get("accueil_started")
    if found is not None and started is not None:
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        found.latency.labels(request.method, route, str(response.status_code)).observe(
            time.perf_counter() - started
        )
    return response


def _allowed() -> bool:
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer "):
        return hmac.compare_digest(given.removeprefix("Bearer ").strip(), token)
    from server.context import require_admin

    require_admin()  # 401 anonymous, 403 an agent
    return True


@observability.get("/metrics")
def scrape() -> Any:
    """The process's metrics in the Prometheus text format."""
    found = metrics()
    if not _allowed() or found is None:
        return {"error": {"code": "forbidden", "message": "jeton invalide", "details": {}}}, 403
    return Response(generate_latest(found.registry), mimetype=CONTENT_TYPE_LATEST)


@observability.get("/healthz")
def health() -> Any:
    """200 when the database and the message queue (Redis, if configured) answer, else 503."""
    from sqlalchemy import text

    from server.extensions import db

    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        checks["database"] = "ok"
    except Exception as error:
        db.session.rollback()
        checks["database"] = f"error: {type(error).__name__}"
    queue = current_app.config.get("MESSAGE_QUEUE")
    if queue:
        try:
            import redis

            client = redis.Redis.from_url(str(queue), socket_timeout=1, socket_connect_timeout=1)
            try:
                client.ping()
            finally:
                client.close()
            checks["message_queue"] = "ok"
        except Exception as error:
            checks["message_queue"] = f"error: {type(error).__name__}"
    else:
        checks["message_queue"] = "not configured (one process)"
    healthy = all(not value.startswith("error") for value in checks.values())
    return {"status": "ok" if healthy else "unavailable", **checks}, 200 if healthy else 503


def install(app: Any) -> None:
    app.extensions[EXTENSION] = Metrics()
    app.before_request(_started)
    app.after_request(_timed)
    app.register_blueprint(observability)
