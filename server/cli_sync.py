"""`accueil sync`: on the itinerant laptop, send the site's data to the central server now;
on the central server, `accueil sync token SITE` gives a laptop its credential."""

from __future__ import annotations

import click

from server.commands import command, make_app


@command
@click.group(invoke_without_command=True)
@click.option(
    "--all",
    "resend",
    is_flag=True,
    help="Send everything again (after the central was restored from a backup).",
)
@click.pass_context
def sync(context: click.Context, resend: bool) -> None:
    """Push this site's unsynchronised data to ACCUEIL_CENTRAL_URL (exit 0 once acknowledged)."""
    if context.invoked_subcommand is not None:
        return
    from server.services.sync_laptop import SyncFailed
    from server.sync_runtime import EXTENSION

    app = make_app(SYNC_AUTOSTART=False)
    try:
        report = app.extensions[EXTENSION].run_once(resend=resend)
    except SyncFailed as failure:
        raise click.ClickException(f"synchronisation impossible : {failure.message}") from None
    if report.total:
        detail = ", ".join(f"{count} {table}" for table, count in report.sent.items() if count)
        click.echo(f"synchronisé : {report.total} ligne(s) envoyée(s) et acceptée(s) ({detail})")
    else:
        click.echo("synchronisé : rien de nouveau à envoyer")


@sync.command("token")
@click.argument("site")
@click.option("--name", "site_name", help="Name of the site if the central creates it.")
@click.option("--label", default="", help="A note, e.g. the laptop's name.")
def sync_token(site: str, site_name: str | None, label: str) -> None:
    """On the central server: a new sync token for SITE (created, itinerant, if unknown)."""
    from server.extensions import db
    from server.services.clock import SystemClock
    from server.services.errors import ServiceError
    from server.services.sync_central import create_sync_token

    app = make_app(SYNC_AUTOSTART=False)
    with app.app_context():
        try:
            issued = create_sync_token(db.session, site, SystemClock(), label, site_name)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    if issued.site_created:
        click.echo(f"site {issued.site_code} créé (itinérant)")
    click.echo(
        f"jeton n° {issued.token_id} pour le site {issued.site_code} (affiché une seule fois) :\n"
        f"  {issued.token}\n"
        f"Sur l'ordinateur portable : accueil init --site {issued.site_code} "
        "--central-url https://… --sync-token <ce jeton>"
    )


@sync.command("revoke")
@click.argument("token_id", type=int)
def sync_revoke(token_id: int) -> None:
    """On the central server: revoke a sync token (a lost laptop)."""
    from server.extensions import db
    from server.services.clock import SystemClock
    from server.services.errors import ServiceError
    from server.services.sync_central import revoke_sync_token

    app = make_app(SYNC_AUTOSTART=False)
    with app.app_context():
        try:
            revoke_sync_token(db.session, token_id, SystemClock())
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"jeton n° {token_id} révoqué")
