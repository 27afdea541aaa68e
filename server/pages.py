"""The home page that lists the screens, and the shared layout."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import render_template

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
