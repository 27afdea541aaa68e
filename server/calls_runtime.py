"""Inside the server, every UNANSWERED_CHECK_SECONDS: calls left without an answer return to
the line (server/services/unanswered.py), announced to agents and phones; then agents silent
past the site's idle time are taken off duty and their counters freed (services/agents.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from server.background import PeriodicJob, install_job
from server.extensions import db

EXTENSION = "accueil.unanswered_calls"
log = logging.getLogger("accueil.calls")


class UnansweredCallsRuntime(PeriodicJob):
    AUTOSTART = "UNANSWERED_AUTOSTART"
    FAILURE = "unanswered calls check failed"
    log = log

    def interval_seconds(self) -> float:
        return float(self.app.config["UNANSWERED_CHECK_SECONDS"])

    def run_once(self) -> int:
        """One pass over every site; returns how many tickets went back to the line."""
        from server.context import site_policy
        from server.models import Site
        from server.realtime.broadcasts import publish
        from server.services.agents import take_gone_agents_off_duty
        from server.services.unanswered import return_unanswered_calls

        clock = self.app.extensions["accueil.clock"]
        after = timedelta(minutes=float(self.app.config["UNANSWERED_CALL_MINUTES"]))
        returned = 0
        with self.app.app_context():
            try:
                for site in db.session.scalars(select(Site)).all():
                    idle = timedelta(minutes=site_policy(site, "agent_idle_minutes"))
                    events = return_unanswered_calls(
                        db.session, site, clock, after=after, idle=idle
                    )
                    returned += sum(1 for e in events if getattr(e, "action", "") == "return")
                    publish(events)
                    publish(take_gone_agents_off_duty(db.session, site, clock.now(), idle))
            finally:
                db.session.remove()
        if returned:
            log.info("%d unanswered call(s) returned to the line", returned)
        return returned


def unanswered_calls_runtime(app: Any) -> UnansweredCallsRuntime:
    runtime: UnansweredCallsRuntime = app.extensions[EXTENSION]
    return runtime


def install(app: Any) -> None:
    install_job(app, EXTENSION, UnansweredCallsRuntime(app))
