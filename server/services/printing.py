"""Ticket printers: the registry of a site, which printer serves a kiosk, and what it prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from printers.model import ChecklistPrintout, PrinterProfile, PrinterState, TicketPrintout
from printers.render import render_checklist, render_ticket
from printers.spooler import PrintResult
from printers.transport import allowed_transport
from server.models import Checklist, Site, Visit
from server.models.printing import Printer, PrintJobRecord
from server.services.audit import record
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.followup import checklist_by_token, checklist_view, item_text, visitor_view
from server.services.lookup import visit_by_id
from server.services.peak import peak_on
from server.services.ticket_words import checklist_in_language, words_for
from server.services.transaction import reading, writing
from server.site_paths import public_page_url

QR_MODES = ("native", "image")
PAPER_WIDTHS = (80, 58)
EDITABLE = ("url", "location", "codepage_slot", "qr_mode", "paper_width_mm", "deployed")
DEFAULTS = {"codepage_slot": 16, "qr_mode": "native", "paper_width_mm": 80, "deployed": True}

# What the kiosk tells a visitor when their paper ticket did not come out (plain French).
STATE_REASONS = {
    PrinterState.paper_out: "L'imprimante n'a plus de papier.",
    PrinterState.cover_open: "Le capot de l'imprimante est ouvert.",
    PrinterState.offline: "L'imprimante est en erreur.",
    PrinterState.absent: "L'imprimante ne répond pas.",
}
NO_PRINTER = "Aucune imprimante n'est installée."
STILL_QUEUED = "L'impression prend du retard."
NOT_PRINTED = "Le ticket n'a pas été imprimé."


def profile(printer: Printer) -> PrinterProfile:
    """How to render for this printer: code page slot, QR method, paper width."""
    return PrinterProfile(
        codepage_slot=printer.codepage_slot,
        qr_mode="image" if printer.qr_mode == "image" else "native",
        paper_width_mm=printer.paper_width_mm,
    )


def printer_view(printer: Printer, state: PrinterState | str) -> dict[str, Any]:
    """A printer as agents see it, with its last known state."""
    return {
        "name": printer.name,
        "location": printer.location,
        "state": str(state),
        "deployed": printer.deployed,
        "url": printer.url,
        "qr_mode": printer.qr_mode,
        "codepage_slot": printer.codepage_slot,
        "paper_width_mm": printer.paper_width_mm,
    }


def site_printers(session: Session, site: Site, deployed_only: bool = False) -> list[Printer]:
    """The printers of a site, by name."""
    query = select(Printer).where(Printer.site_id == site.id).order_by(Printer.name)
    if deployed_only:
        query = query.where(Printer.deployed)
    return list(session.scalars(query))


def printer_by_name(session: Session, site: Site, name: str) -> Printer:
    printer = session.scalar(
        select(Printer).where(Printer.site_id == site.id, Printer.name == name)
    )
    if printer is None:
        raise NotFound(f"aucune imprimante nommée {name!r}", printer=name)
    return printer


def _network_address(url: str) -> str:
    """A bare address as the printer's own test page prints it (192.168.1.50, or with its port)
    is a network printer on the raw port (9100 unless given): tcp://192.168.1.50:9100.
    Anything else is checked as given."""
    if not url or "://" in url or "/" in url:
        return url
    try:
        port = urlsplit(f"tcp://{url}").port
    except ValueError:
        return url  # refused below, with the reason
    return f"tcp://{url}" if port is not None else f"tcp://{url}:9100"


def _validated(fields: dict[str, Any], file_root: Path | None) -> dict[str, Any]:
    """Check printer settings the way the printer package will use them; 400 otherwise.

    An address is tcp://host:port, or file:// inside `file_root` (the instance folder, for
    development): a printer can never be pointed at another file of the server."""
    if "url" in fields:
        fields["url"] = _network_address(fields["url"].strip())
        try:
            allowed_transport(fields["url"], file_root)
        except ValueError as error:
            raise ServiceError(str(error), field="url") from None
    if "qr_mode" in fields and fields["qr_mode"] not in QR_MODES:
        raise ServiceError("qr_mode : native ou image", field="qr_mode")
    if "paper_width_mm" in fields and fields["paper_width_mm"] not in PAPER_WIDTHS:
        raise ServiceError("paper_width_mm : 80 ou 58", field="paper_width_mm")
    if "codepage_slot" in fields and not 0 <= fields["codepage_slot"] <= 255:
        raise ServiceError("codepage_slot : de 0 à 255", field="codepage_slot")
    if fields.get("location") == "":
        fields["location"] = None
    return fields


def add_printer(
    session: Session,
    site: Site,
    name: str,
    url: str,
    file_root: Path | None = None,
    **fields: Any,
) -> Printer:
    """Register a printer; its name is unique (the spooler and the CLI know it by name)."""
    name = name.strip()
    if not name:
        raise ServiceError("un nom d'imprimante est nécessaire", field="name")
    with writing(session):
        if session.scalar(select(Printer.id).where(Printer.name == name)) is not None:
            raise Conflict(f"une imprimante s'appelle déjà {name!r}", printer=name)
        given = {k: v for k, v in fields.items() if k in EDITABLE and v is not None}
        settings = _validated({**given, "url": url}, file_root)
        printer = Printer(site_id=site.id, name=name, **{**DEFAULTS, **settings})
        session.add(printer)
        record(session, site, "printer.added", name, {"url": url, **given})
    return printer


def update_printer(
    session: Session, site: Site, name: str, file_root: Path | None = None, **fields: Any
) -> Printer:
    """Change a printer's settings (e.g. deploy it for a rush, or store it away)."""
    with writing(session):
        printer = printer_by_name(session, site, name)
        changes = _validated({k: v for k, v in fields.items() if k in EDITABLE}, file_root)
        for key, value in changes.items():
            setattr(printer, key, value)
        record(session, site, "printer.updated", name, changes)
    return printer


def remove_printer(session: Session, site: Site, name: str) -> None:
    """Forget a printer; its unfinished jobs move to another one (or wait for a new one)."""
    with writing(session):
        session.delete(printer_by_name(session, site, name))
        record(session, site, "printer.removed", name, {})


def printer_for_kiosk(session: Session, site: Site, kiosk: str | None) -> Printer | None:
    """The deployed printer beside this kiosk, else any deployed printer of the site."""
    deployed = site_printers(session, site, deployed_only=True)
    beside = [printer for printer in deployed if kiosk and printer.location == kiosk]
    return next(iter(beside or deployed), None)


def ticket_printout(site: Site, visit: Visit, view: dict[str, Any]) -> TicketPrintout:
    """What a ticket says, from the visit and its public view (people ahead, wait, link)."""
    waiting = visit.status == "waiting"
    printout = TicketPrintout(
        site_name=site.name,
        service_label=visit.service.label,
        number=visit.number,
        issued_at=visit.issued_at.astimezone(ZoneInfo(site.timezone or "Europe/Paris")),
        people_ahead=view["people_ahead"],
        wait_text=view["wait"]["text"] if waiting and view.get("wait") else None,
        tracking_url=view["tracking_url"],
        ideas_url=public_page_url(site.code, "/idees"),
    )
    words = words_for(printout, visit.language, view.get("wait") if waiting else None)
    return replace(printout, words=words) if words else printout


def test_printout(site: Site, printer: Printer, now: datetime, url: str) -> TicketPrintout:
    """A test page: looks like a ticket, says which printer it is and shows the accents."""
    return TicketPrintout(
        site_name=site.name,
        service_label=f"Page de test : {printer.name} ({printer.location or 'sans emplacement'})",
        number="TEST",
        issued_at=now.astimezone(ZoneInfo(site.timezone or "Europe/Paris")),
        people_ahead=0,
        wait_text=None,
        tracking_url=url,
        footer="Accents : é è ê à ç ô œ € « » — si tout est lisible, l'imprimante est prête.",
    )


def checklist_printout(site: Site, checklist: Checklist, url: str) -> ChecklistPrintout:
    """A take-away sheet of the steps the agent chose, the documents to bring, whom to see and
    when, the agent's note, and the QR code of its page: in the visitor's language where the
    team translated it and the printer has the script's code page, in French otherwise."""
    view = visitor_view(checklist, checklist.language or "fr")
    translated = checklist_in_language(checklist.language, view, site.name, url)
    if translated is not None:
        return translated

    def texts(*kinds: str) -> list[str]:
        return [
            item_text(item)
            for item in checklist.items
            if (item.get("kind", "step") if isinstance(item, dict) else "step") in kinds
        ]

    steps = texts("step", "link")
    if checklist.note:
        steps.append(f"Note : {checklist.note}")
    return ChecklistPrintout(
        title=checklist.title,
        steps=steps,
        documents=texts("document"),
        contact=" ; ".join([*texts("contact"), site.name]),
        when=" ; ".join(texts("when")),
        tracking_url=url,
    )


def print_outcome(result: PrintResult, state: PrinterState) -> dict[str, Any]:
    """What the kiosk is told: printed or not, and why in a few plain words."""
    if result.printed:
        return {"printed": True, "print_reason": None}
    if result.printer_name is None and result.reason == "aucune imprimante configurée":
        return {"printed": False, "print_reason": NO_PRINTER}
    return {"printed": False, "print_reason": STATE_REASONS.get(state, STILL_QUEUED)}


def earlier_outcome(session: Session, visit: Visit) -> dict[str, Any]:
    """For a replayed kiosk request: what happened to that ticket's first printout."""
    status = session.scalar(
        select(PrintJobRecord.status)
        .where(PrintJobRecord.visit_id == visit.id, PrintJobRecord.kind == "ticket")
        .order_by(PrintJobRecord.created_at)
        .limit(1)
    )
    if status is None:
        return {"printed": None, "print_reason": None}
    if status == "printed":
        return {"printed": True, "print_reason": None}
    if status == "failed":  # the first answer was final: that ticket will never print
        return {"printed": False, "print_reason": NOT_PRINTED}
    return {"printed": False, "print_reason": STILL_QUEUED}


# -- printing a ticket or a checklist: which printer, what bytes, what the caller is told ----

NOTHING_PRINTED: dict[str, Any] = {"printed": None, "print_reason": None}
NOT_PRINTABLE: dict[str, Any] = {"printed": False, "print_reason": NO_PRINTER}


class PrintRuntime(Protocol):
    """The part of server.printing_runtime a use case needs (the spooler behind it)."""

    def print_and_wait(
        self, kind: str, visit_id: int | None, payload: bytes, preferred: str, timeout: float
    ) -> tuple[PrintResult, PrinterState]: ...

    def print_directly(self, name: str, url: str, payload: bytes) -> PrintResult: ...


@dataclass(frozen=True)
class PrintOrder:
    """Bytes rendered for one printer, ready to queue once the database read has ended."""

    kind: str
    visit_id: int | None
    payload: bytes
    printer: str

    def send(self, runtime: PrintRuntime, wait_seconds: float) -> dict[str, Any]:
        """Queue it and wait briefly: printed or not, and why in a few plain words."""
        result, state = runtime.print_and_wait(
            self.kind, self.visit_id, self.payload, self.printer, wait_seconds
        )
        return print_outcome(result, state)


def print_kiosk_ticket(
    session: Session,
    runtime: PrintRuntime,
    *,
    visit: Visit,
    view: dict[str, Any],
    replayed: bool,
    kiosk: str | None,
    wait_seconds: float,
) -> dict[str, Any]:
    """After the ticket is committed: print it in peak mode, beside the kiosk, within ~2 s."""
    with reading(session):  # ended before the wait: printing holds no transaction
        if replayed:
            return earlier_outcome(session, visit)
        site = visit.site
        printer = printer_for_kiosk(session, site, kiosk) if peak_on(session, site) else None
        if printer is None:
            return NOTHING_PRINTED
        order = PrintOrder(
            "ticket",
            visit.id,
            render_ticket(ticket_printout(site, visit, view), profile(printer)),
            printer.name,
        )
    return order.send(runtime, wait_seconds)


def reprint_ticket(
    session: Session,
    runtime: PrintRuntime,
    *,
    site: Site,
    visit_id: int,
    kiosk: str | None,
    view_of: Callable[[Visit], dict[str, Any]],
    wait_seconds: float,
) -> dict[str, Any]:
    """An agent reprints a ticket: same number, fresh wait figures (`view_of`), a new job."""
    with reading(session):
        visit = visit_by_id(session, visit_id)
        if visit.site_id != site.id:
            raise Conflict("ce ticket est celui d'un autre site", status=visit.status)
        printer = printer_for_kiosk(session, site, kiosk)
        if printer is None:
            return NOT_PRINTABLE
        payload = render_ticket(ticket_printout(site, visit, view_of(visit)), profile(printer))
        order = PrintOrder("ticket", visit.id, payload, printer.name)
    return order.send(runtime, wait_seconds)


def print_checklist(
    session: Session,
    runtime: PrintRuntime,
    *,
    site: Site,
    token: str,
    kiosk: str | None,
    clock: Clock,
    base_url: str,
    wait_seconds: float,
) -> dict[str, Any]:
    """A visitor's checklist to take away, with the QR code of its page."""
    with reading(session):
        checklist = checklist_by_token(session, token, clock)
        printer = printer_for_kiosk(session, site, kiosk)
        if printer is None:
            return NOT_PRINTABLE
        url = checklist_view(checklist, base_url)["url"]
        payload = render_checklist(checklist_printout(site, checklist, url), profile(printer))
        order = PrintOrder("checklist", checklist.visit_id, payload, printer.name)
    return order.send(runtime, wait_seconds)


def print_test_page(
    session: Session, runtime: PrintRuntime, *, site: Site, name: str, now: datetime, url: str
) -> dict[str, Any]:
    """A test page on this very printer (no failover: it tests *that* one)."""
    with reading(session):
        printer = printer_by_name(session, site, name)
        payload = render_ticket(test_printout(site, printer, now, url), profile(printer))
        address = printer.url
    result = runtime.print_directly(name, address, payload)
    return {"printed": result.printed, "print_reason": result.reason}
