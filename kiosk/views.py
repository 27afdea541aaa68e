"""Kiosk pages: the touch kiosk, the QR code of a ticket, and the phone tracking page."""

from __future__ import annotations

import os

from apiflask import APIBlueprint
from flask import Response, abort, current_app, redirect, render_template, request, url_for

from display.views import queue_url
from kiosk.i18n import catalogues, language, languages_for_page, typeset
from server.catalogue import THEMES
from server.context import base_url, clock, current_site, fairness_rule, opening_setting
from server.extensions import db
from server.locale import use_language
from server.pages import needs_pairing
from server.qr import qr_response
from server.screens import note_screen_seen
from server.services.catalogue import active_services
from server.services.hours import opening_view
from server.services.queue_view import latest_visit_for_token, ticket_view
from server.site_paths import public_page_url

kiosk = APIBlueprint(
    "kiosk",
    __name__,
    url_prefix="",
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/kiosk/static",
)

PHONE_KEYS = ("common.", "phone.", "ticket.", "language.", "wait.", "ideas.title")
kiosk.add_app_template_filter(typeset, "typeset")


def _setting(name: str, default: int) -> int:
    """A kiosk setting from the app config, else ACCUEIL_<name>, else the default."""
    value = current_app.config.get(name) or os.environ.get(f"ACCUEIL_{name}")
    return int(value) if value not in (None, "") else default


def kiosk_timing() -> dict[str, int]:
    """Idle durations (RGAA 13.1: at least 20 s of warning) and how long a ticket stays on the
    screen before the kiosk returns to the start; tests may shorten them."""
    idle = _setting("KIOSK_IDLE_SECONDS", 60)
    ticket = _setting("KIOSK_TICKET_SECONDS", 30)
    warning = max(_setting("KIOSK_WARNING_SECONDS", 20), 20)
    allowed = current_app.config.get("KIOSK_ALLOW_TIMING_OVERRIDE") or os.environ.get(
        "ACCUEIL_KIOSK_ALLOW_TIMING_OVERRIDE", ""
    ).lower() in ("1", "true", "yes")
    if current_app.testing or allowed:
        idle = request.args.get("idle", idle, type=int)
        warning = request.args.get("warning", warning, type=int)
        ticket = request.args.get("ticket", ticket, type=int)
    return {
        "idle_seconds": max(idle, 1),
        "warning_seconds": max(warning, 1),
        "ticket_seconds": max(ticket, 1),
    }


def tracking_url(token: str) -> str:
    """The phone page of a ticket: the same address the API gives as `tracking_url`."""
    return f"{base_url().rstrip('/')}/t/{token}"


@kiosk.get("/kiosk")
def home() -> str | Response:
    """The visitors' touch kiosk: everything it needs arrives with the page (works offline)."""
    if needs_pairing():
        return redirect(url_for("pages.pairing"))
    note_screen_seen()
    site = current_site()
    lang = language(request.args.get("lang"))
    data = {
        "language": lang.code,
        "site": site.code,
        "site_name": site.name,
        "languages": languages_for_page(),
        "texts": catalogues(),
        "themes": list(THEMES),
        "services": active_services(db.session, site),
        "hours": opening_view(site, opening_setting(site), clock()),
        "timezone": site.timezone,
        "timing": kiosk_timing(),
        "ideas_url": public_page_url(site.code, "/idees"),
    }
    use_language(lang.code)
    return render_template(
        "kiosk/kiosk.html",
        data=data,
        lang=lang.html_lang,
        dir=lang.direction,
    )


@kiosk.get("/kiosk/qr/<token>.svg")
def ticket_qr(token: str) -> Response:
    """The QR code of a ticket's phone page, drawn here (no internet needed)."""
    if latest_visit_for_token(db.session, token) is None:
        abort(404)
    return qr_response(tracking_url(token), background=False)


@kiosk.get("/t/<token>")
def phone(token: str) -> tuple[str, int] | str:
    """A visitor follows their ticket on their phone, in the language chosen at the kiosk."""
    visit = latest_visit_for_token(db.session, token)
    if visit is None:
        lang = language(request.args.get("lang"))
        use_language(lang.code)
        return render_template(
            "kiosk/phone_unknown.html",
            lang=lang.html_lang,
            dir=lang.direction,
        ), 404
    lang = language(request.args.get("lang") or visit.language)
    data = {
        "language": lang.code,
        "languages": languages_for_page(),
        "texts": catalogues(PHONE_KEYS),
        "token": token,
        "queue_url": queue_url(visit.site.code),  # the live queue of the ticket's site
        "ticket": ticket_view(db.session, visit, clock(), fairness_rule(), base_url()),
    }
    use_language(lang.code)
    return render_template(
        "kiosk/phone.html",
        data=data,
        lang=lang.html_lang,
        dir=lang.direction,
    )
