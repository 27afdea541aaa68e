"""Kiosk pages."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import render_template

kiosk = APIBlueprint(
    "kiosk", __name__, url_prefix="", enable_openapi=False,
    template_folder="templates", static_folder="static", static_url_path="/kiosk/static",
)


@kiosk.get("/kiosk")
def home() -> str:
    return render_template("kiosk/kiosk.html")
