"""Who is called next: the fairness rule of the waiting line, in one place.

The rule, in order:
1. A visitor with an appointment whose slot is due (it starts within `appointment_early_minutes`)
   goes first, earliest slot first.
2. Then priority visitors (cannot stand long, disability, pregnancy; the reason is never asked),
   earliest arrival first...
3. ...except when the last `max_priority_streak` calls of the site were all priority calls and
   the longest-waiting normal ticket has waited `starvation_minutes` or more: that normal
   ticket goes next (anti-starvation).
4. Then everybody else, earliest arrival first. Ties are broken by the ticket id, so the order
   is total and two agents always see the same line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class FairnessRule:
    max_priority_streak: int = 2
    starvation_minutes: int = 15
    appointment_early_minutes: int = 5


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket, as far as ordering is concerned."""

    id: int
    arrived_at: datetime
    priority: bool = False
    appointment_at: datetime | None = None


class Waiting(Protocol):
    """What ordering reads of a waiting ticket: a Candidate, or any row with these fields."""

    @property
    def id(self) -> int: ...
    @property
    def arrived_at(self) -> datetime: ...
    @property
    def priority(self) -> bool: ...
    @property
    def appointment_at(self) -> datetime | None: ...


W = TypeVar("W", bound=Waiting)


def is_due_appointment(candidate: Waiting, now: datetime, rule: FairnessRule) -> bool:
    """An appointment counts from a few minutes before its slot starts."""
    if candidate.appointment_at is None:
        return False
    return candidate.appointment_at - timedelta(minutes=rule.appointment_early_minutes) <= now


def queue_order(
    candidates: Iterable[W], now: datetime, rule: FairnessRule | None = None
) -> list[W]:
    """The static order of the line (rules 1, 2 and 4), used for positions and displays."""
    rule = rule or FairnessRule()

    def key(c: W) -> tuple[int, datetime, int]:
        if is_due_appointment(c, now, rule):
            assert c.appointment_at is not None
            return (0, c.appointment_at, c.id)
        return (1 if c.priority else 2, c.arrived_at, c.id)

    return sorted(candidates, key=key)


def choose_next(
    candidates: Sequence[Candidate],
    recent_calls_priority: Sequence[bool],
    now: datetime,
    rule: FairnessRule | None = None,
) -> Candidate | None:
    """The ticket to call now. `recent_calls_priority` lists the site's latest calls, newest first,
    True where the call was a priority one."""
    rule = rule or FairnessRule()
    ordered = queue_order(candidates, now, rule)
    if not ordered:
        return None
    first = ordered[0]
    if first.priority and not is_due_appointment(first, now, rule):
        streak = recent_calls_priority[: rule.max_priority_streak]
        if len(streak) == rule.max_priority_streak and all(streak):
            starving = [
                c
                for c in ordered
                if not c.priority
                and not is_due_appointment(c, now, rule)
                and now - c.arrived_at >= timedelta(minutes=rule.starvation_minutes)
            ]
            if starving:
                return starving[0]
    return first
