"""The itinerant kit's synchronisation.

Central side, for laptops (a per-site bearer token, no session): `POST /sync/push` receives one
table's rows, `GET /sync/pull` gives the catalogue, the agents and the highlights.
Administrators manage the tokens (`/admin/sync-tokens`). Laptop side, for its agents:
`GET /sync/status` and `POST /sync/run` ("Synchroniser maintenant").
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from server.api import api
from server.context import admin_only, clock, current_site, require_agent
from server.extensions import db
from server.services.errors import Forbidden, ServiceError
from server.services.sync_central import (
    create_sync_token,
    receive_push,
    revoke_sync_token,
    site_for_pull,
    sync_tokens_view,
)
from server.services.sync_laptop import sync_status
from server.services.sync_pull import pull_payload
from server.sync_runtime import EXTENSION


def _json_object() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ServiceError("corps JSON attendu (un objet)")
    return body


@api.post("/sync/push")
def sync_push() -> dict[str, Any]:
    """A laptop pushes one table's rows of its site; the answer lists the ids acknowledged."""
    result = receive_push(db.session, request.headers.get("Authorization"), _json_object(), clock())
    return {
        "table": result.table,
        "acknowledged": result.acknowledged,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


@api.get("/sync/pull")
def sync_pull() -> dict[str, Any]:
    """A laptop takes the catalogue, the agents and the highlights (for its token's site)."""
    site = site_for_pull(db.session, request.headers.get("Authorization"))
    asked = request.args.get("site")
    if asked and asked != site.code:
        raise Forbidden(f"ce jeton n'autorise que le site {site.code}, pas {asked!r}")
    return pull_payload(db.session, site)


@api.get("/admin/sync-tokens")
@admin_only
def sync_tokens() -> dict[str, Any]:
    """The laptops' tokens (never their secret)."""
    return {"tokens": sync_tokens_view(db.session)}


@api.post("/admin/sync-tokens")
@admin_only
def sync_token_create() -> tuple[dict[str, Any], int]:
    """A new token for a site (created, itinerant, if unknown); the secret is shown once."""
    body = _json_object()
    issued = create_sync_token(
        db.session,
        str(body.get("site") or "").strip(),
        clock(),
        label=str(body.get("label") or "").strip(),
        site_name=str(body.get("site_name") or "").strip() or None,
    )
    return {
        "id": issued.token_id,
        "site": issued.site_code,
        "token": issued.token,
        "site_created": issued.site_created,
        "central_url": _central_base(),
    }, 201


@api.delete("/admin/sync-tokens/<int:token_id>")
@admin_only
def sync_token_revoke(token_id: int) -> tuple[str, int]:
    """Revoke a token at once (a lost laptop)."""
    revoke_sync_token(db.session, token_id, clock())
    return "", 204


@api.get("/sync/status")
def sync_status_route() -> dict[str, Any]:
    """The itinerant laptop's sync status for its agents ("Synchronisé il y a 5 min")."""
    require_agent()
    return _status()


@api.post("/sync/run")
def sync_run() -> tuple[dict[str, Any], int]:
    """ "Synchroniser maintenant": starts a sync in the background; poll the status."""
    require_agent()
    runtime = current_app.extensions[EXTENSION]
    if runtime.settings() is None:
        raise ServiceError(
            "ce serveur n'est pas relié à un serveur central (synchronisation non configurée)"
        )
    runtime.start_now()
    return {**_status(), "running": True}, 202


def _status() -> dict[str, Any]:
    runtime = current_app.extensions[EXTENSION]
    settings = runtime.settings()
    return sync_status(
        db.session,
        current_site(),
        clock(),
        settings.central_url if settings else None,
        running=runtime.running,
    )


def _central_base() -> str:
    site_url = current_site().public_url or current_app.config.get("PUBLIC_URL") or ""
    return (site_url or request.host_url).rstrip("/")
