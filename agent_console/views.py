"""Console pages."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import render_template

console = APIBlueprint(
    "console", __name__, url_prefix="/console", enable_openapi=False,
    template_folder="templates", static_folder="static", static_url_path="/static",
)


@console.get("")
def home() -> str:
    return render_template("agent_console/console.html")
