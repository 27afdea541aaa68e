"""Peak mode and ticket printers: the switch, the registry, reprints and printed checklists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app, request

from server.api import api
from server.context import (
    base_url,
    clock,
    current_site,
    fairness_rule,
    kiosk_name,
    require_admin,
    require_agent,
)
from server.extensions import db
from server.models import Site
from server.printing_runtime import printing_runtime
from server.realtime.broadcasts import publish
from server.services import printing as printouts
from server.services.audit import act_as
from server.services.peak import PeakThresholds, peak_view, set_peak
from server.services.printing import (
    PAPER_WIDTHS,
    QR_MODES,
    add_printer,
    printer_view,
    remove_printer,
    site_printers,
    update_printer,
)
from server.services.queue_view import ticket_view


class PeakIn(Schema):
    on = Boolean(required=True)


class PeakOut(Schema):
    on = Boolean()
    suggested = Boolean()
    reason = String(allow_none=True)


class PrinterIn(Schema):
    name = String(required=True, validate=Length(1, 64))
    url = String(required=True, validate=Length(1, 300))
    location = String(allow_none=True, validate=Length(0, 64))
    codepage_slot = Integer(validate=Range(0, 255))
    qr_mode = String(validate=OneOf(QR_MODES))
    paper_width_mm = Integer(validate=OneOf(PAPER_WIDTHS))
    deployed = Boolean()


class PrinterPatchIn(PrinterIn):
    name = String(validate=Length(1, 64))
    url = String(validate=Length(1, 300))


class PrinterOut(Schema):
    name = String()
    location = String(allow_none=True)
    state = String()
    deployed = Boolean()
    url = String()
    qr_mode = String()
    codepage_slot = Integer()
    paper_width_mm = Integer()


class PrintedOut(Schema):
    printed = Boolean(allow_none=True)
    print_reason = String(allow_none=True)


def _thresholds() -> PeakThresholds:
    return PeakThresholds.from_config(current_app.config)


# -- peak mode ---------------------------------------------------------------------------


@api.get("/peak")
@api.output(PeakOut)
def get_peak() -> dict[str, Any]:
    """Whether peak mode is on, and whether the server suggests it (no personal data)."""
    return peak_view(db.session, current_site(), clock(), _thresholds())


@api.post("/peak")
@api.input(PeakIn, arg_name="body")
@api.output(PeakOut)
def post_peak(body: dict[str, Any]) -> dict[str, Any]:
    """An agent turns peak mode on (kiosk tickets print) or off; everyone hears peak_changed."""
    require_agent()
    site = current_site()
    view, events = set_peak(db.session, site, body["on"], clock(), _thresholds())
    publish(events)
    return view


# -- the printer registry ----------------------------------------------------------------


def printer_views(site: Site) -> list[dict[str, Any]]:
    """The site's printers with their last known state (the back-office lists them too)."""
    states = printing_runtime(current_app).states()
    return [printer_view(p, states.get(p.name, "unknown")) for p in site_printers(db.session, site)]


def _view(site: Site, name: str) -> dict[str, Any]:
    return next(view for view in printer_views(site) if view["name"] == name)


@api.get("/printers")
@api.output(PrinterOut(many=True))
def list_printers() -> list[dict[str, Any]]:
    """The site's printers with their last known state (agents)."""
    require_agent()
    return printer_views(current_site())


@api.post("/printers")
@api.input(PrinterIn, arg_name="body")
@api.output(PrinterOut, status_code=201)
@api.doc(responses={400: "unusable URL or settings", 409: "name taken"})
def create_printer(body: dict[str, Any]) -> dict[str, Any]:
    """An administrator registers a printer (tcp://host:9100; file:// inside the instance folder
    for development)."""
    act_as(db.session, require_admin(), clock())  # checked, and named in the audit trail
    site = current_site()
    printer = add_printer(db.session, site, file_root=Path(current_app.instance_path), **body)
    printing_runtime(current_app).reload()
    return _view(site, printer.name)


@api.patch("/printers/<name>")
@api.input(PrinterPatchIn, arg_name="body")
@api.output(PrinterOut)
def patch_printer(name: str, body: dict[str, Any]) -> dict[str, Any]:
    """An administrator changes a printer: deploys it for a rush, stores it, moves it."""
    act_as(db.session, require_admin(), clock())  # checked, and named in the audit trail
    site = current_site()
    update_printer(db.session, site, name, file_root=Path(current_app.instance_path), **body)
    printing_runtime(current_app).reload()
    return _view(site, name)


@api.delete("/printers/<name>")
@api.output({}, status_code=204)
def delete_printer(name: str) -> tuple[str, int]:
    """An administrator forgets a printer."""
    act_as(db.session, require_admin(), clock())  # checked, and named in the audit trail
    remove_printer(db.session, current_site(), name)
    printing_runtime(current_app).reload()
    return "", 204


@api.post("/printers/<name>/test")
@api.output(PrintedOut)
def test_printer(name: str) -> dict[str, Any]:
    """An administrator prints a test page on this very printer (no failover)."""
    require_admin()
    return printouts.print_test_page(
        db.session,
        printing_runtime(current_app),
        site=current_site(),
        name=name,
        now=clock().now(),
        url=base_url(),
    )


# -- printing tickets and checklists -----------------------------------------------------


def _here() -> dict[str, Any]:
    """Where an agent prints: this site, the kiosk or desk that asks, how long to wait."""
    return {
        "site": current_site(),
        "kiosk": kiosk_name(request.get_json(silent=True)),
        "wait_seconds": float(current_app.config["PRINT_WAIT_SECONDS"]),
    }


@api.post("/tickets/<int:ticket_id>/reprint")
@api.output(PrintedOut)
@api.doc(responses={404: "no such ticket"})
def reprint_ticket(ticket_id: int) -> dict[str, Any]:
    """An agent reprints a ticket: same number, fresh wait figures, a new print job."""
    require_agent()
    return printouts.reprint_ticket(
        db.session,
        printing_runtime(current_app),
        visit_id=ticket_id,
        view_of=lambda visit: ticket_view(db.session, visit, clock(), fairness_rule(), base_url()),
        **_here(),
    )


@api.post("/checklists/<token>/print")
@api.output(PrintedOut)
@api.doc(responses={404: "unknown or expired checklist"})
def print_checklist(token: str) -> dict[str, Any]:
    """An agent prints a visitor's checklist to take away, with the QR code of its page."""
    require_agent()
    return printouts.print_checklist(
        db.session,
        printing_runtime(current_app),
        token=token,
        clock=clock(),
        base_url=base_url(),
        **_here(),
    )
