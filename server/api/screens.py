"""Public screens and their pairing: a waiting screen's poll, and the back-office's devices."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, String

from server.api import api
from server.api.admin import ADMIN_ERRORS
from server.context import admin_only, clock, home_site, home_site_or_none, require_admin
from server.extensions import db
from server.models import Site
from server.realtime.broadcasts import publish
from server.screens import bind_screen, pairing_secret
from server.services.devices import (
    claim_binding,
    confirm_pairing,
    devices_view,
    pairing_of,
    update_device,
)
from server.site_paths import site_url

PAGES = {"kiosk": "/kiosk", "display": "/display"}


class PairingOut(Schema):
    state = String(metadata={"enum": ["waiting", "paired", "expired"]})
    code = String()
    expires_at = String()
    name = String()
    kind = String()
    site = String()
    url = String(metadata={"description": "the page this screen now opens"})


@api.get("/screens/pairing")
@api.output(PairingOut)
def screen_pairing() -> dict[str, Any]:
    """A screen showing its code asks whether an administrator entered it. Once they have,
    this answer binds the screen (an HttpOnly cookie) and names the page it opens."""
    now = clock().now()
    pairing = pairing_of(db.session, pairing_secret(), now)
    if pairing is None:
        return {"state": "expired"}
    if pairing.device_id is None:
        return {
            "state": "waiting",
            "code": pairing.code,
            "expires_at": pairing.expires_at.isoformat(),
        }
    token, device = claim_binding(db.session, pairing)
    bind_screen(token)
    return {
        "state": "paired",
        "name": device.name,
        "kind": device.kind,
        "site": device.site.code,
        "url": site_url(device.site.code, home_site(), PAGES[device.kind]),
    }


class DeviceIn(Schema):
    code = String(metadata={"description": "the code the screen shows (pairing only)"})
    site = String(metadata={"description": "site code"})
    name = String(metadata={"example": "borne-1"})
    kind = String(metadata={"enum": ["kiosk", "display"]})
    revoked = Boolean()


def manageable_sites() -> list[Site]:
    """The sites this administrator may pair screens to and whose screens they manage: every
    site for a department admin, their own sites for a site admin."""
    from server.services.admin_agents import managed_sites

    return managed_sites(db.session, require_admin(), home_site_or_none())


@api.get("/admin/devices")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_list_devices() -> Any:
    """The paired kiosks and displays, and the codes screens waiting to be paired show."""
    return devices_view(db.session, manageable_sites(), clock().now())


@api.post("/admin/devices")
@admin_only
@api.input(DeviceIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 201: "paired"})
def admin_pair_device(body: dict[str, Any]) -> Any:
    """Pair the screen showing {code} as {kind} {name} of {site}; it opens its page by itself."""
    view, events = confirm_pairing(db.session, manageable_sites(), clock().now(), body)
    publish(events)
    return view, 201


@api.patch("/admin/devices/<int:device_id>")
@admin_only
@api.input(DeviceIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such device"})
def admin_update_device(device_id: int, body: dict[str, Any]) -> Any:
    """Rename a device, move it to another site, or revoke it (revoked: true)."""
    view, events = update_device(db.session, manageable_sites(), clock().now(), device_id, body)
    publish(events)
    return view
