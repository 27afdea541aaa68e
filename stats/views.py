"""Statistics pages: the admin's period picker, charts and tables; the agents' slim day view."""

from __future__ import annotations

from datetime import date
from typing import Any

from apiflask import APIBlueprint
from flask import Response, current_app, render_template, request, url_for
from sqlalchemy import select

from server.context import (
    clock,
    current_agent,
    current_site,
    home_site_or_none,
    require_agent,
    signed_in_site,
)
from server.context import home_site as own_site_code
from server.domain.periods import KINDS, InvalidPeriod, Period, make_period, month_of, parse_month
from server.extensions import db
from server.models import Agent, Site
from server.services import cooperation
from server.services.agents import sites_of
from server.services.errors import NotFound
from server.services.forecast import forecast_view
from server.services.lookup import local_day
from server.services.report import monthly_report, to_csv, to_xlsx
from server.services.statistics import period_statistics, sites_for, today_for_agent

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

stats = APIBlueprint(
    "stats",
    __name__,
    url_prefix="",
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/stats/static",
)


class PageRefused(Exception):
    """Who may not see a page: rendered as a short page with a way forward, not a JSON error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@stats.errorhandler(PageRefused)
def refused(error: PageRefused) -> tuple[str, int]:
    """The way forward: an administrator who mistyped a period goes back to the statistics (the
    agents' console would lose their place); anyone else to the console."""
    agent = current_agent(required=False)
    back = (
        (url_for("stats.admin_page"), "Revenir aux statistiques")
        if agent is not None and agent.is_admin
        else ("/console", "Aller à la console des agents")
    )
    return render_template("stats/refused.html", message=error.message, back=back), error.status


def signed_in_site_code() -> str:
    found = signed_in_site()
    return found[0] if found is not None else own_site_code()


def signed_in_agent() -> Agent:
    agent = current_agent(required=False)
    if agent is None:
        raise PageRefused(401, "Connectez-vous d'abord sur la console des agents.")
    return agent


def signed_in_admin() -> Agent:
    """The one place this blueprint checks the admin role (until the back-office shares its)."""
    agent = signed_in_agent()
    if not agent.is_admin:
        raise PageRefused(
            403, "Les statistiques de la structure sont réservées à l'administrateur."
        )
    return agent


def _date(name: str) -> date | None:
    text = request.args.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PageRefused(400, f"La date « {text[:20]} » n'est pas valide (AAAA-MM-JJ).") from None


def requested_period(today: date) -> Period:
    kind = request.args.get("period", "month")
    try:
        return make_period(kind, _date("date") or today, _date("start"), _date("end"))
    except InvalidPeriod as error:
        raise PageRefused(400, f"Période impossible : {error}.") from None


def theirs(sites: list[Site]) -> list[Site]:
    """A site administrator's figures are their own sites' (a department admin sees all)."""
    agent = current_agent(required=False)
    if agent is None or agent.is_department_admin:
        return sites
    mine = {site.id for site in sites_of(db.session, agent, home_site_or_none())}
    return [site for site in sites if site.id in mine]


def requested_sites() -> list[Site]:
    code = request.args.get("site", home_site().code)
    try:
        sites = theirs(sites_for(db.session, code))
    except NotFound:
        raise PageRefused(404, "Cette structure n'existe pas.") from None
    if not sites and code not in (None, "", "all"):
        raise PageRefused(403, "Les statistiques de ce site ne sont pas les vôtres.")
    if not sites:
        raise PageRefused(404, "Aucune structure n'est encore enregistrée.")
    return sites


def home_site() -> Site:
    """The site of the request (?site=), or this server's own when all sites are asked for."""
    code = request.args.get("site")
    agent = current_agent(required=False)
    try:
        if code in (None, "", "all") and agent is not None and not agent.is_department_admin:
            return current_site(signed_in_site_code())  # a site admin's own site
        # ACCUEIL_SITE may be unset (one site, created by `accueil init`): ask the context.
        site = current_site(own_site_code() if code in (None, "", "all") else code)
    except NotFound:
        raise PageRefused(404, "Cette structure n'existe pas.") from None
    if not theirs([site]):
        raise PageRefused(403, "Les statistiques de ce site ne sont pas les vôtres.")
    return site


def _page_figures() -> tuple[dict[str, Any], Period, list[Site]]:
    signed_in_admin()
    home = home_site()
    period = requested_period(local_day(home, clock().now()))
    sites = requested_sites()
    return period_statistics(db.session(), sites, period, clock().now()), period, sites


@stats.get("/admin/stats")
def admin_page() -> str:
    figures, period, sites = _page_figures()
    cooperation.pause()  # the forecast and the page's HTML are the last stretches of work
    forecast = (
        forecast_view(db.session, sites[0], clock(), _threshold()) if len(sites) == 1 else None
    )
    cooperation.pause()
    return render_template(
        "stats/admin.html",
        figures=figures,
        period=period,
        kinds=KINDS,
        site_choice=request.args.get("site", home_site().code),
        all_sites=list(db.session.scalars(select(Site).order_by(Site.name))),
        sites=sites,
        anchor=request.args.get("date") or period.start.isoformat(),
        report_period=month_of(period.start),
        forecast=forecast,
    )


def _threshold() -> float:
    return float(current_app.config["PEAK_FORECAST_ARRIVALS_PER_30_MIN"])


@stats.get("/admin/stats/data.json")
def admin_data() -> dict[str, Any]:
    figures, _, _ = _page_figures()
    return figures


@stats.get("/stats/today")
def today_page() -> str:
    """An agent's day: the team's figures, and theirs alone (no colleague's)."""
    agent = signed_in_agent()
    site = home_site()
    today = local_day(site, clock().now())
    figures = today_for_agent(db.session(), site, agent.id, today)
    return render_template(
        "stats/today.html",
        figures=figures,
        agent=agent,
        period=Period("day", today, today),
        forecast=forecast_view(db.session, site, clock(), _threshold()),
    )


@stats.get("/admin/stats/report.<kind>")
def monthly_report_file(kind: str) -> Response:
    """The France Services monthly report in one click: ?month=YYYY-MM&site=CODE|all."""
    signed_in_admin()
    if kind not in ("csv", "xlsx"):
        raise PageRefused(404, "Le rapport existe en CSV ou en XLSX.")
    home = home_site()
    month = request.args.get("month") or local_day(home, clock().now()).strftime("%Y-%m")
    try:
        period = parse_month(month)
    except InvalidPeriod:
        raise PageRefused(400, "Le mois s'écrit AAAA-MM, par exemple 2026-11.") from None
    built = monthly_report(db.session(), requested_sites(), period, clock().now())
    body, mimetype = (
        (to_csv(built), "text/csv")  # Flask adds « ; charset=utf-8 » to a text type
        if kind == "csv"
        else (to_xlsx(built), XLSX_MIMETYPE)
    )
    name = f"france-services-{period.start:%Y-%m}-{'-'.join(built.sites)[:60]}.{kind}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@stats.get("/stats/forecast.json")
def forecast_data() -> dict[str, Any]:
    """Expected arrivals for 14 days and the peaks ("demain mardi 9 h – 11 h : forte affluence
    prévue"), learned from the site's history (a prior profile until there is enough)."""
    require_agent()  # JSON 401 for the console's script
    return forecast_view(db.session, home_site(), clock(), _threshold())
