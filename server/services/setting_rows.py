"""A site's settings rows (policy, hours, peak mode...), read once per transaction.

`session.get` answers from the identity map only for rows that exist; an absent row (a site
that kept every default) cost one query per question — six for the policy alone on each
ticket. Here the answer, absent or not, is remembered until the transaction ends or a
setting row is added in this session; an existing row is the identity map's own object, so
a change made to it in this transaction is seen at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from server.models import Setting, Site

_CACHE = "accueil.setting_rows"


def setting_row(session: Session, site: Site, key: str) -> Setting | None:
    known: dict[tuple[int, str], Setting | None] = session.info.setdefault(_CACHE, {})
    wanted = (site.id, key)
    if wanted not in known:
        known[wanted] = session.get(Setting, wanted)
    return known[wanted]


def _forget(session: Session, *_: Any) -> None:
    session.info.pop(_CACHE, None)


@event.listens_for(Session, "transient_to_pending")
def _a_setting_was_added(session: Session, instance: object) -> None:
    if isinstance(instance, Setting):
        _forget(session)


@event.listens_for(Session, "persistent_to_deleted")
def _a_setting_was_deleted(session: Session, instance: object) -> None:
    if isinstance(instance, Setting):
        _forget(session)


event.listen(Session, "after_transaction_end", _forget)
