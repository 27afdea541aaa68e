"""The follow-through screens: the public idea wall (/idees) and the console's pages for ideas to
moderate, call-backs due and the checklist library. JSON routes are in server.api."""

from server.followup.views import followup

__all__ = ["followup"]
