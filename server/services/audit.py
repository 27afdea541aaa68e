"""The back-office's audit trail: each change is recorded in the same transaction as itself.

The acting administrator is put on the session by the back-office's gate (`admin_only`), so
use cases record without taking one more argument; PINs are never written, only "changed".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.french import office_time
from server.models import Agent, Site
from server.models.audit import AuditEntry
from server.services.clock import Clock, SystemClock

ACTOR = "accueil.actor"  # in session.info: the id of the administrator making the change
SECRET_FIELDS = {"pin", "pin_again"}
PAGE_SIZE = 200

# What the Journal says of each action, in the back-office's words (the code stays stored).
ACTION_LABELS = {
    "agent.created": "Agent créé",
    "agent.updated": "Agent modifié",
    "agent.unlocked": "Agent débloqué",
    "counter.created": "Guichet créé",
    "counter.updated": "Guichet modifié",
    "device.paired": "Écran appairé",
    "device.updated": "Écran modifié",
    "device.revoked": "Écran révoqué",
    "highlight.created": "Information à la une ajoutée",
    "highlight.updated": "Information à la une modifiée",
    "highlight.image": "Image jointe à une information",
    "highlight.image_removed": "Image retirée d'une information",
    "hours.saved": "Horaires enregistrés",
    "printer.added": "Imprimante ajoutée",
    "printer.updated": "Imprimante modifiée",
    "printer.removed": "Imprimante supprimée",
    "service.created": "Démarche ajoutée",
    "service.updated": "Démarche modifiée",
    "settings.saved": "Réglages enregistrés",
    "site.created": "Site créé",
    "site.initialized": "Site installé",
    "sync_token.created": "Jeton d'itinérance créé",
    "sync_token.revoked": "Jeton d'itinérance révoqué",
}


# The values' names, in the forms' words: the stored key stays as it was given to the API.
FIELD_LABELS = {
    "active": "Actif",
    "address": "Adresse",
    "admin": "Administrateur",
    "alt": "Ce que montre l'image",
    "body": "Texte",
    "bytes": "Taille (octets)",
    "closures": "Fermetures",
    "code": "Code",
    "commune": "Commune",
    "date": "Date",
    "deployed": "Déployée",
    "ends_on": "Au (inclus)",
    "hours": "Heures",
    "id": "Numéro",
    "kind": "Type",
    "label": "Libellé",
    "labels": "Libellés traduits",
    "location": "À côté de la borne",
    "login": "Identifiant",
    "name": "Nom",
    "openings": "Ouvertures exceptionnelles",
    "partner": "Partenaire",
    "pictogram": "Pictogramme",
    "pin": "Code PIN",
    "policy": "Règles",
    "position": "Ordre",
    "prefix": "Lettre des tickets",
    "public_url": "Adresse pour les téléphones",
    "reason": "Raison",
    "role": "Rôle",
    "school_zone": "Zone des vacances scolaires",
    "second_body": "Texte traduit",
    "second_language": "Langue de la traduction",
    "second_title": "Titre traduit",
    "serves_all": "Toutes les démarches",
    "services": "Démarches",
    "site": "Site",
    "sites": "Sites",
    "starts_on": "Du",
    "theme": "Thème",
    "timezone": "Fuseau horaire",
    "title": "Titre",
    "url": "Adresse",
    "week": "Semaine type",
}
FIELD_LABELS_OF = {  # where a form names a field more precisely
    "agent": {"name": "Nom affiché"},
    "counter": {"label": "Nom affiché à l'écran"},
    "device": {"name": "Nom de l'écran", "code": "Code affiché par l'écran"},
    "printer": {"name": "Nom de l'imprimante"},
    "service": {"label": "Libellé sur la borne"},
    "sync_token": {"label": "Note (quel portable)"},
}


def _value_words(kind: str) -> dict[str, dict[str, str]]:
    """A code's words where the back-office shows words (imported here: they record too)."""
    from server.services.admin_agents import ROLES
    from server.services.admin_counters import KINDS as COUNTER_KINDS
    from server.services.admin_settings import POLICIES
    from server.services.devices import KINDS as DEVICE_KINDS

    words = {
        "counter": {"kind": COUNTER_KINDS},
        "device": {"kind": DEVICE_KINDS},
        "agent": {"role": ROLES},
    }.get(kind, {})
    return {**words, "policy": {p.key: p.label for p in POLICIES}}


def described(action: str, changes: dict[str, Any]) -> dict[str, str]:
    """The values given, as the Journal shows them: « Nom affiché à l'écran : Bureau 1 »."""
    kind = action.split(".", 1)[0]
    names = {**FIELD_LABELS, **FIELD_LABELS_OF.get(kind, {})}
    words = _value_words(kind)
    shown: dict[str, str] = {}
    for key, value in changes.items():
        if key in ("policy", "site") and isinstance(value, dict):  # the settings, one by one
            for field, given in value.items():
                name = words["policy"].get(field) or names.get(field) or field
                shown[name] = plain(given)
            continue
        if isinstance(value, str) and value in words.get(key, {}):
            value = words[key][value]
        shown[names.get(key, key)] = plain(value, names)
    return shown


def plain(value: Any, names: dict[str, str] | None = None) -> str:
    """A value given, as a person reads it: no Python brackets nor quotes."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(plain(item, names) for item in value)
    if isinstance(value, dict):
        return " ; ".join(
            f"{(names or {}).get(key, key)} : {plain(item, names)}" for key, item in value.items()
        )
    return str(value)


def act_as(session: Session, agent: Agent, clock: Clock) -> None:
    session.info[ACTOR] = (agent.id, clock)


def record(session: Session, site: Site | None, action: str, target: str, body: Any) -> None:
    """One line of the trail: who (the session's admin), when, what and the values given."""
    agent_id, clock = session.info.get(ACTOR, (None, SystemClock()))
    changes = (
        {k: ("(modifié)" if k in SECRET_FIELDS else v) for k, v in body.items()}
        if isinstance(body, dict)
        else {}
    )
    session.add(
        AuditEntry(
            site_id=site.id if site else None,
            agent_id=agent_id,
            at=clock.now(),
            action=action,
            target=str(target)[:120],
            changes=changes,
        )
    )


def audit_view(session: Session, site: Site, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    rows = session.execute(
        select(AuditEntry, Agent)
        .outerjoin(Agent, AuditEntry.agent_id == Agent.id)
        .where((AuditEntry.site_id == site.id) | AuditEntry.site_id.is_(None))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [
        {
            "at": entry.at.isoformat(),
            "when": office_time(entry.at, site.timezone),
            "by": agent.name if agent else "(installation)",
            "action": entry.action,
            "what": ACTION_LABELS.get(entry.action, entry.action),
            "target": entry.target,
            "changes": entry.changes,
            "changes_text": described(entry.action, entry.changes),
        }
        for entry, agent in rows
    ]
