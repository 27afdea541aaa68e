"""Domain events, past tense. Services return them; broadcasting turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Event:
    site: str


@dataclass(frozen=True)
class TicketIssued(Event):
    ticket_id: int
    number: str
    service: str
    token: str


@dataclass(frozen=True)
class TicketCalled(Event):
    ticket_id: int
    number: str
    service_label: str
    counter: str | None
    counter_label: str | None
    called_at: datetime
    token: str
    recall: bool = False
    coming_to_you: bool = False


@dataclass(frozen=True)
class TicketChanged(Event):
    ticket_id: int
    number: str
    status: str
    action: str
    token: str
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueChanged(Event):
    pass


@dataclass(frozen=True)
class AgentsChanged(Event):
    pass


@dataclass(frozen=True)
class PeakChanged(Event):
    """Peak mode was switched: agents and kiosks hear the new view."""

    on: bool
    suggested: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class SettingChanged(Event):
    key: str
    value: object = None


@dataclass(frozen=True)
class SessionsEnded(Event):
    """Agents' sessions ended (sign-out, PIN reset, deactivation, idle): close their sockets."""

    session_ids: tuple[str, ...]
