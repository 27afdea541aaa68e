"""Pages of the follow-through: the idea wall for phones, and the agents' pages."""

from __future__ import annotations

from apiflask import APIBlueprint
from flask import Response, render_template, request

from kiosk.i18n import catalogue, language, languages_for_page
from server.context import current_site
from server.extensions import db
from server.locale import use_language
from server.qr import qr_response
from server.services.ideas import CATEGORIES, MAX_LENGTH, approved_ideas
from server.site_paths import public_page_url

followup = APIBlueprint(
    "followup",
    __name__,
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/followup/static",
)


def ideas_url() -> str:
    """The wall of the site this request is for (/s/<site>/idees for another than home)."""
    return public_page_url(current_site().code, "/idees")


@followup.get("/idees")
def idea_wall() -> str:
    """The public wall on a phone: approved ideas with the team's answers, and the same form as
    the kiosk's, in the visitor's language (?lang=, from the ticket)."""
    lang = language(request.args.get("lang"))
    use_language(lang.code)
    return render_template(
        "followup/ideas.html",
        ideas=approved_ideas(db.session, current_site()),
        language=lang,
        languages=languages_for_page(),
        categories=CATEGORIES,
        max_length=MAX_LENGTH,
        lang=lang.html_lang,
        dir=lang.direction,
        data={"language": lang.code, "max_length": MAX_LENGTH, "texts": catalogue(lang.code)},
    )


@followup.get("/idees/qr.svg")
def idea_wall_qr() -> Response:
    """The QR code of the wall, for the kiosk and the waiting-room screen."""
    return qr_response(ideas_url(), border=2, cache="no-cache")


@followup.get("/console/idees")
def moderation() -> str:
    """Agents moderate the wall (the page signs in through the console if needed)."""
    return render_template("followup/moderation.html")


@followup.get("/console/rappels")
def callbacks() -> str:
    """The call-backs due today, oldest first, with the outcome in one tap."""
    return render_template("followup/callbacks.html")


@followup.get("/console/listes")
def checklist_library() -> str:
    """The checklist library: one checklist per request, its translations and its history."""
    return render_template("followup/library.html", languages=languages_for_page())
