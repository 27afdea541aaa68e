"""The home page that lists the screens, and the shared layout."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import Response, current_app, render_template, send_from_directory

from server.extensions import limiter

pages = APIBlueprint("pages", __name__, enable_openapi=False)


@pages.get("/")
def home() -> str:
    """The screens of this site, under its own name (none yet before the first run)."""
    from server.context import current_site
    from server.services.errors import ServiceError

    try:
        site = current_site()
    except ServiceError:
        site = None
    return render_template("home.html", site=site)


@pages.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it on every page: the house pictogram, in République blue (SVG)."""
    response = send_from_directory(
        current_app.static_folder or "static", "common/favicon.svg", mimetype="image/svg+xml"
    )
    response.cache_control.max_age = 86400
    return response


def needs_pairing() -> bool:
    """A kiosk or display page with no site of its own on an install of several sites: the
    screen must be paired (or opened at /s/<site>/…) rather than silently show the home site."""
    from server.extensions import db
    from server.screens import bound_screen
    from server.services.devices import site_count
    from server.site_paths import path_site

    return bound_screen() is None and path_site() is None and site_count(db.session) > 1


@pages.get("/appairage")
@limiter.limit("10 per minute")
def pairing() -> str:
    """A screen asks to be paired: it shows a short code an administrator enters in /admin."""
    from server.context import clock
    from server.extensions import db
    from server.screens import bound_screen, keep_pairing_secret, pairing_secret
    from server.services.devices import KINDS, pairing_of, start_pairing
    from server.site_paths import path_site

    binding = bound_screen()
    now = clock().now()
    pairing = pairing_of(db.session, pairing_secret(), now)
    if pairing is not None and pairing.device_id is None:
        code = pairing.code
    else:
        code, secret = start_pairing(db.session, now, path_site())
        keep_pairing_secret(secret)
    return render_template(
        "pairing.html",
        code=code,
        binding=binding,
        kind_label=KINDS.get(binding.kind, "") if binding else "",
    )
