"""Accueil: queue management and kiosk for France Services counters."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import jsonify
from werkzeug.exceptions import HTTPException

from server.config import Config, instance_dir


def create_app(config: Config | None = None, **collaborators: Any) -> APIFlask:
    """Build the application; `collaborators` replace the real clock (tests)."""
    from server.api import api
    from server.api.openapi import install as document_errors
    from server.calls_runtime import install as install_unanswered
    from server.database import configure_engine
    from server.extensions import db, limiter, socketio
    from server.guards import install as install_guards
    from server.locale import install as install_locale
    from server.metrics import install as install_metrics
    from server.pages import pages
    from server.printing_runtime import install as install_printing
    from server.realtime.namespaces import register_namespaces
    from server.retention_runtime import install as install_retention
    from server.security import install as install_security
    from server.security import socket_origin_check
    from server.services import site_team, situation_cache
    from server.services.clock import SystemClock
    from server.site_paths import SitePaths
    from server.sync_runtime import install as install_sync

    config = config or Config()
    app = APIFlask(
        __name__,
        title="Accueil API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        instance_path=str(instance_dir()),
    )
    app.config.from_object(config)
    install_guards(app)  # before any route: the bounded `int` converter compiles into the rules
    install_security(app)  # after the guards: cross-site changes refused, security headers
    app.wsgi_app = SitePaths(app.wsgi_app)  # type: ignore[method-assign]  # /s/<site>/…
    trust_proxies(app)  # outside the site paths: a proxy's prefix comes first
    app.extensions["accueil.clock"] = collaborators.get("clock") or SystemClock()

    install_locale(app)  # Flask-Babel: visitor pages and public API errors in their language
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
        # A site's situation is shared within the second; processes linked by a message queue
        # tell each other their writes (link_processes below).
        situation_cache.enable(db.engine, True)
        site_team.set_home(db.engine, app.config.get("SITE_CODE"))  # agents listing no site
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config.get("MESSAGE_QUEUE"),
        # A browser's socket only from our own pages (its Origin is checked, like a POST's).
        cors_allowed_origins=socket_origin_check(app),
        logger=False,
        engineio_logger=False,
        # The one liveness check: Engine.IO pings every 10 s; a client that misses a ping by 5 s
        # reconnects and gets a fresh snapshot (no app-level heartbeat, no periodic resync).
        ping_interval=app.config.get("PING_INTERVAL_SECONDS", 10),
        ping_timeout=app.config.get("PING_TIMEOUT_SECONDS", 5),
    )
    register_namespaces(socketio)
    if app.config.get("MESSAGE_QUEUE"):  # the other processes forget their catalogue too
        from server.services.process_cache import link_processes

        link_processes(app.config["MESSAGE_QUEUE"], socketio.start_background_task)

    app.register_blueprint(api)
    document_errors(app)
    app.register_blueprint(pages)
    install_metrics(app)  # /metrics (Prometheus) and /healthz
    register_front_ends(app)
    register_errors(app)
    install_printing(app)  # spooler and printer monitor, started with the first request
    install_retention(app)  # the privacy purge, on a schedule, started with the first request
    install_unanswered(app)  # calls left without an answer go back to the line
    install_sync(app)  # the itinerant laptop's push to its central server, in the background
    return app


def trust_proxies(app: APIFlask) -> None:
    """Behind N configured proxies, the client's address and scheme come from X-Forwarded-*."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
        )


def register_front_ends(app: APIFlask) -> None:
    from agent_console import console
    from back_office import back_office
    from display import display
    from kiosk import kiosk
    from server.agenda import agenda
    from server.followup import followup
    from stats import stats

    for blueprint in (kiosk, display, console, stats, back_office, agenda, followup):
        app.register_blueprint(blueprint)


def translated_message(error: Any) -> tuple[str, str]:
    """A visitor-facing error in the request's Accept-Language (Flask-Babel's locale) when it
    is translated, else the French message."""
    from kiosk.i18n import raw_catalogue
    from server.locale import asked_for_a_language, current_language, t

    key = error.key
    wanted = current_language()
    if key and asked_for_a_language() and key in raw_catalogue(wanted):
        return t(key), wanted
    return str(error.message), "fr"


def register_errors(app: APIFlask) -> None:
    """One error shape everywhere: {"error": {"code", "message", "details"}}."""
    from server.services.errors import ServiceError

    @app.error_processor
    def http_error(error: Any) -> Any:
        code = {
            400: "invalid_input",
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            429: "rate_limited",
        }
        body = {
            "error": {
                "code": code.get(error.status_code, "error"),
                "message": error.message,
                "details": error.detail or {},
            }
        }
        return body, error.status_code, error.headers

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> Any:
        message, language = translated_message(error)
        body = {"error": {"code": error.code, "message": message, "details": error.details}}
        return jsonify(body), error.status, {"Content-Language": language}

    @app.errorhandler(429)
    def rate_limited(error: HTTPException) -> Any:
        body = {
            "error": {
                "code": "rate_limited",
                "message": f"too many requests: {error.description}",
                "details": {},
            }
        }
        return jsonify(body), 429
