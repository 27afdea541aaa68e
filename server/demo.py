"""The demo fixture: counters, agents, highlights and appointments for `accueil demo` and tests.

Nothing in production imports this module; a real site creates its own with `accueil init`
and the back-office (/admin).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Agent, Appointment, Counter, Highlight, Site
from server.services.agents import add_agent
from server.services.lookup import service_by_code
from server.services.seed import ensure_site, seed_catalogue
from server.services.site_info import month_of
from server.services.transaction import writing

DEMO_SITE = ("mde-castelsarrasin", "Maison de l'État — France Services", "Castelsarrasin")

DEMO_COUNTERS: list[tuple[str, str, str]] = [
    ("accueil", "Accueil", "reception"),
    ("bureau-1", "Bureau 1", "office"),
    ("bureau-2", "Bureau 2", "office"),
    ("visio", "Salle visio", "video"),
    ("espace", "Espace d'accueil", "floor"),
]

DEMO_AGENTS = (
    ("demo1", "Camille (démo)", "admin"),
    ("demo2", "Yanis (démo)", "agent"),
)
DEMO_PIN = "1234"

# What the workshop wanted highlighted, in plain French.
DEMO_HIGHLIGHTS = (
    (
        "Nocturne le jeudi",
        "Le jeudi, nous vous accueillons jusqu'à 20 h, après le travail ou l'école.",
    ),
    (
        "Une adresse e-mail ?",
        "Nous vous aidons à créer votre adresse e-mail, indispensable pour vos démarches en ligne.",
    ),
    (
        "Café en libre-service",
        "Servez-vous un café ou lisez la presse, même sans démarche à "
        "faire : vous êtes ici chez vous.",
    ),
)

# (code, service, local time, minutes) — documented in the README for demos.
DEMO_APPOINTMENTS = [
    ("RDV-1234", "caf-rsa", "09:30", 30),
    ("RDV-2345", "carte-grise", "10:30", 30),
    ("RDV-3456", "impots-declaration", "14:00", 45),
    ("RDV-4567", "cpam-css", "16:00", 30),
    ("RDV-5678", "retraite-demande", "17:00", 45),
]


def seed_demo(session: Session, site_code: str | None = None) -> Site:
    """The catalogue plus the demo site, counters, agents (PIN 1234), highlights, appointments."""
    code = site_code or DEMO_SITE[0]
    seed_catalogue(session)
    name = DEMO_SITE[1] if code == DEMO_SITE[0] else code
    site = ensure_site(session, code=code, name=name, commune=DEMO_SITE[2])
    with writing(session):
        for counter_code, label, kind in DEMO_COUNTERS:
            mine = select(Counter).where(Counter.site_id == site.id, Counter.code == counter_code)
            if session.scalar(mine) is None:
                session.add(Counter(site_id=site.id, code=counter_code, label=label, kind=kind))
    for login, agent_name, role in DEMO_AGENTS:
        if session.scalar(select(Agent).where(Agent.login == login)) is None:
            add_agent(session, name=agent_name, login=login, pin=DEMO_PIN, role=role, sites=[site])
    seed_demo_highlights(session, site)
    seed_demo_appointments(session, site)
    from server.services.clock import SystemClock
    from server.services.permanences import seed_demo_permanences

    seed_demo_permanences(session, site, SystemClock())
    return site


def seed_demo_highlights(session: Session, site: Site, today: date | None = None) -> None:
    """Demo highlights for the current month, unless the month already has some."""
    today = today or datetime.now(ZoneInfo(site.timezone)).date()
    month = month_of(today)
    with writing(session):
        exists = session.scalar(
            select(Highlight.id).where(Highlight.site_id == site.id, Highlight.month == month)
        )
        if exists is not None:
            return
        for position, (title, body) in enumerate(DEMO_HIGHLIGHTS, start=1):
            session.add(
                Highlight(
                    site_id=site.id,
                    title=title,
                    body=body,
                    month=month,
                    position=position,
                    active=True,
                )
            )


def seed_demo_appointments(session: Session, site: Site, today: date | None = None) -> None:
    """Give the demo a few appointments today; a new day re-dates them and clears arrivals."""
    zone = ZoneInfo(site.timezone)
    today = today or datetime.now(zone).date()
    with writing(session):
        _date_appointments(session, site, zone, today)


def _date_appointments(session: Session, site: Site, zone: ZoneInfo, today: date) -> None:
    for code, service_code, at, minutes in DEMO_APPOINTMENTS:
        hours, mins = (int(part) for part in at.split(":"))
        starts = datetime.combine(today, time(hours, mins), tzinfo=zone)
        appointment = session.scalar(select(Appointment).where(Appointment.checkin_code == code))
        if appointment is None:
            appointment = Appointment(
                site_id=site.id,
                checkin_code=code,
                service_id=service_by_code(session, service_code).id,
            )
            session.add(appointment)
        elif appointment.starts_at.astimezone(zone).date() == today:
            continue
        appointment.starts_at = starts
        appointment.ends_at = starts + timedelta(minutes=minutes)
        appointment.arrived_at = None
