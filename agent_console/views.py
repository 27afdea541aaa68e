"""Console pages: the agents' tablet console, and the public page of a visitor's checklist."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from apiflask import APIBlueprint
from flask import current_app, render_template, request

from kiosk.i18n import language, languages_for_page
from server.catalogue import THEMES
from server.context import clock, session_token, site_policy
from server.domain.lifecycle import Status, allowed_actions
from server.extensions import db
from server.locale import use_language
from server.services.errors import NotFound
from server.services.followup import checklist_by_token, visitor_view

IDLE_WARNING_SECONDS = 60

console = APIBlueprint(
    "console",
    __name__,
    url_prefix="",
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/console/static",
)


def console_settings() -> dict[str, Any]:
    """What the console's scripts need from the server, handed over as JSON."""
    config = current_app.config
    return {
        "timezone": config["TIMEZONE"],
        "idle_minutes": int(site_policy(None, "agent_idle_minutes")),
        "idle_warning_seconds": IDLE_WARNING_SECONDS,
        "workstations": config["WORKSTATIONS"],
        "themes": THEMES,
        "actions": {status.value: [a.value for a in allowed_actions(status)] for status in Status},
        "callback": callback_terms(),
        # Without a session cookie the console shows the sign-in at once instead of asking the
        # server who is there (a 401 in the browser's console on every first visit).
        "has_session": session_token() is not None,
    }


def callback_terms() -> dict[str, Any]:
    """What the consent to a call-back says, from the site's policy: when, and erased by when."""
    after = int(site_policy(None, "callback_after_days"))
    window = int(site_policy(None, "callback_window_days"))
    weeks = after // 7 if after % 7 == 0 else None
    return {
        "after_days": after,
        "after_text": (f"{weeks} semaine{'s' if weeks > 1 else ''}" if weeks else f"{after} jours"),
        "erased_within_days": after + window + 1,
    }


@console.get("/console")
def home() -> str:
    return render_template("agent_console/console.html", settings=console_settings())


@console.get("/c/<token>")
def checklist_page(token: str) -> tuple[str, int]:
    """What the visitor sees after scanning the QR code: their next steps in their language where
    the team translated them (French otherwise, and the page says which), nothing personal."""
    try:
        checklist = checklist_by_token(db.session, token, clock())
    except NotFound:
        lang = language(request.args.get("lang"))
        use_language(lang.code)
        return render_template(
            "agent_console/checklist.html",
            view=None,
            lang=lang.html_lang,
            dir=lang.direction,
        ), 404
    lang = language(request.args.get("lang") or checklist.language)
    local = ZoneInfo(current_app.config["TIMEZONE"])
    use_language(lang.code)
    return render_template(
        "agent_console/checklist.html",
        view=visitor_view(checklist, lang.code),
        language=lang,
        languages=languages_for_page(),
        lang=lang.html_lang,
        dir=lang.direction,
        expires_on=checklist.expires_at.astimezone(local).date(),
    ), 200
