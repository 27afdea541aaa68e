"""The site's policy settings, edited in the back-office (environment variables seed them).

Stored per site in `settings`; read through `site_setting`, which falls back to the defaults
below (or the deployment's environment, passed in by the caller) when nothing was saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from server.domain.events import Event, SettingChanged
from server.models import Setting, Site
from server.services.admin_common import change
from server.services.audit import record
from server.services.errors import ServiceError
from server.services.process_cache import setting_value

POLICY_KEY = "policy"


@dataclass(frozen=True)
class Policy:
    key: str
    label: str
    minimum: float
    maximum: float
    default: float
    config: str | None = None  # the configuration key that seeds it (environment)
    integer: bool = True


POLICIES = (
    Policy(
        "max_priority_streak",
        "Appels prioritaires de suite, au plus",
        1,
        10,
        2,
        "MAX_PRIORITY_STREAK",
    ),
    Policy(
        "starvation_minutes",
        "Attente après laquelle un ticket passe devant (minutes)",
        1,
        240,
        15,
        "STARVATION_MINUTES",
    ),
    Policy(
        "appointment_early_minutes",
        "Avance d'un rendez-vous appelé en priorité (minutes)",
        0,
        60,
        5,
        "APPOINTMENT_EARLY_MINUTES",
    ),
    Policy(
        "agent_idle_minutes",
        "Déconnexion d'un agent inactif (minutes)",
        5,
        480,
        30,
        "AGENT_IDLE_MINUTES",
    ),
    Policy(
        "display_volume",
        "Volume de l'écran de la salle (0 à 1)",
        0,
        1,
        0.8,
        "DISPLAY_VOLUME",
        integer=False,
    ),
    Policy("highlights_max", "Informations à la une en même temps, au plus", 1, 10, 5),
    Policy("callback_after_days", "Rappel des visiteurs : jours après la visite", 1, 60, 14),
    Policy("callback_max_attempts", "Rappel : essais sans réponse, au plus", 1, 10, 3),
    Policy(
        "callback_window_days",
        "Rappel : jours pour appeler, après quoi le numéro est effacé",
        1,
        30,
        14,
    ),
    Policy(
        "retention_months",
        "Détail des visites conservé (mois entiers, ensuite résumé par mois)",
        1,
        120,
        12,
    ),
)
BY_KEY = {policy.key: policy for policy in POLICIES}


def saved_policy(session: Session, site: Site) -> dict[str, Any]:
    """The policy values this site saved in Réglages (nothing for what it never changed)."""
    return _saved(session, site)


def _saved(session: Session, site: Site) -> dict[str, Any]:
    value = setting_value(session, site, POLICY_KEY)
    return dict(value) if isinstance(value, dict) else {}


def site_setting(
    session: Session, site: Site, key: str, config: Mapping[str, Any] | None = None
) -> float:
    """The value in force: saved for this site, else the deployment's, else the default."""
    policy = BY_KEY[key]
    saved = _saved(session, site)
    if key in saved:
        return float(saved[key])
    if config is not None and policy.config and config.get(policy.config) is not None:
        return float(config[policy.config])
    return policy.default


SCHOOL_ZONES = ("A", "B", "C")


def school_zone(session: Session, site: Site) -> str:
    """The site's school-holiday zone (the forecast's calendar): saved in Réglages, else C."""
    from server.services.forecast import DEFAULT_ZONE, ZONE_KEY

    setting = session.get(Setting, (site.id, ZONE_KEY))
    return str(setting.value) if setting and setting.value in SCHOOL_ZONES else DEFAULT_ZONE


def settings_view(
    session: Session, site: Site, config: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    values = {p.key: site_setting(session, site, p.key, config) for p in POLICIES}
    return {
        "site": {
            "code": site.code,
            "name": site.name,
            "address": site.address,
            "commune": site.commune,
            "timezone": site.timezone,
            "public_url": site.public_url,
            "school_zone": school_zone(session, site),
        },
        "policy": {k: (int(v) if BY_KEY[k].integer else v) for k, v in values.items()},
        "fields": [
            {
                "key": p.key,
                "label": p.label,
                "min": p.minimum,
                "max": p.maximum,
                "integer": p.integer,
            }
            for p in POLICIES
        ],
    }


def _checked(key: str, value: Any) -> float:
    policy = BY_KEY.get(key)
    if policy is None:
        raise ServiceError(f"réglage inconnu : {key!r}", field=key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ServiceError(f"{policy.label} : un nombre est attendu", field=key)
    if policy.integer and value != int(value):
        raise ServiceError(f"{policy.label} : un nombre entier est attendu", field=key)
    if not policy.minimum <= value <= policy.maximum:
        raise ServiceError(
            f"{policy.label} : entre {policy.minimum:g} et {policy.maximum:g}", field=key
        )
    return int(value) if policy.integer else float(value)


def save_settings(
    session: Session, site: Site, body: Any, config: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[Event]]:
    """Update the site's details and policy values given; screens hear `setting_changed`."""
    from server.services.setup import SiteDetails, check_site_details

    if not isinstance(body, dict):
        raise ServiceError("un objet {site, policy} est attendu", field="site")
    policy_in = body.get("policy") or {}
    site_in = body.get("site") or {}
    if not isinstance(policy_in, dict) or not isinstance(site_in, dict):
        raise ServiceError("site et policy sont des objets", field="site")
    values = {key: _checked(key, value) for key, value in policy_in.items()}
    site_in = dict(site_in)
    zone = site_in.pop("school_zone", None)
    if zone is not None:
        zone = zone.strip().upper() if isinstance(zone, str) else zone
        if zone not in SCHOOL_ZONES:
            raise ServiceError(
                "Zone des vacances scolaires : A, B ou C (celle de l'académie)",
                field="school_zone",
            )
    details = None
    if site_in:
        merged = {
            "code": site.code,
            "name": site.name,
            "address": site.address,
            "commune": site.commune,
            "timezone": site.timezone,
            "public_url": site.public_url,
        }
        for key, value in site_in.items():
            if key not in merged or key == "code":
                raise ServiceError(f"champ du site non modifiable ici : {key!r}", field=key)
            if not isinstance(value, str):
                raise ServiceError(f"{key} : du texte est attendu", field=key)
            merged[key] = value
        details = check_site_details(SiteDetails(**merged))
    with change(session):
        if values:
            setting = session.get(Setting, (site.id, POLICY_KEY))
            saved = {**_saved(session, site), **values}
            if setting is None:
                session.add(Setting(site_id=site.id, key=POLICY_KEY, value=saved))
            else:
                setting.value = saved
        if details is not None:
            for field in ("name", "address", "commune", "timezone", "public_url"):
                setattr(site, field, getattr(details, field))
        if zone is not None:
            from server.services.forecast import ZONE_KEY, forget_forecasts

            saved_zone = session.get(Setting, (site.id, ZONE_KEY))
            if saved_zone is None:
                session.add(Setting(site_id=site.id, key=ZONE_KEY, value=zone))
            else:
                saved_zone.value = zone
            forget_forecasts()
        record(session, site, "settings.saved", site.code, body)
    events: list[Event] = [SettingChanged(site.code, key="settings")]
    return settings_view(session, site, config), events
