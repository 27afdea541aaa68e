"""No personal data in the server's logs: database errors without their parameters, and the
access log without tracking tokens."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server.access_log import mask_secrets
from server.extensions import db
from tests.live import LiveServer

PHONE = "0612345678"
TOKEN = "Zk3vQp9XwL2mN7rT5yB8cD"


def test_a_failing_statement_does_not_print_the_phone_number_it_carried(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("accueil.errors")
    with app.app_context(), caplog.at_level(logging.ERROR):
        with pytest.raises(DBAPIError) as failure:
            db.session.execute(
                text("INSERT INTO no_such_table (phone) VALUES (:phone)"), {"phone": PHONE}
            )
        logger.error("database error", exc_info=failure.value)
        db.session.rollback()
    assert "no_such_table" in caplog.text  # the error is logged…
    assert PHONE not in caplog.text and PHONE not in str(failure.value)  # …not the number


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f'"GET /t/{TOKEN} HTTP/1.1" 200', '"GET /t/*** HTTP/1.1" 200'),
        (f"GET /api/v1/tickets/by-token/{TOKEN}/cancel", "GET /api/v1/tickets/by-token/***/cancel"),
        (f"GET /kiosk/qr/{TOKEN}.svg", "GET /kiosk/qr/***.svg"),
        (f"GET /c/{TOKEN}", "GET /c/***"),
        (f"GET /rdv/{TOKEN}", "GET /rdv/***"),
        (f"GET /agenda/{TOKEN}.ics", "GET /agenda/***.ics"),
        (f"GET /socket.io/?EIO=4&token={TOKEN}&t=1", "GET /socket.io/?EIO=4&token=***&t=1"),
        # A sign-in or a new agent's form sent before its script (a GET): the PIN stays out.
        ("GET /admin?login=claire&pin=2468 HTTP/1.1", "GET /admin?login=claire&pin=*** HTTP/1.1"),
        ("GET /admin/agents?new_pin=2580&again=2580", "GET /admin/agents?new_pin=***&again=***"),
        ("GET /api/v1/queue HTTP/1.1", "GET /api/v1/queue HTTP/1.1"),
    ],
)
def test_secrets_in_request_lines_are_masked(line: str, masked: str) -> None:
    assert mask_secrets(line) == masked


@pytest.mark.slow
def test_the_servers_access_log_never_holds_a_tracking_token(tmp_path: Path) -> None:
    server = LiveServer(tmp_path, command="serve")
    subprocess.run(
        [sys.executable, "-m", "server", "db", "upgrade"],
        env=server.env,
        cwd=server.workdir,
        check=True,
        capture_output=True,
    )
    with server:
        for path in (f"/t/{TOKEN}", f"/api/v1/tickets/by-token/{TOKEN}", f"/kiosk/qr/{TOKEN}.svg"):
            requests.get(server.url + path, timeout=10)
        requests.get(server.url + "/api/v1/queue", timeout=10)
    log = server.log.read_text()
    assert "GET /t/*** HTTP/1.1" in log  # the request is logged…
    assert TOKEN not in log  # …without its token


def test_an_unexpected_error_on_a_tracking_link_logs_the_path_without_its_token(
    app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import server.api.tickets as tickets_api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(tickets_api, "ticket_by_token", broken)
    with caplog.at_level(logging.ERROR, logger="accueil.errors"):
        response = app.test_client().get(f"/api/v1/tickets/by-token/{TOKEN}")
    assert response.status_code == 500
    assert "/api/v1/tickets/by-token/***" in caplog.text
    assert TOKEN not in caplog.text
