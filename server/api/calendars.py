"""The shared agenda: secret .ics links per partner and per counter (admin), and the import of
a partner's slots from an .ics file or a CSV (admin). The feeds are /agenda/<token>.ics."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, String
from apiflask.validators import Length, Range

from server.api import api
from server.context import base_url, clock, current_site, require_admin
from server.extensions import db
from server.services.calendars import (
    MAX_IMPORT_BYTES,
    active_links,
    create_link,
    import_permanences,
    link_view,
    revoke_link,
)
from server.services.permanences import permanence_view
from server.services.transaction import reading


class LinkIn(Schema):
    partner = String(allow_none=True, validate=Length(0, 64))
    counter = String(allow_none=True, validate=Length(0, 64))


class ImportIn(Schema):
    filename = String(required=True, validate=Length(1, 200))
    content = String(required=True, validate=Length(1, MAX_IMPORT_BYTES))
    partner = String(allow_none=True, validate=Length(0, 64))
    counter = String(allow_none=True, validate=Length(0, 64))
    service = String(allow_none=True, validate=Length(0, 64))
    capacity = Integer(load_default=6, validate=Range(1, 200))
    remote = Boolean(load_default=False)


@api.get("/calendar-links")
def list_calendar_links() -> list[dict[str, Any]]:
    """The active secret links (admin): who can read which agenda."""
    require_admin()
    with reading(db.session()):
        return [link_view(link, base_url()) for link in active_links(db.session, current_site())]


@api.post("/calendar-links")
@api.input(LinkIn, arg_name="body")
def new_calendar_link(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A new secret link for one partner or one counter: give it to them, revoke it any time."""
    require_admin()
    link = create_link(
        db.session(),
        current_site(),
        clock(),
        partner=body.get("partner") or None,
        counter=body.get("counter") or None,
    )
    return link_view(link, base_url()), 201


@api.post("/calendar-links/<int:link_id>/revoke")
def revoke_calendar_link(link_id: int) -> dict[str, Any]:
    """The link answers 404 from now on."""
    require_admin()
    link = revoke_link(db.session(), current_site(), clock(), link_id)
    return {**link_view(link, base_url()), "revoked_at": link.revoked_at.isoformat()}


@api.post("/permanences/import")
@api.input(ImportIn, arg_name="body")
@api.doc(responses={400: "nothing imported: the lines to correct are in details.lines"})
def import_partner_slots(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A partner's slots from their .ics calendar or a CSV (jour;debut;fin;semaines;capacite;
    lieu;intitule), all or nothing."""
    require_admin()
    created = import_permanences(
        db.session(),
        current_site(),
        clock(),
        filename=body["filename"],
        content=body["content"],
        partner=body.get("partner") or None,
        counter=body.get("counter") or None,
        service=body.get("service") or None,
        capacity=body["capacity"],
        remote=body["remote"],
    )
    return {"created": len(created), "permanences": [permanence_view(p) for p in created]}, 201
