"""Security headers on every response, the Secure cookie over HTTPS, and templates the
Content-Security-Policy can run (no inline script, handler or style)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for path in ROOT.rglob("*.html")
    if "node_modules" not in path.parts and ".venv" not in path.parts
)


@pytest.mark.parametrize(
    "path",
    ["/", "/kiosk", "/console", "/admin", "/api/v1/queue", "/static/common/dom.js", "/nowhere"],
)
def test_every_response_carries_the_security_headers(client: Any, path: str) -> None:
    response = client.get(path)
    response.close()  # a static file's handle
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "connect-src 'self' ws://localhost wss://localhost" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_a_forged_host_cannot_write_into_the_policy(client: Any) -> None:
    policy = client.get("/", headers={"Host": "evil; script-src *"}).headers[
        "Content-Security-Policy"
    ]
    assert "script-src *" not in policy


def signed_in_cookies(app: Any, base_url: str) -> list[str]:
    response = app.test_client().post(
        "/api/v1/auth/login", json={"login": "demo1", "pin": "1234"}, base_url=base_url
    )
    assert response.status_code == 200
    return response.headers.getlist("Set-Cookie")


def test_cookies_are_secure_when_the_page_came_over_https(app: Any) -> None:
    cookies = signed_in_cookies(app, "https://localhost")
    assert len(cookies) == 2  # the session, and the trusted device
    assert all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


def test_cookies_work_over_plain_http_on_the_lan(app: Any) -> None:
    cookies = signed_in_cookies(app, "http://localhost")
    assert cookies and not any("Secure" in cookie for cookie in cookies)


def test_a_setting_forces_the_secure_flag(make_app: Any) -> None:
    app = make_app(SESSION_COOKIE_SECURE=True)
    session_cookie = [
        c for c in signed_in_cookies(app, "http://localhost") if "accueil_session" in c
    ]
    assert "Secure" in session_cookie[0]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_handler_or_style(template: Path) -> None:
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not HANDLER.search(text)
    assert "javascript:" not in text.lower()
    assert not STYLE_ATTRIBUTE.search(text)
    assert "<style" not in text.lower()


def test_the_template_scan_sees_every_screen() -> None:
    folders = {path.relative_to(ROOT).parts[0] for path in TEMPLATES}
    assert {"kiosk", "display", "agent_console", "back_office", "stats", "server"} <= folders
