"""The home page that lists the screens, and the shared layout."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import Response, current_app, render_template, send_from_directory

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
