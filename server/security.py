"""Cross-site requests refused, and the security headers every response carries.

What changes something comes from this server's own pages.

A browser sends `Origin` (or at least `Referer`) with every POST, PUT, PATCH and DELETE; when
it names another site the request is refused with a 403, before any route runs. A body must be
JSON (400 otherwise): another site cannot send JSON to us without a CORS preflight we never
grant, so a plain form or `text/plain` post is refused whatever its origin. The rare page that
posts a real form (the first-run setup page) says so with `@accepts_form`; its `Origin` is
checked all the same. Socket.IO connections are checked by the same rule (see `create_app`).
Clients that are not browsers (the itinerant laptop's sync, scripts) send no `Origin` and are
judged by their credentials as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, has_request_context, jsonify, request
from flask.sessions import SecureCookieSessionInterface

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
View = TypeVar("View", bound=Callable[..., Any])


def accepts_form(view: View) -> View:
    """This page receives a real HTML form post (still only from one of our own pages)."""
    view.accepts_form = True  # type: ignore[attr-defined]
    return view


def _host_of(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # "null" (sandboxed frames, file: pages) is nobody's origin
    return parts.netloc.lower()


def our_hosts(environ: dict[str, Any], config: Any) -> set[str]:
    """The names this server answers to: the Host asked, the proxies' and the public URL's."""
    hosts = {str(environ.get("HTTP_HOST", "")).lower()}
    if int(config.get("TRUSTED_PROXIES") or 0) > 0:
        forwarded = str(environ.get("HTTP_X_FORWARDED_HOST", ""))
        hosts |= {name.strip().lower() for name in forwarded.split(",") if name.strip()}
    public = config.get("PUBLIC_URL")
    if public:
        hosts.add(_host_of(str(public)) or "")
    hosts.discard("")
    return hosts


def same_origin(url: str | None, environ: dict[str, Any], config: Any) -> bool:
    host = _host_of(url) if url else None
    return host is not None and host in our_hosts(environ, config)


def socket_origin_check(app: Flask) -> Callable[[str | None, dict[str, Any]], bool]:
    """For Socket.IO's `cors_allowed_origins`: a browser's socket only from our own pages."""

    def allowed(origin: str | None, environ: dict[str, Any]) -> bool:
        return origin is None or same_origin(origin, environ, app.config)

    return allowed


def _refuse(status: int, code: str, message: str) -> Any:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return jsonify(body), status


def check_cross_site() -> Any:
    """before_request: a change comes from our own pages, as JSON (or an opted-in form)."""
    if request.method not in UNSAFE_METHODS:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    form_page = bool(getattr(view, "accepts_form", False))
    origin = request.headers.get("Origin")
    referer = request.headers.get("Referer")
    claimed = origin if origin is not None else referer
    if claimed is not None and not same_origin(claimed, request.environ, current_app.config):
        return _refuse(403, "cross_origin", "requête refusée : elle vient d'un autre site")
    if form_page:
        return None
    if (request.content_length or request.headers.get("Transfer-Encoding")) and not (
        request.is_json
    ):
        return _refuse(400, "json_required", "le corps de la requête doit être du JSON")
    return None


SAFE_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def content_security_policy(host: str) -> str:
    """Only this server's own files: no inline script or style, no framing by anyone."""
    sockets = f" ws://{host} wss://{host}" if SAFE_HOST.fullmatch(host) else ""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{sockets}",
            "media-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(response: Response) -> Response:
    """after_request: the same headers on every page, file and API answer."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(request.host))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Not "no-referrer": Chromium would then send `Origin: null` with our own form posts.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for older browsers
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the page came over HTTPS (or the setting says)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config.get("SESSION_COOKIE_SECURE"))
        return configured or (has_request_context() and request.is_secure)


def install(app: Flask) -> None:
    app.before_request(check_cross_site)
    app.after_request(security_headers)
    app.session_interface = SessionCookies()
