"""Pairing public screens: a kiosk or a display shows a short code, an administrator enters it
with the site and the name, and the screen receives a token that binds it to them.

The code only points the administrator at one waiting screen; what binds is a random secret the
screen's browser holds (HttpOnly cookie) and a random token it receives afterwards. Only their
hashes are stored. A device is renamed, moved or revoked here, never deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.domain.events import Event, SettingChanged
from server.models import Device, DevicePairing, Site
from server.services.admin_common import change, flag, text
from server.services.audit import record
from server.services.errors import NotFound, ServiceError
from server.services.transaction import writing

KINDS = {"kiosk": "Borne", "display": "Écran de salle d'attente"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud from across a room
CODE_LENGTH = 6  # 32**6: about a billion codes, and only a handful live at once
PAIRING_TTL = timedelta(minutes=15)
MAX_PENDING = 20  # screens waiting at once, whoever asks: the admin's list stays readable


class TooManyPairings(ServiceError):
    status = 429
    code = "rate_limited"


@dataclass(frozen=True)
class Binding:
    """What a paired screen's token gives a request: its device, site and name."""

    device_id: int
    site_code: str
    name: str
    kind: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalized_code(value: Any) -> str:
    """'ab3-k7q' as typed -> 'AB3K7Q': case, spaces and dashes don't matter."""
    raw = value if isinstance(value, str) else ""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:CODE_LENGTH]


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(DevicePairing.id).where(DevicePairing.code == code)) is None:
            return code


def start_pairing(session: Session, now: datetime, asked_site: str | None) -> tuple[str, str]:
    """A screen asks to be paired: (the code to show, the secret its browser keeps)."""
    with writing(session):
        session.execute(delete(DevicePairing).where(DevicePairing.expires_at <= now))
        pending = session.scalar(select(func.count(DevicePairing.id))) or 0
        if pending >= MAX_PENDING:
            raise TooManyPairings("trop d'écrans attendent d'être appairés : réessayez plus tard")
        secret = secrets.token_urlsafe(32)
        code = _new_code(session)
        session.add(
            DevicePairing(
                code=code,
                secret_hash=digest(secret),
                created_at=now,
                expires_at=now + PAIRING_TTL,
                asked_site=(asked_site or None) and asked_site[:64],
            )
        )
    return code, secret


def pairing_of(session: Session, secret: str | None, now: datetime) -> DevicePairing | None:
    """The live pairing this screen's secret opened, if any."""
    if not secret:
        return None
    pairing = session.scalar(
        select(DevicePairing).where(DevicePairing.secret_hash == digest(secret))
    )
    return pairing if pairing is not None and pairing.expires_at > now else None


def claim_binding(session: Session, pairing: DevicePairing) -> tuple[str, Device]:
    """The screen asks again after the admin confirmed: it gets its token, the pairing ends."""
    with writing(session):
        device = session.get(Device, pairing.device_id)
        if device is None or device.revoked_at is not None:
            raise NotFound("cet appairage n'est plus valable")
        token = secrets.token_urlsafe(32)
        device.token_hash = digest(token)
        session.delete(pairing)
    return token, device


def binding_of(session: Session, token: str | None) -> Binding | None:
    """The live binding of a screen's token; a revoked or unknown token binds nothing."""
    if not token:
        return None
    device = session.scalar(
        select(Device).where(Device.token_hash == digest(token), Device.revoked_at.is_(None))
    )
    if device is None:
        return None
    return Binding(device.id, device.site.code, device.name, device.kind)


# -- the back-office ---------------------------------------------------------------------


def device_json(device: Device) -> dict[str, Any]:
    return {
        "id": device.id,
        "kind": device.kind,
        "kind_label": KINDS.get(device.kind, device.kind),
        "name": device.name,
        "site": device.site.code,
        "site_name": device.site.name,
        "paired_at": device.paired_at.isoformat(),
        "last_seen_at": device.last_seen_at.isoformat() if device.last_seen_at else None,
        "active": device.revoked_at is None,
        "waiting_for_screen": device.token_hash is None and device.revoked_at is None,
    }


def devices_view(session: Session, sites: list[Site], now: datetime) -> dict[str, Any]:
    """The devices of these sites (revoked ones last) and the codes screens show right now."""
    ids = [site.id for site in sites]
    devices = session.scalars(
        select(Device)
        .where(Device.site_id.in_(ids))
        .order_by(Device.revoked_at.is_not(None), Device.site_id, Device.kind, Device.name)
    )
    pending = session.scalars(
        select(DevicePairing)
        .where(DevicePairing.expires_at > now, DevicePairing.device_id.is_(None))
        .order_by(DevicePairing.created_at)
    )
    return {
        "devices": [device_json(d) for d in devices],
        "pending": [
            {
                "code": p.code,
                "asked_at": p.created_at.isoformat(),
                "expires_at": p.expires_at.isoformat(),
                "asked_site": p.asked_site,
            }
            for p in pending
        ],
    }


def _site(sites: list[Site], code: Any) -> Site:
    found = next((site for site in sites if site.code == code), None)
    if found is None:
        raise ServiceError("site : choisissez un des sites proposés", field="site")
    return found


def _name(session: Session, site: Site, value: Any, device_id: int | None = None) -> str:
    name = text(value, "name", "Nom", maximum=64)
    taken = select(Device.id).where(
        Device.site_id == site.id,
        func.lower(Device.name) == name.lower(),
        Device.revoked_at.is_(None),
        Device.id != (device_id or 0),
    )
    if session.scalar(taken) is not None:
        raise ServiceError(
            f"« {name} » est déjà le nom d'un écran de ce site : révoquez-le ou choisissez un "
            "autre nom",
            field="name",
        )
    return name


def confirm_pairing(
    session: Session, sites: list[Site], now: datetime, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """An admin enters the code a screen shows, with its site, name and kind."""
    code = normalized_code(body.get("code"))
    kind = body.get("kind")
    if kind not in KINDS:
        raise ServiceError("type : borne (kiosk) ou écran (display)", field="kind")
    site = _site(sites, body.get("site"))
    with change(session):
        pairing = session.scalar(
            select(DevicePairing).where(
                DevicePairing.code == code,
                DevicePairing.expires_at > now,
                DevicePairing.device_id.is_(None),
            )
        )
        if pairing is None:
            raise ServiceError(
                "aucun écran n'affiche ce code (vérifiez-le, ou rechargez l'écran pour un "
                "nouveau code)",
                field="code",
            )
        device = Device(
            site_id=site.id,
            kind=str(kind),
            name=_name(session, site, body.get("name")),
            paired_at=now,
        )
        session.add(device)
        session.flush()
        pairing.device_id = device.id
        view = device_json(device)
        record(session, site, "device.paired", device.name, {**body, "code": code})
    return view, []  # the new screen opens its page by itself; no other screen is concerned


def update_device(
    session: Session, sites: list[Site], now: datetime, device_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """Rename, move to another site, or revoke (the screen then serves no site of its own)."""
    with change(session):
        device = session.get(Device, device_id)
        if device is None or device.site_id not in {site.id for site in sites}:
            raise NotFound("aucun écran de ce numéro", field="id")
        before = device.site
        if device.revoked_at is not None:
            raise ServiceError("cet écran est révoqué : appairez-le de nouveau", field="id")
        if "site" in body:
            moved = _site(sites, body["site"])
            device.site_id, device.site = moved.id, moved
        if "name" in body or "site" in body:
            device.name = _name(session, device.site, body.get("name", device.name), device.id)
        if "revoked" in body and flag(body["revoked"], "revoked", "Révoquer"):
            device.revoked_at = now  # its token stops binding at once (binding_of)
        session.flush()
        view = device_json(device)
        action = "device.revoked" if device.revoked_at else "device.updated"
        record(session, device.site, action, device.name, body)
    sites_told = {before.code, device.site.code}
    return view, [SettingChanged(code, key="devices") for code in sorted(sites_told)]


def site_count(session: Session) -> int:
    return int(session.scalar(select(func.count(Site.id))) or 0)


def seen(session: Session, device_id: int, now: datetime) -> None:
    """A paired screen loaded its page: the back-office shows when each was last seen."""
    with writing(session):
        device = session.get(Device, device_id)
        if device is not None:
            device.last_seen_at = now
