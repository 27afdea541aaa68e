"""Wrong PINs: counted per login and source, atomically, with doubling lockouts.

A source is a trusted device (a browser where this login has signed in before, see
server/trusted_browsers.py) or else the client's address. A stranger typing wrong PINs from another
device only locks that other device out; the agent at their usual tablet still signs in.

Each attempt is counted *before* its PIN is checked, by one UPDATE ... RETURNING: parallel
guesses, in several processes, on PostgreSQL or SQLite, get at most `max_failures` checks
before the lockout; the next ones are refused without looking at the PIN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.models import SignInAttempts
from server.services.errors import Locked, Unauthorized
from server.services.transaction import changed_rows, reading, writing

FORGET_AFTER = timedelta(hours=24)  # a quiet day wipes the slate (failures and doubling)
LONGEST_LOCKOUT = timedelta(hours=24)
WRONG = "identifiant ou code PIN incorrect"
TOO_MANY = "trop de codes PIN erronés depuis cet appareil : réessayez plus tard"


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    first_lockout: timedelta = timedelta(minutes=1)
    locked_message: str = TOO_MANY

    def lockout(self, earlier_lockouts: int) -> timedelta:
        """1 minute, then 2, 4, 8… (with the defaults), never more than a day."""
        doubled: timedelta = self.first_lockout * 2 ** min(earlier_lockouts, 20)
        return min(doubled, LONGEST_LOCKOUT)


def _locked(
    until: datetime | None, now: datetime, fallback: timedelta, policy: LockoutPolicy
) -> Locked:
    seconds = math.ceil((until - now).total_seconds()) if until and until > now else None
    return Locked(
        policy.locked_message, retry_after_seconds=seconds or int(fallback.total_seconds())
    )


def _create_row(session: Session, login: str, source: str, now: datetime) -> None:
    """The row to count on, created once even when two first attempts race."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(SignInAttempts)
        .values(login=login, source=source, failures=0, lockouts=0, updated_at=now)
        .on_conflict_do_nothing()
    )


def count_attempt(
    session: Session, login: str, source: str, now: datetime, policy: LockoutPolicy
) -> int:
    """Count one attempt before its PIN is checked: its number in the window, or Locked."""
    stale = SignInAttempts.updated_at < now - FORGET_AFTER
    with writing(session):
        _create_row(session, login, source, now)
        counted = session.execute(
            update(SignInAttempts)
            .where(
                SignInAttempts.login == login,
                SignInAttempts.source == source,
                or_(SignInAttempts.locked_until.is_(None), SignInAttempts.locked_until <= now),
            )
            .values(
                failures=case((stale, 1), else_=SignInAttempts.failures + 1),
                lockouts=case((stale, 0), else_=SignInAttempts.lockouts),
                locked_until=None,
                updated_at=now,
            )
            .returning(SignInAttempts.failures, SignInAttempts.lockouts)
        ).first()
        if counted is None:  # locked: refused without looking at the PIN
            until = session.scalar(
                select(SignInAttempts.locked_until).where(
                    SignInAttempts.login == login, SignInAttempts.source == source
                )
            )
            raise _locked(until, now, policy.first_lockout, policy)
        number, lockouts = counted
    if number > policy.max_failures:  # a parallel guess beyond the allowance
        raise _locked(None, now, policy.lockout(lockouts), policy)
    return int(number)


def attempt_failed(
    session: Session, login: str, source: str, number: int, now: datetime, policy: LockoutPolicy
) -> Exception:
    """The refusal for a wrong PIN; the last allowed one starts the (doubled) lockout."""
    if number < policy.max_failures:
        return Unauthorized(WRONG, attempts_left=policy.max_failures - number)
    with writing(session):
        lockouts = session.scalar(
            select(SignInAttempts.lockouts).where(
                SignInAttempts.login == login, SignInAttempts.source == source
            )
        )
        until = now + policy.lockout(lockouts or 0)
        session.execute(
            update(SignInAttempts)
            .where(SignInAttempts.login == login, SignInAttempts.source == source)
            .values(
                locked_until=until,
                lockouts=SignInAttempts.lockouts + 1,
                failures=0,
                updated_at=now,
            )
        )
    return _locked(until, now, policy.first_lockout, policy)


def attempt_succeeded(session: Session, login: str, source: str) -> None:
    """The right PIN: this source starts afresh (inside the sign-in's transaction)."""
    with writing(session):
        session.execute(
            delete(SignInAttempts).where(
                SignInAttempts.login == login, SignInAttempts.source == source
            )
        )


def unlock(session: Session, login: str) -> int:
    """An administrator lifts every lockout of a login (every device, every address)."""
    with writing(session):
        rows = session.scalars(select(SignInAttempts).where(SignInAttempts.login == login)).all()
        for row in rows:
            session.delete(row)
    return len(rows)


def is_locked(session: Session, login: str, now: datetime) -> bool:
    """Whether some device or address is locked out of this login now (for the back-office)."""
    with reading(session):
        found = session.scalar(
            select(SignInAttempts.id).where(
                SignInAttempts.login == login, SignInAttempts.locked_until > now
            )
        )
    return found is not None


def forget_stale(session: Session, now: datetime) -> int:
    """Delete the counts nobody touched for a day (they hold addresses): the purge calls it."""
    with writing(session):
        return changed_rows(
            session,
            delete(SignInAttempts).where(
                SignInAttempts.updated_at < now - FORGET_AFTER,
                or_(SignInAttempts.locked_until.is_(None), SignInAttempts.locked_until <= now),
            ),
        )
