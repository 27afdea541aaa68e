"""SQLAlchemy 2.0 typed models, one module per domain seam."""

from server.models.agenda import CalendarLink, MinibusBooking, MinibusTrip, Permanence
from server.models.archive import StatisticsArchive
from server.models.audit import AuditEntry
from server.models.catalogue import Counter, Partner, Service, Site, SiteService
from server.models.devices import Device, DevicePairing
from server.models.followup import (
    CallbackRequest,
    Checklist,
    ChecklistTemplate,
    ChecklistTemplateVersion,
)
from server.models.ideas import Idea
from server.models.info import Highlight
from server.models.itinerant import ItinerantException, ItinerantSlot, ItinerantStop
from server.models.kiosk import IdempotencyKey  # noqa: F401  (registers the table)
from server.models.people import ADMIN_ROLES, Agent, AgentSession, SignInAttempts, agent_sites
from server.models.printing import Printer, PrintJobRecord  # noqa: F401  (registers the tables)
from server.models.queue import Appointment, Presence, Setting, TicketSequence, Visit, VisitEvent
from server.models.sync import SyncLedger, SyncOrigin, SyncState, SyncToken

__all__ = [
    "ADMIN_ROLES",
    "Agent",
    "AgentSession",
    "Appointment",
    "AuditEntry",
    "CalendarLink",
    "CallbackRequest",
    "Checklist",
    "ChecklistTemplate",
    "ChecklistTemplateVersion",
    "Counter",
    "Device",
    "DevicePairing",
    "Highlight",
    "Idea",
    "ItinerantException",
    "ItinerantSlot",
    "ItinerantStop",
    "MinibusBooking",
    "MinibusTrip",
    "Partner",
    "Permanence",
    "Presence",
    "Service",
    "Setting",
    "SignInAttempts",
    "Site",
    "SiteService",
    "StatisticsArchive",
    "SyncLedger",
    "SyncOrigin",
    "SyncState",
    "SyncToken",
    "TicketSequence",
    "Visit",
    "VisitEvent",
    "agent_sites",
]
