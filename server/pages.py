"""The home page that lists the screens, and the shared layout."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import render_template

pages = APIBlueprint("pages", __name__, enable_openapi=False)


@pages.get("/")
def home() -> str:
    return render_template("home.html")


@pages.get("/healthz")
def health() -> dict[str, str]:
    """For a supervisor or a load balancer: the process answers and reaches its database."""
    from sqlalchemy import text

    from server.extensions import db

    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
