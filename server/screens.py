"""Which paired screen makes this request: its binding cookie, checked on every request.

A screen paired in the back-office holds a random token in a long-lived HttpOnly cookie; the
server looks its hash up each time, so revoking the device in /admin takes effect at once.
A screen waiting to be paired holds the secret of its pairing in a short-lived cookie.
"""

from __future__ import annotations

from flask import g, has_request_context, request

from server.extensions import db
from server.services.devices import PAIRING_TTL, Binding, binding_of
from server.trusted_browsers import set_private_cookie

SCREEN_COOKIE = "accueil_screen"
PAIRING_COOKIE = "accueil_pairing"
SCREEN_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
_CACHE = "accueil_binding"


def bound_screen() -> Binding | None:
    """The paired device this request comes from (once per request), or None."""
    if not has_request_context():
        return None
    if _CACHE not in g:
        setattr(g, _CACHE, binding_of(db.session, request.cookies.get(SCREEN_COOKIE)))
    binding: Binding | None = getattr(g, _CACHE)
    return binding


def bound_site() -> str | None:
    binding = bound_screen()
    return binding.site_code if binding else None


def pairing_secret() -> str | None:
    return request.cookies.get(PAIRING_COOKIE) or None


def keep_pairing_secret(secret: str) -> None:
    set_private_cookie(PAIRING_COOKIE, secret, int(PAIRING_TTL.total_seconds()))


def bind_screen(token: str) -> None:
    """This browser is now the paired screen: its token, and no pairing secret any more."""
    set_private_cookie(SCREEN_COOKIE, token, SCREEN_MAX_AGE)
    set_private_cookie(PAIRING_COOKIE, "", 0)


def note_screen_seen() -> None:
    """A paired screen opened its page: the back-office shows when each screen was last seen."""
    from server.context import clock
    from server.services.devices import seen

    binding = bound_screen()
    if binding is not None:
        seen(db.session, binding.device_id, clock().now())
