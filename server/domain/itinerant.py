"""Where the itinerant France Services stops: two alternating weekly patterns (docs/DOMAIN.md).

"Week N of the month" is decided by the Monday that starts the week (Monday to Sunday): a
Monday on days 1-7 of its month starts week 1, days 8-14 week 2, 15-21 week 3, 22-28 week 4
and 29-31 week 5. A week that straddles two months belongs to the month of its Monday, so
every week has exactly one pattern. Pattern A runs on weeks 1 and 3, pattern B on weeks 2
and 4; the fifth week is a setting ("A", "B" or "none": no tour).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum


class Pattern(StrEnum):
    A = "A"
    B = "B"


class HalfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    DAY = "day"


HALF_DAY_LABELS = {
    HalfDay.MORNING: "matin",
    HalfDay.AFTERNOON: "après-midi",
    HalfDay.DAY: "journée",
}
FIFTH_WEEK_CHOICES = ("A", "B", "none")

# The workshop gave hours only for the full days (Tuesday, Friday). Half-days use these until
# the team publishes theirs; changing them here changes every screen.
MORNING = (time(9, 0), time(12, 0))
AFTERNOON = (time(14, 0), time(17, 0))
TUESDAY = (time(9, 0), time(17, 0))
FRIDAY = (time(8, 0), time(16, 0))


@dataclass(frozen=True)
class Slot:
    """One half-day of a pattern: a public stop, or an internal slot (team meeting)."""

    weekday: int  # 0 = Monday
    half_day: HalfDay
    commune: str
    place: str
    hours: tuple[time, time]
    to_confirm: bool = False  # the workshop marked the place with "?"
    public: bool = True
    # Filled when the tour comes from the database (server.services.itinerant).
    slot_id: int | None = None
    stop_id: int | None = None
    address: str = ""
    notes: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Change:
    """A single-date exception to the pattern: a half-day cancelled, or moved elsewhere/else when.

    `slot` is the pattern's slot it replaces that day; for a move, `replacement` is the slot as it
    will be held (another place, other hours)."""

    day: date
    slot_id: int
    kind: str  # "cancelled" | "moved"
    note: str = ""
    replacement: Slot | None = None


def _team_meeting(weekday: int, half_day: HalfDay, hours: tuple[time, time]) -> Slot:
    return Slot(
        weekday, half_day, "", "Réunion d'équipe et échanges partenaires", hours, public=False
    )


_AM, _PM, _DAY = HalfDay.MORNING, HalfDay.AFTERNOON, HalfDay.DAY
_MOISSAC_TUESDAY = Slot(1, _DAY, "Moissac", "Mairie annexe du Sarlac", TUESDAY)
_MOISSAC_FRIDAY = Slot(4, _DAY, "Moissac", "Accueil de MAJ", FRIDAY, to_confirm=True)

# The workshop's draft: what a new database starts with (server.services.itinerant seeds it);
# from then on the team edits the tour from the admin screen.
PATTERNS: dict[Pattern, tuple[Slot, ...]] = {
    Pattern.A: (
        Slot(0, _AM, "Saint-Agnan", "La Poste", MORNING),
        Slot(0, _PM, "Fajolles", "Salle des fêtes", AFTERNOON, to_confirm=True),
        _MOISSAC_TUESDAY,
        Slot(2, _AM, "Caumont", "Mairie (à l'étage)", MORNING),
        Slot(2, _PM, "Garganvillar", "Salle des fêtes", AFTERNOON, to_confirm=True),
        _team_meeting(3, _AM, MORNING),
        Slot(3, _PM, "Labourgade", "Salle des fêtes", AFTERNOON, to_confirm=True),
        _MOISSAC_FRIDAY,
    ),
    Pattern.B: (
        Slot(0, _AM, "Boudou", "Salle des fêtes ou mairie", MORNING, to_confirm=True),
        _team_meeting(0, _PM, AFTERNOON),
        _MOISSAC_TUESDAY,
        Slot(2, _AM, "Durfort-Lacapelette", "Relais poste-commerçant", MORNING, to_confirm=True),
        Slot(2, _PM, "Montesquieu", "Salle polyvalente de la mairie", AFTERNOON, to_confirm=True),
        Slot(3, _AM, "Saint-Porquier", "Salle à côté de la mairie", MORNING, to_confirm=True),
        Slot(3, _PM, "Cordes-Tolosannes", "Salle des fêtes", AFTERNOON, to_confirm=True),
        _MOISSAC_FRIDAY,
    ),
}


@dataclass(frozen=True)
class Stop:
    """A public stop on a given date; a cancelled one stays listed so the public is told."""

    day: date
    slot: Slot
    status: str = "planned"  # planned | cancelled | moved
    note: str = ""


@dataclass(frozen=True)
class ItinerantWeek:
    monday: date
    week_of_month: int
    pattern: Pattern | None  # None: no tour that week
    stops: tuple[Stop, ...]
    closed_days: tuple[date, ...]  # public holidays that cancel stops


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of_month(day: date) -> int:
    """1 to 5, from the day-of-month of the Monday that starts `day`'s week."""
    return (monday_of(day).day - 1) // 7 + 1


def pattern_for(day: date, fifth_week: str = "none") -> Pattern | None:
    """The pattern of `day`'s week; the fifth week follows the setting."""
    week = week_of_month(day)
    if week == 5:
        if fifth_week not in FIFTH_WEEK_CHOICES:
            raise ValueError(f"la cinquième semaine est l'une de : {', '.join(FIFTH_WEEK_CHOICES)}")
        return None if fifth_week == "none" else Pattern(fifth_week)
    return Pattern.A if week in (1, 3) else Pattern.B


_HALF_DAY_ORDER = {HalfDay.MORNING: 0, HalfDay.DAY: 0, HalfDay.AFTERNOON: 1}


def itinerant_week(
    day: date,
    fifth_week: str = "none",
    closed_dates: Iterable[date] = (),
    patterns: dict[Pattern, tuple[Slot, ...]] | None = None,
    changes: Iterable[Change] = (),
) -> ItinerantWeek:
    """The public stops of `day`'s week, minus the days closed for a public holiday, with the
    single-date changes applied (a cancelled stop is kept, marked, so the public is told)."""
    monday = monday_of(day)
    pattern = pattern_for(monday, fifth_week)
    closed = frozenset(closed_dates)
    by_slot = {(c.day, c.slot_id): c for c in changes}
    stops: list[Stop] = []
    cancelled: set[date] = set()
    for slot in (patterns or PATTERNS)[pattern] if pattern else ():
        if not slot.public:
            continue
        when = monday + timedelta(days=slot.weekday)
        if when in closed:
            cancelled.add(when)
            continue
        change = by_slot.get((when, slot.slot_id)) if slot.slot_id is not None else None
        if change is None:
            stops.append(Stop(when, slot))
        elif change.kind == "moved" and change.replacement is not None:
            stops.append(Stop(when, change.replacement, "moved", change.note))
        else:
            stops.append(Stop(when, slot, "cancelled", change.note))
    stops.sort(key=lambda s: (s.day, _HALF_DAY_ORDER[s.slot.half_day], s.slot.hours[0]))
    return ItinerantWeek(
        monday, week_of_month(monday), pattern, tuple(stops), tuple(sorted(cancelled))
    )


def itinerant_schedule(
    today: date,
    weeks: int,
    fifth_week: str = "none",
    closed_dates: Iterable[date] = (),
    patterns: dict[Pattern, tuple[Slot, ...]] | None = None,
    changes: Iterable[Change] = (),
) -> list[ItinerantWeek]:
    """This week and the following ones, `weeks` in all."""
    closed = frozenset(closed_dates)
    listed = tuple(changes)
    return [
        itinerant_week(monday_of(today) + timedelta(weeks=n), fifth_week, closed, patterns, listed)
        for n in range(weeks)
    ]
