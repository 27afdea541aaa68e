"""The JSON API under /api/v1: parse, call a service, answer. Errors are always JSON."""

from apiflask import APIBlueprint

api = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="Accueil")

from server.api import admin, agent, auth, console, info, kiosk, printing, site, tickets  # noqa: E402,F401  (routes register on import)
