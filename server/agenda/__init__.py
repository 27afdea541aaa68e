"""Agenda screens: the console's appointment book (/console/agenda) and the visitor's page of
their appointment (/rdv/<token>). Routes of the JSON API are in server.api.appointments."""

from server.agenda.views import agenda

__all__ = ["agenda"]
