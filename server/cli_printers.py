"""`accueil printer …`, `accueil peak on|off`, `accueil printer-emulator`; the demo's printer."""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from server.commands import command, demo_step

DEMO_PRINTER = "demo"
DEMO_KIOSK = "borne-1"
DEMO_PORT = 9100


@contextmanager
def _site_session() -> Iterator[tuple[Any, Any, Any]]:
    """(app, session, site) for a one-shot command; service errors become click errors."""
    from server.commands import make_app as _app
    from server.extensions import db
    from server.services.errors import ServiceError
    from server.services.lookup import home_site_code, site_by_code

    app = _app()
    with app.app_context():
        try:
            yield (
                app,
                db.session,
                site_by_code(db.session, home_site_code(db.session, app.config["SITE_CODE"])),
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from None


@command
@click.group()
def printer() -> None:
    """Ticket printers (peak-time dispensers)."""


@printer.command("add")
@click.option("--name", required=True)
@click.option("--url", required=True, help="tcp://HOST:9100, file:///dev/usb/lp0, usb://VID:PID…")
@click.option("--location", default=None, help="The kiosk it stands beside, e.g. borne-1.")
@click.option(
    "--codepage",
    type=click.IntRange(0, 255),
    default=16,
    show_default=True,
    help="The printer's slot for CP1252 (16 on Epson).",
)
@click.option(
    "--qr-mode", type=click.Choice(["native", "image"]), default="native", show_default=True
)
@click.option(
    "--width",
    type=click.Choice(["80", "58"]),
    default="80",
    show_default=True,
    help="Paper width in mm.",
)
@click.option("--deployed/--stored", default=True, show_default=True)
def printer_add(
    name: str,
    url: str,
    location: str | None,
    codepage: int,
    qr_mode: str,
    width: str,
    deployed: bool,
) -> None:
    """Register a printer."""
    from server.services.printing import add_printer

    with _site_session() as (app, session, site):
        add_printer(
            session,
            site,
            name=name,
            url=url,
            file_root=Path(app.instance_path),
            location=location,
            codepage_slot=codepage,
            qr_mode=qr_mode,
            paper_width_mm=int(width),
            deployed=deployed,
        )
    click.echo(f"imprimante {name} ajoutée ({url})")


@printer.command("list")
def printer_list() -> None:
    """List the printers, asking each one how it is now."""
    from printers.transport import allowed_transport
    from server.services.printing import site_printers

    with _site_session() as (app, session, site):
        root = Path(app.instance_path)
        rows = [
            (p.name, p.location or "-", p.url, p.deployed) for p in site_printers(session, site)
        ]
    if not rows:
        click.echo("aucune imprimante")
    for name, location, url, deployed in rows:
        try:
            state = allowed_transport(url, root).status().value
        except ValueError:
            state = "adresse refusée"
        click.echo(
            f"{name:<16} {location:<12} {'déployée' if deployed else 'rangée':<9} {state:<15} {url}"
        )


@printer.command("test")
@click.argument("name")
def printer_test(name: str) -> None:
    """Print a test page on this printer, now."""
    from printers.render import render_ticket
    from printers.transport import PrinterUnavailable, allowed_transport
    from server.services.printing import printer_by_name, profile, test_printout

    with _site_session() as (app, session, site):
        found = printer_by_name(session, site, name)
        now = app.extensions["accueil.clock"].now()
        url = app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000/"
        payload = render_ticket(test_printout(site, found, now, url), profile(found))
        try:
            transport = allowed_transport(found.url, Path(app.instance_path))
        except ValueError as refused:
            raise click.ClickException(str(refused)) from None
    try:
        transport.send(payload)
    except PrinterUnavailable as error:
        raise click.ClickException(f"échec : {error} (état {error.state.value})") from None
    click.echo(f"page de test envoyée à {name} ({len(payload)} octets)")


@printer.command("remove")
@click.argument("name")
def printer_remove(name: str) -> None:
    """Forget a printer."""
    from server.services.printing import remove_printer

    with _site_session() as (_, session, site):
        remove_printer(session, site, name)
    click.echo(f"imprimante {name} retirée")


@command
@click.command()
@click.argument("state", type=click.Choice(["on", "off"]))
def peak(state: str) -> None:
    """Turn peak mode on (kiosk tickets print) or off.

    Open consoles hear it at once only through a message queue (ACCUEIL_MESSAGE_QUEUE);
    otherwise they see it when they next load.
    """
    from server.realtime.broadcasts import publish
    from server.services.peak import PeakThresholds, set_peak

    with _site_session() as (app, session, site):
        view, events = set_peak(
            session,
            site,
            state == "on",
            app.extensions["accueil.clock"],
            PeakThresholds.from_config(app.config),
        )
        if app.config.get("MESSAGE_QUEUE"):
            publish(events)
    click.echo(f"mode affluence : {'activé' if view['on'] else 'désactivé'}")


@command
@click.command("printer-emulator", context_settings={"show_default": True})
@click.option("--host", default="127.0.0.1")
@click.option("--port", type=int, default=DEMO_PORT)
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option(
    "--mode",
    default="ready",
    type=click.Choice(["ready", "paper_near_end", "paper_out", "cover_open", "offline", "silent"]),
)
def printer_emulator(host: str, port: int, output_dir: Path | None, mode: str) -> None:
    """Run an emulated ESC/POS network printer (type a mode + Enter to change it)."""
    from printers.emulator import main

    argv = ["--host", host, "--port", str(port), "--mode", mode]
    if output_dir is not None:
        argv += ["--output-dir", str(output_dir)]
    raise SystemExit(main(argv))


@demo_step
def start_demo_printer(app: Any) -> None:
    """`accueil demo`: an emulated printer beside kiosk borne-1, saving what it prints."""
    if not app.config.get("DEMO_PRINTER"):
        return
    from sqlalchemy import select

    from printers.emulator import PrinterEmulator
    from server.extensions import db
    from server.models.printing import Printer
    from server.printing_runtime import printing_runtime
    from server.services.lookup import home_site_code, site_by_code
    from server.services.printing import add_printer, update_printer

    output = Path(app.instance_path) / "printouts"
    port = int(app.config.get("DEMO_PRINTER_PORT") or DEMO_PORT)
    try:
        emulator = PrinterEmulator(port=port, output_dir=output).start()
    except OSError:  # taken (a real emulator, another demo?): any free port will do
        click.echo(f"  (port {port} occupé : l'imprimante de démo prend un port libre)")
        emulator = PrinterEmulator(port=0, output_dir=output).start()
    atexit.register(emulator.stop)
    url = f"tcp://127.0.0.1:{emulator.port}?timeout=2"
    with app.app_context():
        site = site_by_code(db.session, home_site_code(db.session, app.config["SITE_CODE"]))
        if db.session.scalar(select(Printer.id).where(Printer.name == DEMO_PRINTER)) is None:
            add_printer(db.session, site, name=DEMO_PRINTER, url=url, location=DEMO_KIOSK)
        else:
            update_printer(db.session, site, DEMO_PRINTER, url=url)
    runtime = printing_runtime(app).ensure_started()
    atexit.register(runtime.stop)
    click.echo(
        f"  Imprimante de démo  {url} (borne {DEMO_KIOSK}) → {output}/\n"
        f"  Mode affluence      accueil peak on (ou le bouton de la console)"
    )
