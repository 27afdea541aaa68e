"""Display pages."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import render_template

display = APIBlueprint(
    "display", __name__, url_prefix="/display", enable_openapi=False,
    template_folder="templates", static_folder="static", static_url_path="/static",
)


@display.get("")
def screen() -> str:
    return render_template("display/display.html")
