"""SQLAlchemy 2.0 typed models, one module per domain seam."""

from server.models.catalogue import Counter, Partner, Service, Site
from server.models.people import Agent
from server.models.queue import Appointment, Presence, Setting, TicketSequence, Visit, VisitEvent

__all__ = [
    "Agent",
    "Appointment",
    "Counter",
    "Partner",
    "Presence",
    "Service",
    "Setting",
    "Site",
    "TicketSequence",
    "Visit",
    "VisitEvent",
]
