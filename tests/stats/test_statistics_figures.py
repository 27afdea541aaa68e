"""The statistics of a seeded day, against figures worked out by hand from its timeline."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.periods import Period, make_period
from server.extensions import db
from server.models import Site
from server.services.statistics import period_statistics
from tests.stats.scenario import DAY, seed_day


@pytest.fixture
def figures(app: Any, clock: Any) -> dict[str, Any]:
    with app.app_context():
        seed_day(clock)
        site = db.session.query(Site).one()
        return period_statistics(db.session(), [site], Period("day", DAY, DAY))


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {row["code"]: row["count"] for row in rows}


def test_a_visit_transferred_or_sent_back_to_the_line_counts_once(figures: dict[str, Any]) -> None:
    assert figures["visits"] == 6
    assert figures["served_visits"] == 4
    assert figures["transfers"] == 1
    assert counts(figures["by_channel"]) == {"kiosk": 5, "walk_in": 1}


def test_requests_are_counted_per_partner_theme_and_result(figures: dict[str, Any]) -> None:
    assert figures["requests"] == 4
    assert counts(figures["by_partner"]) == {"caf": 2, "justice": 1, "la-poste": 1}
    assert counts(figures["by_theme"]) == {"logement": 2, "famille": 1, "justice": 1}
    assert counts(figures["by_result"]) == {"resolved": 2, "referred": 1, "escalated": 1}
    assert counts(figures["by_request_type"]) == {"procedure": 2, "information": 1, "referral": 1}
    caf_logement = [
        r for r in figures["breakdown"] if r["theme"] == "logement" and r["partner"] == "caf"
    ]
    assert caf_logement == [
        {
            "partner": "caf",
            "theme": "logement",
            "result": "referred",
            "channel": "kiosk",
            "count": 1,
        }
    ]


def test_presences_without_a_procedure_are_apart(figures: dict[str, Any]) -> None:
    assert figures["presences"] == 2
    assert figures["visits"] == 6  # not 8


def test_no_shows_and_cancellations_by_the_visitor(figures: dict[str, Any]) -> None:
    assert figures["no_shows"] == 1
    assert figures["cancelled_by_visitor"] == 1
    assert figures["cancelled_by_agent"] == 0


def test_waits_run_from_arrival_to_first_call_and_leave_walk_ins_out(
    figures: dict[str, Any],
) -> None:
    # A 10, B 15, C 20, F 5 (its first call; the return does not restart it); E never queued.
    assert figures["wait"] == {"count": 4, "median": 12.5, "p90": 20.0}
    by_hour = {row["hour"]: row for row in figures["wait_by_hour"]}
    assert by_hour["09 h"] == {"hour": "09 h", "count": 3, "median": 15.0, "p90": 20.0}
    assert by_hour["10 h"]["median"] == 5.0
    assert figures["wait_by_weekday"] == [
        {"weekday": "lundi", "count": 4, "median": 12.5, "p90": 20.0}
    ]


def test_service_durations_count_each_finished_ticket(figures: dict[str, Any]) -> None:
    # A 20, B after its transfer 15, E 5, F 30.
    assert figures["service"] == {"count": 4, "median": 17.5, "p90": 30.0}


def test_priority_share_and_kiosk_languages(figures: dict[str, Any]) -> None:
    assert figures["priority_share"] == round(1 / 6, 3)
    assert counts(figures["languages"]) == {"fr": 4, "bg": 1}


def test_load_by_half_hour_against_agents_at_work(figures: dict[str, Any]) -> None:
    load = {row["slot"]: row for row in figures["load"]}
    assert load["09:00"] == {"slot": "09:00", "arrivals": 4.0, "agents": 2.0}
    assert load["09:30"]["arrivals"] == 1.0
    assert load["10:30"] == {"slot": "10:30", "arrivals": 0.0, "agents": 1.0}


def test_a_period_that_does_not_contain_the_day_is_empty(app: Any, clock: Any) -> None:
    with app.app_context():
        seed_day(clock)
        site = db.session.query(Site).one()
        before = period_statistics(db.session(), [site], make_period("week", DAY.replace(day=23)))
        month = period_statistics(db.session(), [site], make_period("month", DAY))
    assert before["visits"] == 0 and before["wait"]["median"] is None
    assert month["visits"] == 6 and month["period"]["label"] == "novembre 2026"


def test_visits_never_served_are_counted_so_the_visits_add_up(
    app: Any, clock: Any, login: Any
) -> None:
    """G took a ticket at 11:30 and was never called (gone, or still waiting at closing): with
    the served, the absent and the cancelled, every visit is accounted for."""
    from server.services.tickets import issue_ticket
    from tests.stats.scenario import at

    with app.app_context():
        seed_day(clock)
        site = db.session.query(Site).one()
        clock.current = at(11, 30)
        issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
        figures = period_statistics(db.session(), [site], Period("day", DAY, DAY))
    assert figures["not_served"] == 1
    assert (
        figures["visits"]
        == 7
        == (
            figures["served_visits"]
            + figures["no_shows"]
            + figures["cancelled_by_visitor"]
            + figures["cancelled_by_agent"]
            + figures["not_served"]
        )
    )
    page = login("demo1").get(f"/admin/stats?period=day&date={DAY.isoformat()}").text
    assert 'id="figure-not-served">1<' in page
    assert 'id="figure-served-visits">4<' in page  # the sum can be made on the page itself


def test_appointments_nobody_came_to_are_counted_as_missed(
    app: Any, clock: Any, login: Any
) -> None:
    """At noon: the 9:30 nobody came to is missed; the 10:00 kept, the 10:30 cancelled and the
    14:00 still to come are not. The month's no-shows showed ticket-holders only."""
    from datetime import timedelta

    from server.models import Appointment
    from server.services.lookup import service_by_code
    from tests.stats.scenario import at

    with app.app_context():
        seed_day(clock)
        site = db.session.query(Site).one()
        service = service_by_code(db.session, "caf-rsa")
        for code, (hour, minute), arrived, cancelled in (
            ("M1", (9, 30), False, False),
            ("M2", (10, 0), True, False),
            ("M3", (10, 30), False, True),
            ("M4", (14, 0), False, False),
        ):
            starts = at(hour, minute)
            db.session.add(
                Appointment(
                    site_id=site.id,
                    service_id=service.id,
                    checkin_code=code,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=30),
                    arrived_at=starts if arrived else None,
                    cancelled=cancelled,
                )
            )
        db.session.commit()
        noon = period_statistics(db.session(), [site], Period("day", DAY, DAY), at(12, 0))
        evening = period_statistics(db.session(), [site], Period("day", DAY, DAY), at(19, 0))
    assert (noon["missed_appointments"], evening["missed_appointments"]) == (1, 2)
    clock.current = at(12, 0)
    page = login("demo1").get(f"/admin/stats?period=day&date={DAY.isoformat()}").text
    assert 'id="figure-missed-appointments">1<' in page
