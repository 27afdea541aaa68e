"""Back-office use cases for the catalogue: switch requests on or off, reorder, add local ones.

The national requests (server/catalogue.py) keep their wording; a site adds its own local
partners' requests (mission locale, CIO, ADIL, CCAS, conciliateur…) with a prefix and a theme.
Switching on or off and the order are each site's own (site_services): the kiosks of two
sites can differ. A local request is offered at the site that added it; the others may switch
it on.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.i18n import BY_CODE, DEFAULT
from server.catalogue import GENERAL_SERVICE, PARTNERS, PICTOGRAMS, THEMES
from server.domain.events import Event, SettingChanged
from server.models import Partner, Service, Site, SiteService
from server.services.admin_common import change, flag, text
from server.services.audit import record
from server.services.catalogue import site_catalogue, site_order
from server.services.errors import Forbidden, NotFound, ServiceError

NATIONAL = {code for _, _, _, services in PARTNERS for code, _, _ in services} | {
    GENERAL_SERVICE[0]
}
CODE_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
PREFIX_PATTERN = re.compile(r"[A-Z]{1,3}")
# French is the request's `label`; the other kiosk languages may each have their own wording.
LABEL_LANGUAGES = tuple(code for code in BY_CODE if code != DEFAULT)


def service_json(
    service: Service, here: SiteService | None = None, site: Site | None = None
) -> dict[str, Any]:
    """A request as this site offers it (`here`: the site's own choice, if it made one)."""
    local = service.code not in NATIONAL
    theirs = site is not None and service.site_id not in (None, site.id)
    active = service.active and (here is None or here.active)
    position = here.position if here is not None and here.position is not None else None
    return {
        "code": service.code,
        "label": service.label,
        "partner": service.partner.name if service.partner else None,
        "theme": service.theme,
        "theme_label": THEMES.get(service.theme, service.theme),
        "prefix": service.prefix,
        "position": service.position if position is None else position,
        "active": active,
        "local": local,
        "rewordable": local and not theirs,  # a local request added here (or before sites)
        "labels": dict(service.labels or {}),
        "pictogram": here.pictogram if here is not None else None,
    }


def list_services(session: Session, site: Site | None = None) -> list[dict[str, Any]]:
    """The whole catalogue as this site offers it, switched-off requests included, in order."""
    query = site_catalogue(select(Service, SiteService), site).order_by(*site_order())
    rows = session.execute(query)
    return [service_json(service, here, site) for service, here in rows]


def _site_choice(session: Session, site: Site, service: Service) -> SiteService:
    here = session.get(SiteService, (site.id, service.id))
    if here is None:
        here = SiteService(site_id=site.id, service_id=service.id, active=True)
        session.add(here)
    return here


def _theme(value: Any) -> str:
    if value not in THEMES:
        raise ServiceError(f"Thème : {', '.join(THEMES)}", field="theme")
    return str(value)


def _prefix(value: Any) -> str:
    prefix = value.strip().upper() if isinstance(value, str) else ""
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise ServiceError("Préfixe des tickets : 1 à 3 lettres, ex. L", field="prefix")
    return prefix


def _labels(value: Any) -> dict[str, str]:
    """{language: label} for the kiosk's languages other than French; an empty one is removed."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ServiceError("Libellés traduits : un libellé par langue est attendu", field="labels")
    labels = {}
    for language, label in value.items():
        if language not in LABEL_LANGUAGES:
            raise ServiceError(
                f"Libellés traduits : langue inconnue {str(language)[:20]!r} "
                f"(langues de la borne : {', '.join(LABEL_LANGUAGES)})",
                field="labels",
            )
        name = BY_CODE[language].name
        label = text(label, f"labels.{language}", f"Libellé ({name})", maximum=200, required=False)
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in label):
            raise ServiceError(
                f"Libellé ({name}) : caractères de contrôle ou invisibles refusés, "
                "du texte simple est attendu",
                field=f"labels.{language}",
            )
        if label:
            labels[language] = label
    return labels


def _pictogram(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value not in PICTOGRAMS:
        raise ServiceError(
            f"Pictogramme : un de {', '.join(PICTOGRAMS)}, ou aucun", field="pictogram"
        )
    return str(value)


def _position(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 9999:
        raise ServiceError("Ordre : un nombre entre 0 et 9999", field="position")
    return value


def create_local_service(
    session: Session, site: Site, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """A local partner's request, shown on the kiosk at once."""
    code = text(body.get("code"), "code", "Code", maximum=64)
    if not CODE_PATTERN.fullmatch(code):
        raise ServiceError(
            "Code : minuscules, chiffres et tirets, ex. mission-locale", field="code"
        )
    label = text(body.get("label"), "label", "Libellé", maximum=200)
    partner_name = text(body.get("partner"), "partner", "Partenaire", maximum=200, required=False)
    theme = _theme(body.get("theme"))
    prefix = _prefix(body.get("prefix"))
    labels = _labels(body.get("labels"))
    pictogram = _pictogram(body.get("pictogram"))
    with change(session):
        if session.scalar(select(Service.id).where(Service.code == code)) is not None:
            raise ServiceError(f"le code {code!r} est déjà pris", field="code")
        partner = None
        if partner_name:
            partner = session.scalar(select(Partner).where(Partner.name == partner_name))
            if partner is None:
                partner_code = re.sub(r"[^a-z0-9]+", "-", partner_name.lower()).strip("-")[:56]
                partner = Partner(code=f"local-{partner_code or 'partenaire'}", name=partner_name)
                if session.scalar(select(Partner.id).where(Partner.code == partner.code)):
                    partner.code = f"local-{code}"
                session.add(partner)
        last = session.scalar(select(Service.position).order_by(Service.position.desc()).limit(1))
        service = Service(
            code=code,
            label=label,
            theme=theme,
            prefix=prefix,
            partner=partner,
            position=(last or 0) + 1,
            active=True,
            labels=labels or None,
            site_id=site.id,
        )
        session.add(service)
        session.flush()
        here = None
        if pictogram:
            here = _site_choice(session, site, service)
            here.pictogram = pictogram
        for other in session.scalars(select(Site).where(Site.id != site.id)):
            # Another site's kiosk shows it only once that site's administrator chooses to.
            session.add(SiteService(site_id=other.id, service_id=service.id, active=False))
        view = service_json(service, here, site)
        record(session, site, "service.created", code, body)
    return view, [SettingChanged(site.code, key="catalogue")]


def update_service(
    session: Session, site: Site, code: str, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """Switch a request on or off, move it; a local one can also be reworded."""
    with change(session):
        service = session.scalar(select(Service).where(Service.code == code))
        if service is None:
            raise NotFound(f"aucune démarche {code!r}", field="code")
        here = None
        if "active" in body:
            active = flag(body["active"], "active", "Proposée")
            here = _site_choice(session, site, service)
            here.active = active
            if active and not service.active:
                # Switched off for the whole install before sites had their own choices:
                # on here only, the other sites keep it off until they choose.
                service.active = True
                _keep_off_elsewhere(session, site, service)
        if "position" in body:
            here = here or _site_choice(session, site, service)
            here.position = _position(body["position"])
        if "pictogram" in body:
            here = here or _site_choice(session, site, service)
            here.pictogram = _pictogram(body["pictogram"])
        local = code not in NATIONAL
        for field in ("label", "labels", "theme", "prefix"):
            if field in body and not local:
                raise ServiceError(
                    "le libellé d'une démarche nationale ne se modifie pas", field=field
                )
            if field in body and service.site_id not in (None, site.id):
                raise Forbidden(
                    "cette démarche locale a été ajoutée par un autre site : "
                    "seul ce site en modifie le libellé, le thème ou la lettre",
                    field=field,
                )
        if "label" in body:
            service.label = text(body["label"], "label", "Libellé", maximum=200)
        if "theme" in body:
            service.theme = _theme(body["theme"])
        if "prefix" in body:
            service.prefix = _prefix(body["prefix"])
        if "labels" in body:
            service.labels = _labels(body["labels"]) or None
        session.flush()
        view = service_json(service, session.get(SiteService, (site.id, service.id)), site)
        record(session, site, "service.updated", code, body)
    return view, [SettingChanged(site.code, key="catalogue")]


def _keep_off_elsewhere(session: Session, site: Site, service: Service) -> None:
    """Every other site without a choice about this request gets one: off, as it was."""
    for other in session.scalars(select(Site).where(Site.id != site.id)):
        if session.get(SiteService, (other.id, service.id)) is None:
            session.add(SiteService(site_id=other.id, service_id=service.id, active=False))
