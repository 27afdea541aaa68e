"""A site's settings are read once per process until the back-office changes them, and a
change is seen at once: in its own transaction, then by every later request."""

from __future__ import annotations

from typing import Any

import pytest

from server.extensions import db
from server.services.admin_settings import save_settings, site_setting
from server.services.lookup import site_by_code
from server.services.peak import PeakThresholds, peak_on, set_peak
from server.services.transaction import reading, writing
from tests.sql_spy import statements_sent


@pytest.fixture
def site(app: Any) -> Any:
    with app.app_context():
        yield site_by_code(db.session, "mde-castelsarrasin")


def settings_queries(run: Any) -> int:
    with statements_sent(db.engine) as seen:
        run()
    return sum("FROM settings" in statement for statement in seen)


def test_a_site_that_kept_the_defaults_costs_one_query_until_a_setting_changes(
    site: Any,
) -> None:
    def ticket_like() -> None:
        with reading(db.session) as session:
            for key in ("starvation_minutes", "max_priority_streak", "agent_idle_minutes"):
                site_setting(session, site, key)
            site_setting(session, site, "starvation_minutes")

    assert settings_queries(ticket_like) == 1
    assert settings_queries(ticket_like) == 0  # the next requests: read once per process
    with writing(db.session) as session:
        save_settings(session, site, {"policy": {"starvation_minutes": 25}})
    assert settings_queries(ticket_like) == 1  # the change made it read again
    with reading(db.session) as session:
        assert site_setting(session, site, "starvation_minutes") == 25


def test_a_setting_saved_in_the_transaction_is_read_back_at_once(site: Any, clock: Any) -> None:
    with writing(db.session) as session:
        assert site_setting(session, site, "starvation_minutes") == 15  # the default, remembered
        save_settings(session, site, {"policy": {"starvation_minutes": 25}})
        assert site_setting(session, site, "starvation_minutes") == 25
        assert not peak_on(session, site)
        set_peak(session, site, True, clock, PeakThresholds(waiting=9, arrivals_per_15_min=9))
        assert peak_on(session, site)
    with reading(db.session) as session:
        assert site_setting(session, site, "starvation_minutes") == 25 and peak_on(session, site)
