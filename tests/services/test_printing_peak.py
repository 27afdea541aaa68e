"""When the server suggests peak mode: a long line, or many arrivals in the last 15 minutes."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.events import PeakChanged
from server.extensions import db
from server.services.lookup import site_by_code
from server.services.peak import PeakThresholds, peak_view, set_peak
from server.services.tickets import issue_ticket


@pytest.fixture
def site(app: Any) -> Any:
    with app.app_context():
        yield site_by_code(db.session, "mde-castelsarrasin")


def issue(site: Any, clock: Any, count: int) -> None:
    for _ in range(count):
        issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)


def test_a_quiet_morning_suggests_nothing(site, clock):
    issue(site, clock, 2)
    view = peak_view(db.session, site, clock, PeakThresholds(waiting=3, arrivals_per_15_min=3))
    assert view == {"on": False, "suggested": False, "reason": None}


def test_enough_people_waiting_suggests_peak_mode_with_their_number(site, clock):
    issue(site, clock, 3)
    view = peak_view(db.session, site, clock, PeakThresholds(waiting=3, arrivals_per_15_min=99))
    assert view == {"on": False, "suggested": True, "reason": "3 personnes attendent"}


def test_a_burst_of_arrivals_suggests_peak_mode_only_while_it_is_recent(site, clock):
    thresholds = PeakThresholds(waiting=99, arrivals_per_15_min=4)
    issue(site, clock, 4)
    assert peak_view(db.session, site, clock, thresholds)["reason"] == "4 arrivées en 15 minutes"
    clock.advance(minutes=16)
    assert peak_view(db.session, site, clock, thresholds)["suggested"] is False


def test_nothing_is_suggested_once_peak_mode_is_on(site, clock):
    thresholds = PeakThresholds(waiting=1, arrivals_per_15_min=1)
    issue(site, clock, 5)
    view, events = set_peak(db.session, site, True, clock, thresholds)
    assert view == {
        "on": True,
        "suggested": False,
        "reason": None,
    }
    assert events == [PeakChanged(site.code, True, False, None)]
