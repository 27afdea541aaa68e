"""The waiting-room screen (/display), its QR code, and the phone view of the queue (/queue)."""

from __future__ import annotations

import math
from typing import Any

from apiflask import APIBlueprint
from flask import Response, redirect, render_template, request, url_for

from kiosk.i18n import catalogue, language, languages_for_page
from server.context import current_site, site_policy
from server.locale import use_language
from server.models import Site
from server.pages import needs_pairing
from server.qr import qr_response
from server.screens import note_screen_seen
from server.site_paths import public_page_url

# No url_prefix: the phone view lives at /queue, short enough to type from the screen.
display = APIBlueprint(
    "display",
    __name__,
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/display/static",
)

# What the phone view of the queue writes in the browser (calls, waits, connection banner).
QUEUE_KEYS = ("queue.", "theme.", "wait.", "common.", "phone.coming_to_you")

# Periodic reload of the slow-changing information (hours, itinerant, highlights).
INFO_REFRESH_MINUTES = 10


def _volume(site: Site) -> float:
    """?volume=0..1 for this screen, else the site's setting; out-of-range values are clamped."""
    default = site_policy(site, "display_volume")
    try:
        value = float(request.args.get("volume", default))
    except ValueError:
        return default
    return default if math.isnan(value) else min(1.0, max(0.0, value))


def queue_url(site_code: str) -> str:
    """The public phone view of this site's queue (what the QR code points to): /queue for the
    home site, /s/<site>/queue for another."""
    return public_page_url(site_code, "/queue")


def _settings(site: Site) -> dict[str, Any]:
    return {
        "site": site.code,
        "timezone": site.timezone,
        "namespace": "/display",
        "info_refresh_minutes": INFO_REFRESH_MINUTES,
        "queue_url": queue_url(site.code),
        "ideas_url": public_page_url(site.code, "/idees"),
    }


@display.get("/display")
def screen() -> str | Response:
    """The TV in the waiting room: calls, waits, itinerant, hours, highlights."""
    if needs_pairing():
        return redirect(url_for("pages.pairing"))
    note_screen_seen()
    site = current_site()
    settings = {**_settings(site), "volume": _volume(site)}
    return render_template(
        "display/display.html",
        site=site,
        settings=settings,
        qr_src=url_for("display.queue_qr"),
    )


@display.get("/display/queue-qr.svg")
def queue_qr() -> Response:
    """The QR code to follow the queue on a phone, as a crisp SVG at any size."""
    return qr_response(queue_url(current_site().code), border=2, cache="no-cache")


@display.get("/queue")
def phone_queue() -> str:
    """A visitor's phone: waits per theme and the last calls, live (read-only, anonymous), in
    the visitor's language (?lang=, from the phone page of a ticket; a chooser on the page)."""
    site = current_site()
    lang = language(request.args.get("lang"))  # the phone page's link passes the ticket's
    texts = {k: v for k, v in catalogue(lang.code).items() if k.startswith(QUEUE_KEYS)}
    settings = {**_settings(site), "language": lang.code, "texts": {lang.code: texts}}
    use_language(lang.code)
    return render_template(
        "display/queue.html",
        site=site,
        settings=settings,
        language=lang,
        languages=languages_for_page(),
        lang=lang.html_lang,
        dir=lang.direction,
    )
