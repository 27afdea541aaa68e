"""Texts whose key is built at run time (a theme's code, a checklist item's kind, an error's key,
a status looked up in a table): named here so `pybabel extract` keeps them in the catalogues."""

from __future__ import annotations


def N_(key: str) -> str:
    """Marks a key for extraction; translated later, where the page knows its language."""
    return key


def N_plural(key: str) -> str:
    """Marks a key the browser asks for with a count (a plural: its forms by CLDR category)."""
    return key


PLURALS_ASKED_BY_SCRIPTS = (N_plural("queue.waiting"),)

BUILT_AT_RUN_TIME = (
    # kiosk and phone: themes and the general request, by code
    N_("theme.emploi"),
    N_("theme.justice"),
    N_("theme.sante"),
    N_("theme.budget"),
    N_("theme.famille"),
    N_("theme.logement"),
    N_("service.accueil-general"),
    # kiosk: an appointment check-in's answer, by HTTP status; the phone: how a visit ended
    N_("appointment.unknown"),
    N_("appointment.ambiguous"),
    N_("appointment.late"),
    N_("phone.cancelled"),
    N_("phone.no_show"),
    N_("phone.expired"),
    # idea wall: categories and the visitor-facing errors (ServiceError.translatable)
    N_("ideas.category.place"),
    N_("ideas.category.services"),
    N_("ideas.category.other"),
    N_("error.idea_category"),
    N_("error.idea_short"),
    N_("error.idea_long"),
    N_("error.idea_personal"),
    # the visitor's checklist: item kinds and how much of it is translated
    N_("checklist.kind.step"),
    N_("checklist.kind.document"),
    N_("checklist.kind.contact"),
    N_("checklist.kind.when"),
    N_("checklist.kind.link"),
    N_("checklist.lang_all"),
    N_("checklist.lang_some"),
    N_("checklist.lang_none"),
)
