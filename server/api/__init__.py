"""The JSON API under /api/v1: parse, call a service, answer. Errors are always JSON."""

from apiflask import APIBlueprint

api = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="Accueil")

# Routes register on import.
from server.api import (  # noqa: E402, F401
    admin,
    agent,
    appointments,
    auth,
    calendars,
    callbacks,
    checklist_library,
    console,
    ideas,
    info,
    itinerant_admin,
    kiosk,
    minibus,
    permanences,
    printing,
    screens,
    site,
    sync,
    tickets,
)
