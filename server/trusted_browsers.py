"""The trusted-browser cookie: a browser where a login signed in before is trusted for that login.

Wrong PINs are counted per login and source (services/lockout.py). The source is this
browser when the login has already signed in from it — a signed, HttpOnly cookie the server
gave at that sign-in, so a stranger can neither forge nor borrow it — else the client's
address. A stranger's wrong PINs therefore lock out only their own device or address, never
the agent at their usual tablet; and a new cookie (cleared cookies, a private window) earns
no fresh guesses: without a sign-in behind it, it counts as the address.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Response, after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

DEVICE_COOKIE = "accueil_device"
MAX_AGE_SECONDS = 400 * 24 * 3600  # the longest a browser keeps a cookie
KEPT_LOGINS = 8  # a shared reception tablet: the last few agents who signed in there


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="accueil-device")


def _device() -> dict[str, Any] | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        device = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(device, dict) or not isinstance(device.get("logins"), list):
        return None
    return device


def sign_in_source(login: str) -> str:
    """Whom wrong PINs for this login are counted against: this trusted device, else the address."""
    device = _device()
    if device is not None and login in device["logins"]:
        return f"device:{device['id']}"[:80]
    return f"address:{request.remote_addr or 'unknown'}"[:80]


def remember_sign_in(login: str) -> None:
    """After a right PIN: this browser becomes a trusted device for the login."""
    device = _device() or {"id": secrets.token_urlsafe(16), "logins": []}
    logins = [known for known in device["logins"] if known != login] + [login]
    value = _serializer().dumps({"id": device["id"], "logins": logins[-KEPT_LOGINS:]})

    set_private_cookie(DEVICE_COOKIE, value, MAX_AGE_SECONDS, path="/api/v1/auth")


def set_private_cookie(name: str, value: str, max_age: int, path: str = "/") -> None:
    """Set a cookie on this request's answer that page scripts can't read (HttpOnly), sent back
    only by same-site navigation (Lax), and only over HTTPS when the request came that way."""

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path=path,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        return response
