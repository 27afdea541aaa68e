"""Back-office pages: server-rendered lists and forms; the forms post JSON to /api/v1/admin."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apiflask import APIBlueprint
from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from server.context import (
    admin_only,
    clock,
    current_agent,
    current_site,
    home_site_or_none,
    require_admin,
    require_department_admin,
)
from server.extensions import db
from server.models import Site
from server.security import accepts_form
from server.services.errors import Forbidden, ServiceError, Unauthorized
from server.services.setup import (
    FirstAdmin,
    SetupLink,
    SiteDetails,
    has_admin,
    initialize,
)

back_office = APIBlueprint(
    "back_office",
    __name__,
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/admin/static",
)

SETUP_FIELDS = (
    "name",
    "code",
    "address",
    "commune",
    "timezone",
    "public_url",
    "login",
    "admin_name",
)


@back_office.app_template_filter("french_day")
def french_day(value: str) -> str:
    """'2026-12-01' -> '1er décembre 2026' (dates travel as ISO strings in the services' views)."""
    from datetime import date

    from server.domain.french import day_and_month

    return day_and_month(date.fromisoformat(value))


@back_office.app_template_filter("local_time")
def local_time(value: str, timezone: str) -> str:
    """An ISO moment, as the office's clock showed it: '30/11/2026 à 09:00'."""
    from datetime import datetime

    from server.domain.french import office_time

    return office_time(datetime.fromisoformat(value), timezone)


NAV = (
    ("back_office.home", "Accueil"),
    ("back_office.counters_page", "Guichets"),
    ("back_office.agents_page", "Agents"),
    ("back_office.catalogue_page", "Catalogue"),
    ("back_office.hours_page", "Horaires"),
    ("back_office.highlights_page", "À la une"),
    ("agenda.book", "Rendez-vous"),
    ("agenda.permanences", "Permanences"),
    ("agenda.itinerant_editor", "Tournée itinérante"),
    ("back_office.devices_page", "Postes et écrans"),
    ("back_office.settings_page", "Réglages"),
    ("back_office.audit_page", "Journal"),
    ("back_office.sync_page", "Itinérance (portables)"),
    ("stats.admin_page", "Statistiques"),
    ("back_office.sites_page", "Sites"),
)
DEPARTMENT_ONLY = {"back_office.sites_page"}


@back_office.context_processor
def navigation() -> dict[str, Any]:
    """The menu, and the site being managed: a department admin switches it (`?site=`, kept
    by every link of the menu and every form's request); a site admin sees their session's."""
    views = current_app.view_functions
    managed, sites, department = None, [], False
    try:
        me = current_agent(required=False)
        if me is not None and me.is_admin:
            managed, department = current_site(), me.is_department_admin
            if department:
                sites = list(db.session.scalars(select(Site).order_by(Site.name)))
    except ServiceError:  # anonymous, or asking for a site that is not theirs: no menu state
        pass
    asked = request.args.get("site")
    return {
        "admin_nav": [
            (e, label)
            for e, label in NAV
            if e in views and (department or e not in DEPARTMENT_ONLY)
        ],
        "managed_site": managed,
        "department_sites": sites,
        "site_args": {"site": asked} if department and asked else {},
    }


@back_office.errorhandler(Unauthorized)
def sign_in_first(error: Unauthorized) -> tuple[str, int]:
    sites = list(db.session.scalars(select(Site).order_by(Site.name)))
    return render_template("back_office/signin.html", sites=sites), 401


@back_office.errorhandler(Forbidden)
def not_an_admin(error: Forbidden) -> tuple[str, int]:
    return render_template("back_office/forbidden.html"), 403


def _setup_link(token: str) -> SetupLink:
    """The live setup link for this token, or 404: no setup page exists otherwise."""
    link = current_app.extensions.get("accueil.setup_link")
    if link is None or not link.valid(token, clock().now()) or has_admin(db.session):
        abort(404)
    return link  # type: ignore[no-any-return]


@back_office.route("/setup/<token>", methods=["GET", "POST"])
@accepts_form
def setup(token: str) -> Any:
    """First run in the browser: the site, its first administrator, the catalogue."""
    link = _setup_link(token)
    values = {"timezone": "Europe/Paris"}
    if request.method == "GET":
        if request.host.split(":")[0] not in ("localhost", "127.0.0.1", "[::1]"):
            # The address the holder of the one-time link used: what phones will likely use too
            # (links never take a Host header otherwise, see ACCUEIL_ALLOWED_HOSTS).
            values["public_url"] = request.host_url.rstrip("/")
        return render_template("back_office/setup.html", values=values, error=None)
    form = request.form
    values = {name: str(form.get(name, "")).strip() for name in SETUP_FIELDS}
    pin, pin_again = str(form.get("pin", "")), str(form.get("pin_again", ""))
    try:
        if pin != pin_again:
            raise ServiceError("les deux codes PIN ne sont pas identiques", field="pin")
        details = SiteDetails(
            code=values["code"],
            name=values["name"],
            address=values["address"],
            commune=values["commune"],
            timezone=values["timezone"] or "Europe/Paris",
            public_url=values["public_url"],
        )
        admin = FirstAdmin(values["login"], values["admin_name"] or values["login"], pin)
        initialize(db.session, details, admin)
    except ServiceError as error:
        field = error.details.get("field")
        return (
            render_template(
                "back_office/setup.html", values=values, error=error.message, error_field=field
            ),
            400,
        )
    link.consume()
    return redirect(url_for("back_office.home", welcome=1))


@back_office.get("/admin")
@admin_only
def home() -> Response | str:
    return render_template("back_office/home.html", welcome=bool(request.args.get("welcome")))


def _services() -> list[dict[str, Any]]:
    """The catalogue for the skills checkboxes, grouped by partner in catalogue order."""
    from server.services.admin_catalogue import list_services

    return list_services(db.session, current_site())


@back_office.get("/admin/guichets")
@admin_only
def counters_page() -> str:
    from server.services.admin_counters import KINDS, list_counters

    return render_template(
        "back_office/counters.html",
        counters=list_counters(db.session, current_site()),
        kinds=KINDS,
        services=_services(),
    )


@back_office.get("/admin/agents")
@admin_only
def agents_page() -> str:
    from server.services.admin_agents import ROLES, list_agents, managed_sites

    me = require_admin()
    return render_template(
        "back_office/agents.html",
        agents=list_agents(db.session, clock(), current_site(), me, home_site_or_none()),
        roles=ROLES if me.is_department_admin else {k: ROLES[k] for k in ("agent", "admin")},
        services=_services(),
        sites=managed_sites(db.session, me, home_site_or_none()),
        me=me.login,
    )


@back_office.get("/admin/catalogue")
@admin_only
def catalogue_page() -> str:
    from kiosk.i18n import DEFAULT, LANGUAGES
    from server.catalogue import PICTOGRAMS, THEMES

    return render_template(
        "back_office/catalogue.html",
        services=_services(),
        themes=THEMES,
        pictograms=PICTOGRAMS,
        languages=[language for language in LANGUAGES if language.code != DEFAULT],
    )


@back_office.get("/admin/horaires")
@admin_only
def hours_page() -> str:
    from server.domain.hours import WEEKDAYS_FR
    from server.services.admin_hours import hours_form

    site = current_site()
    form = hours_form(db.session, site, current_app.config.get("OPENING_HOURS"), clock())
    return render_template("back_office/hours.html", hours=form, weekdays=WEEKDAYS_FR)


@back_office.get("/admin/a-la-une")
@admin_only
def highlights_page() -> str:
    from server.services.admin_highlights import list_highlights, second_language_choices
    from server.services.admin_settings import site_setting
    from server.services.site_info import highlights_view, local_today

    site = current_site()
    today = local_today(site, clock())
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render_template(
        "back_office/highlights.html",
        highlights=list_highlights(db.session, site),
        live=highlights_view(db.session, site, clock()),
        first_day=today.replace(day=1).isoformat(),
        last_day=(next_month - timedelta(days=1)).isoformat(),
        limit=int(site_setting(db.session, site, "highlights_max")),
        second_languages=second_language_choices(),
    )


@back_office.get("/admin/reglages")
@admin_only
def settings_page() -> str:
    from server.services.admin_settings import settings_view

    view = settings_view(db.session, current_site(), current_app.config)
    return render_template("back_office/settings.html", settings=view)


@back_office.get("/admin/journal")
@admin_only
def audit_page() -> str:
    from server.services.audit import audit_view

    site = current_site()
    return render_template(
        "back_office/audit.html", entries=audit_view(db.session, site), timezone=site.timezone
    )


@back_office.get("/admin/sites")
@admin_only
def sites_page() -> str:
    """The department's sites (department administrators only): list and create."""
    from server.services.admin_sites import list_sites

    require_department_admin()
    return render_template("back_office/sites.html", sites=list_sites(db.session))


@back_office.get("/admin/synchronisation")
@admin_only
def sync_page() -> str:
    """The itinerant laptops' tokens: create one (shown once), see when each last synced, revoke."""
    from server.services.sync_central import sync_tokens_view

    return render_template(
        "back_office/sync.html",
        tokens=sync_tokens_view(db.session),
        central_url=(current_site().public_url or request.host_url).rstrip("/"),
    )


@back_office.get("/admin/ecrans")
@admin_only
def devices_page() -> str:
    """Kiosks and displays: pair one with the code it shows, rename, move, revoke; printers."""
    from server.api.printing import printer_views
    from server.api.screens import manageable_sites
    from server.services.devices import KINDS, devices_view

    sites = manageable_sites()
    view = devices_view(db.session, sites, clock().now())
    site = current_site()
    return render_template(
        "back_office/devices.html",
        **view,
        kinds=KINDS,
        sites=sites,
        here=site.code,
        printers=printer_views(site),
        kiosk_names=sorted(
            {d["name"] for d in view["devices"] if d["kind"] == "kiosk" and d["active"]}
        ),
        states=PRINTER_STATES,
    )


PRINTER_STATES = {
    "ready": "prête",
    "paper_near_end": "papier bientôt fini",
    "paper_out": "plus de papier",
    "cover_open": "capot ouvert",
    "offline": "injoignable",
    "unknown": "état inconnu",
    "absent": "absente",
}
