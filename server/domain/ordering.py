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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class FairnessRule:
    max_priority_streak: int = 2
    starvation_minutes: int = 15
    appointment_early_minutes: int = 5


@dataclass(frozen=True, slots=True)
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


def order_key(now: datetime, rule: FairnessRule) -> Callable[[Waiting], tuple[int, datetime, int]]:
    """The sort key of the static order (rules 1, 2 and 4) at `now`."""
    early = timedelta(minutes=rule.appointment_early_minutes)

    def key(c: Waiting) -> tuple[int, datetime, int]:
        booked = c.appointment_at
        if booked is not None and booked - early <= now:
            return (0, booked, c.id)
        return (1 if c.priority else 2, c.arrived_at, c.id)

    return key


def queue_order(
    candidates: Iterable[W], now: datetime, rule: FairnessRule | None = None
) -> list[W]:
    """The static order of the line (rules 1, 2 and 4), used for positions and displays."""
    return sorted(candidates, key=order_key(now, rule or FairnessRule()))


def choose_next(
    candidates: Sequence[W],
    recent_calls_priority: Sequence[bool],
    now: datetime,
    rule: FairnessRule | None = None,
) -> W | None:
    """The ticket to call now. `recent_calls_priority` lists the site's latest calls, newest first,
    True where the call was a priority one.

    The first of the static order is a minimum, not a sort: the wait estimate asks this question
    once per ticket it serves in expectation, so a line of n tickets costs O(n) per call."""
    rule = rule or FairnessRule()
    if not candidates:
        return None
    key = order_key(now, rule)
    first = min(candidates, key=key)
    if first.priority and not is_due_appointment(first, now, rule):
        streak = recent_calls_priority[: rule.max_priority_streak]
        if len(streak) == rule.max_priority_streak and all(streak):
            waited_since = now - timedelta(minutes=rule.starvation_minutes)
            starving = [
                c
                for c in candidates
                if not c.priority
                and not is_due_appointment(c, now, rule)
                and c.arrived_at <= waited_since
            ]
            if starving:
                return min(starving, key=key)
    return first
