"""First run: the site, its first administrator and the national catalogue, from nothing.

Used by `accueil init` and by the one-time setup page that `accueil serve` links to.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ADMIN_ROLES, Agent, Site
from server.services.admin_common import change
from server.services.agents import hash_pin
from server.services.audit import record
from server.services.errors import ServiceError
from server.services.seed import seed_catalogue

CODE_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9._-]{2,64}")
SETUP_LINK_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class SiteDetails:
    code: str
    name: str
    address: str = ""
    commune: str = ""
    timezone: str = "Europe/Paris"
    public_url: str = ""


@dataclass(frozen=True)
class FirstAdmin:
    login: str
    name: str
    pin: str


@dataclass(frozen=True)
class InitResult:
    site: Site
    site_created: bool
    site_changed: bool
    admin_created: bool


def check_site_details(details: SiteDetails) -> SiteDetails:
    """Trimmed details, or a ServiceError naming the first field that is wrong."""
    details = SiteDetails(**{k: str(v).strip() for k, v in details.__dict__.items()})
    if not CODE_PATTERN.fullmatch(details.code):
        raise ServiceError(
            "le code du site : lettres minuscules, chiffres et tirets (ex. fs-moissac)",
            field="code",
        )
    if not details.name or len(details.name) > 200:
        raise ServiceError("le nom du site est obligatoire (200 caractères au plus)", field="name")
    if len(details.address) > 300 or len(details.commune) > 100:
        raise ServiceError("adresse ou commune trop longue", field="address")
    try:
        ZoneInfo(details.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ServiceError(
            "fuseau horaire inconnu (ex. Europe/Paris, America/Cayenne)", field="timezone"
        ) from None
    url = details.public_url
    if url and (not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url) or len(url) > 300):
        raise ServiceError(
            "l'adresse publique commence par http:// ou https:// (ex. https://accueil.example.fr)",
            field="public_url",
        )
    return details


def check_first_admin(admin: FirstAdmin) -> FirstAdmin:
    admin = FirstAdmin(admin.login.strip(), admin.name.strip(), admin.pin)
    if not LOGIN_PATTERN.fullmatch(admin.login):
        raise ServiceError(
            "l'identifiant : 2 à 64 lettres, chiffres, points, tirets", field="login"
        )
    if not admin.name or len(admin.name) > 100:
        raise ServiceError(
            "le nom affiché est obligatoire (100 caractères au plus)", field="admin_name"
        )
    if not admin.pin.isdigit() or not 4 <= len(admin.pin) <= 12:
        raise ServiceError("le code PIN compte 4 à 12 chiffres", field="pin")
    return admin


def has_admin(session: Session) -> bool:
    return (
        session.scalar(select(Agent.id).where(Agent.role.in_(ADMIN_ROLES), Agent.active).limit(1))
        is not None
    )


def initialize(session: Session, details: SiteDetails, admin: FirstAdmin) -> InitResult:
    """Create or complete the site and its first admin; running it again changes nothing.

    An existing site takes the details given; an existing login keeps its PIN (a second run
    must not become a way to reset it).
    """
    details = check_site_details(details)
    admin = check_first_admin(admin)
    seed_catalogue(session)
    with change(session):
        site = session.scalar(select(Site).where(Site.code == details.code))
        created = site is None
        if site is None:
            site = Site(code=details.code)
            session.add(site)
        changed = False
        for field in ("name", "address", "commune", "timezone", "public_url"):
            value = getattr(details, field)
            if getattr(site, field) != value:
                setattr(site, field, value)
                changed = True
        existing = session.scalar(select(Agent).where(Agent.login == admin.login))
        if existing is not None and not existing.is_admin:
            raise ServiceError(
                f"l'identifiant {admin.login!r} est déjà celui d'un agent (non administrateur)",
                field="login",
            )
        if existing is None:
            session.add(
                Agent(
                    name=admin.name,
                    login=admin.login,
                    pin_hash=hash_pin(admin.pin),
                    # The install's owner: manages every site of the department.
                    role="department_admin",
                    posture="desk",
                    serves_all=True,
                    sites=[site],
                )
            )
        if created or changed or existing is None:
            session.flush()
            record(
                session,
                site,
                "site.initialized",
                details.code,
                {**details.__dict__, "admin": admin.login},
            )
    return InitResult(site, created, changed and not created, existing is None)


class SetupLink:
    """The one-time token of the first-run page: random, valid an hour, usable once.

    Only its hash is kept, in the serving process: whoever reads the server's output can set
    the site up, nobody else.
    """

    def __init__(self) -> None:
        self._digest: bytes | None = None
        self._expires_at: datetime | None = None

    @staticmethod
    def _hash(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    def issue(self, now: datetime) -> str:
        token = secrets.token_urlsafe(24)
        self._digest = self._hash(token)
        self._expires_at = now + SETUP_LINK_LIFETIME
        return token

    def valid(self, token: str, now: datetime) -> bool:
        if self._digest is None or self._expires_at is None or now >= self._expires_at:
            return False
        return hmac.compare_digest(self._digest, self._hash(token))

    def consume(self) -> None:
        self._digest = None
        self._expires_at = None
