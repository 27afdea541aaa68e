"""The privacy purge runs inside the server: call-back numbers, old checklists, the reminder
numbers of appointments that are over, the minibus passengers' names after the trip, and visit
details past retention, at start and then every RETENTION_INTERVAL_HOURS, each run logged."""

from __future__ import annotations

import logging
from typing import Any

from server.background import PeriodicJob, install_job
from server.extensions import db

EXTENSION = "accueil.retention"
log = logging.getLogger("accueil.retention")


class RetentionRuntime(PeriodicJob):
    AUTOSTART = "RETENTION_AUTOSTART"
    FAILURE = "purge failed"
    log = log

    def interval_seconds(self) -> float:
        return float(self.app.config["RETENTION_INTERVAL_HOURS"]) * 3600

    def run_once(self) -> dict[str, int]:
        """One purge: the follow-up data first, then the visit details past retention."""
        from server.context import agent_idle
        from server.services.appointments import purge_phones
        from server.services.followup import purge_expired
        from server.services.lockout import forget_stale
        from server.services.minibus import purge_minibus
        from server.services.retention import apply_retention
        from server.services.sessions import forget_ended

        clock = self.app.extensions["accueil.clock"]
        with self.app.app_context():
            try:
                counts = purge_expired(db.session, clock)
                counts["appointment_phones"] = purge_phones(db.session, clock)
                counts["minibus_passengers"] = purge_minibus(
                    db.session, self.app.config["TIMEZONE"], clock
                )
                counts.update(apply_retention(db.session(), clock))
                counts["sign_in_counts"] = forget_stale(db.session, clock.now())
                counts["agent_sessions"] = forget_ended(db.session, clock.now(), agent_idle())
            finally:
                db.session.remove()
        log.info(
            "purge: %d call-back number(s), %d checklist(s), %d visit(s) past retention, "
            "%d appointment reminder number(s), %d minibus passenger(s)",
            counts["callbacks"],
            counts["checklists"],
            counts["visits"],
            counts["appointment_phones"],
            counts["minibus_passengers"],
        )
        return counts


def install(app: Any) -> None:
    install_job(app, EXTENSION, RetentionRuntime(app))
