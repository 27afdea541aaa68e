"""A seeded day written through the real use cases, so the event log is the one the queue
writes. Expectations in the tests are computed by hand from the timeline below.

Monday 30 November 2026, local times (UTC+1):
  A 09:00 kiosk caf-rsa (bg)        called 09:10 demo1, start 09:12, finish 09:32 procedure/resolved
  B 09:05 kiosk cpam-css, priority  called 09:20 demo2, start 09:21, transferred 09:31 to
                                    caf-logement; called 09:40 demo1, start 09:41, finish 09:56
                                    referral/referred
  C 09:10 kiosk impots-declaration  called 09:30 demo2, no-show 09:35
  D 09:20 kiosk caf-rsa             cancelled by the visitor 09:25
  E 09:45 walk-in poste-email       taken by demo2 09:45, finish 09:50 information/resolved
  F 10:00 kiosk justice-casier      called 10:05 demo1, sent back to the line 10:06, called
                                    10:10 demo2, start 10:11, finish 10:41 procedure/escalated
  Two presences without a procedure (09:15, 11:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from server.domain.lifecycle import Action
from server.extensions import db
from server.models import Agent, Site
from server.services.clock import FakeClock
from server.services.kiosk import record_presence
from server.services.tickets import act_on_ticket, issue_ticket, record_walk_in

DAY = date(2026, 11, 30)


def at(hour: int, minute: int, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=UTC)  # UTC+1


def seed_day(clock: FakeClock, day: date = DAY) -> dict[str, int]:
    """Write the day above (inside an app context); returns the ticket ids by letter."""
    session = db.session
    site = session.scalar(select(Site))
    demo1 = session.scalar(select(Agent).where(Agent.login == "demo1"))
    demo2 = session.scalar(select(Agent).where(Agent.login == "demo2"))
    ids: dict[str, int] = {}

    def when(hour: int, minute: int) -> None:
        clock.current = at(hour, minute, day)

    def issue(letter: str, service: str, **extra: Any) -> None:
        visit, _ = issue_ticket(session, site=site, service_code=service, clock=clock, **extra)
        ids[letter] = visit.id

    def act(ticket: int, action: Action, agent: Agent | None, **extra: Any) -> int:
        visit, _ = act_on_ticket(
            session, site=site, visit_id=ticket, action=action, agent=agent, clock=clock, **extra
        )
        return visit.id

    def outcome(service: str, partner: str, request_type: str, result: str) -> dict[str, str]:
        return {
            "service": service,
            "partner": partner,
            "request_type": request_type,
            "result": result,
        }

    when(9, 0)
    issue("A", "caf-rsa", language="bg")
    when(9, 5)
    issue("B", "cpam-css", priority=True)
    when(9, 10)
    issue("C", "impots-declaration")
    act(ids["A"], Action.CALL, demo1, counter_code="bureau-1")
    when(9, 12)
    act(ids["A"], Action.START, demo1)
    when(9, 15)
    record_presence(session, site, clock, "reading")
    when(9, 20)
    issue("D", "caf-rsa")
    act(ids["B"], Action.CALL, demo2, counter_code="bureau-2")
    when(9, 21)
    act(ids["B"], Action.START, demo2)
    when(9, 25)
    act(ids["D"], Action.CANCEL, None)
    when(9, 30)
    act(ids["C"], Action.CALL, demo2, counter_code="bureau-2")
    when(9, 31)
    act(ids["B"], Action.TRANSFER, demo2, service_code="caf-logement")
    from server.models import Visit

    ids["B2"] = session.scalar(select(Visit.id).where(Visit.transferred_from_id == ids["B"]))
    when(9, 32)
    act(ids["A"], Action.FINISH, demo1, outcome=outcome("caf-rsa", "caf", "procedure", "resolved"))
    when(9, 35)
    act(ids["C"], Action.NO_SHOW, demo2)
    when(9, 40)
    act(ids["B2"], Action.CALL, demo1, counter_code="bureau-1")
    when(9, 41)
    act(ids["B2"], Action.START, demo1)
    when(9, 45)
    walk_in, _ = record_walk_in(
        session, site=site, service_code="poste-email", agent=demo2, clock=clock
    )
    ids["E"] = walk_in.id
    when(9, 50)
    act(
        ids["E"],
        Action.FINISH,
        demo2,
        outcome=outcome("poste-email", "la-poste", "information", "resolved"),
    )
    when(9, 56)
    act(
        ids["B2"],
        Action.FINISH,
        demo1,
        outcome=outcome("caf-logement", "caf", "referral", "referred"),
    )
    when(10, 0)
    issue("F", "justice-casier")
    when(10, 5)
    act(ids["F"], Action.CALL, demo1, counter_code="bureau-1")
    when(10, 6)
    act(ids["F"], Action.RETURN, demo1)
    when(10, 10)
    act(ids["F"], Action.CALL, demo2, counter_code="bureau-2")
    when(10, 11)
    act(ids["F"], Action.START, demo2)
    when(10, 41)
    act(
        ids["F"],
        Action.FINISH,
        demo2,
        outcome=outcome("justice-casier", "justice", "procedure", "escalated"),
    )
    when(11, 0)
    record_presence(session, site, clock, "coffee")
    return ids
