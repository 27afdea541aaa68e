"""A month of statistics hands the server's event loop over between slices of rows, so a call
to the waiting room never waits for the whole page, and the figures are the same."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.periods import month_of
from server.extensions import db
from server.services import cooperation
from server.services.lookup import local_day, site_by_code
from server.services.statistics import period_statistics
from server.services.tickets import issue_ticket


def test_the_statistics_pause_between_slices_and_count_every_row(
    app: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        site = site_by_code(db.session, "mde-castelsarrasin")
        for _ in range(9):
            issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
        period = month_of(local_day(site, clock.now()))
        whole = period_statistics(db.session, [site], period)
        pauses: list[int] = []
        monkeypatch.setattr(cooperation, "pause", lambda: pauses.append(1))
        monkeypatch.setattr(cooperation, "ROWS_PER_SLICE", 2)
        monkeypatch.setattr("server.domain.statistics.PAUSE_EVERY", 2)
        sliced = period_statistics(db.session, [site], period)
        assert sliced == whole
        assert sliced["visits"] >= 9
        events = sliced["visits"]  # at least one event (the ticket's issue) per visit
        # One per slice of the log read, one per two events replayed, and between the steps.
        assert len(pauses) >= events // 2 + events // 2 + 3
        db.session.remove()
