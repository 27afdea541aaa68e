"""The `accueil` command: demo, serve, db upgrade, agent add (and device commands)."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

import click

import server.cli_printers
import server.cli_report
import server.cli_sync  # noqa: F401  (registers `accueil sync`)
from server.cli_backup import register_backup_command
from server.commands import COMMANDS, DEMO_STEPS, make_app

SERVER_COMMANDS = {"serve", "demo"}


# Libraries a server process must not load: python-engineio imports the HTTP and WebSocket
# libraries of its Socket.IO *clients* whenever they are installed, and the test and bench
# extras install them (a production install has none: they are no dependency of ours). A
# server is never such a client; loading them cost it about 13 MB of memory (issue 15).
CLIENT_ONLY_LIBRARIES = ("aiohttp", "requests", "websocket")
# Redis carries only the message queue of several processes (Socket.IO's queue, the shared rate
# limits, the catalogue's "forget"), yet python-socketio imports it whenever it is installed:
# a single process without ACCUEIL_MESSAGE_QUEUE leaves out its 5 MB too.
QUEUE_ONLY_LIBRARIES = ("redis",)


def _patch_for_async_mode(argv: list[str]) -> None:
    """gevent/eventlet must patch the standard library before anything else is imported."""
    if not argv or argv[0] not in SERVER_COMMANDS:
        return
    left_out = CLIENT_ONLY_LIBRARIES
    if not os.environ.get("ACCUEIL_MESSAGE_QUEUE"):
        left_out += QUEUE_ONLY_LIBRARIES
    for name in left_out:  # socketio's and engineio's `try: import …` then find them absent
        sys.modules.setdefault(name, None)  # type: ignore[assignment]
    mode = os.environ.get("ACCUEIL_ASYNC_MODE", "gevent")
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()


def _app(**overrides: Any) -> Any:
    return make_app(**overrides)


@click.group()
def cli() -> None:
    """Accueil: queue management and kiosk for France Services counters."""


def upgrade_database(app: Any) -> None:
    from server.schema import current_revision, upgrade

    _refuse_a_newer_database(current_revision(app))
    upgrade(app)


def _refuse_a_newer_database(current: str | None) -> None:
    """A database migrated by a newer version of Accueil (the code was rolled back without
    restoring the backup taken before the upgrade): neither serve it nor try to migrate it."""
    from server.schema import known_revisions

    if current is not None and current not in known_revisions():
        raise click.ClickException(
            f"la base de données a été migrée par une version plus récente d'Accueil (migration "
            f"{current}, inconnue de celle-ci) : reprenez cette version-là, ou restaurez la "
            "sauvegarde prise avant la mise à jour"
        )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the server (database already upgraded)."""
    app = _app()
    require_upgraded_schema(app)
    require_known_site(app)
    click.echo(f"Accueil sur http://{host}:{port}/ (async: {app.config['ASYNC_MODE']})")
    link = issue_setup_link(app, f"http://{host}:{port}")
    if link:
        click.echo(
            "\nAucun administrateur : ouvrez ce lien pour installer le site "
            f"(valable 1 heure, une seule fois) :\n  {link}\n"
        )
    serve_or_say_why(app, host, port, log=True)


def require_upgraded_schema(app: Any) -> None:
    """Refuse to serve a database `accueil db upgrade` has not brought to this version's schema
    (a fresh install, or an upgrade of the code without it): say so, rather than fail later."""
    from server.schema import current_revision, newest_revision

    newest, current = newest_revision(), current_revision(app)
    if newest is None or current == newest:
        return
    _refuse_a_newer_database(current)
    if current is None:
        raise click.ClickException(
            "la base de données est vide : lancez d'abord `accueil db upgrade` "
            "(puis `accueil init`, ou le lien de première installation)"
        )
    raise click.ClickException(
        f"la base de données n'est pas à jour (migration {current}, cette version attend "
        f"{newest}) : sauvegardez-la (`accueil backup`), puis lancez `accueil db upgrade`"
    )


def require_known_site(app: Any) -> None:
    """ACCUEIL_SITE names a site the database has, once it has any: a mistyped code served no
    page at all (every kiosk and display a 404) while /healthz said ok."""
    from sqlalchemy import select

    from server.extensions import db as database
    from server.models import Site

    wanted = app.config.get("SITE_CODE")
    if not wanted:
        return
    with app.app_context():
        try:
            codes = list(database.session.scalars(select(Site.code).order_by(Site.code)))
        finally:
            database.session.remove()
    if codes and wanted not in codes:
        raise click.ClickException(
            f"ACCUEIL_SITE : aucun site n'a le code « {wanted} » (sites : {', '.join(codes)})"
        )


def serve_or_say_why(app: Any, host: str, port: int, **options: Any) -> None:
    """Serve; a port already taken (another server, a second `accueil serve`) is said in one
    sentence with what to do, not with a Python traceback."""
    from server.serve import run

    try:
        run(app, host, port, **options)
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        reason = {
            errno.EADDRINUSE: "ce port est déjà utilisé (un autre serveur Accueil tourne-t-il ?)",
            errno.EACCES: "ce port est réservé à l'administrateur du système",
            errno.EADDRNOTAVAIL: "cette adresse n'est pas celle de la machine",
        }[error.errno]
        click.echo(
            f"Impossible d'écouter sur {host}:{port} : {reason}. "
            "Arrêtez l'autre serveur ou choisissez un autre port avec --port.",
            err=True,
        )
        raise SystemExit(1) from None


def issue_setup_link(app: Any, local_base: str) -> str | None:
    """The first-run page's one-time link, when the database has no administrator yet."""
    from server.extensions import db as database
    from server.services.setup import SetupLink, has_admin

    with app.app_context():
        try:
            if has_admin(database.session):
                return None
        finally:
            database.session.remove()
    link = app.extensions["accueil.setup_link"] = SetupLink()
    token = link.issue(app.extensions["accueil.clock"].now())
    base = (app.config.get("PUBLIC_URL") or local_base).rstrip("/")
    return f"{base}/setup/{token}"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(host: str, port: int) -> None:
    """Prepare the database with demo data, then run the server and print where to go."""
    from server.demo import seed_demo
    from server.extensions import db

    # A demo is tried at any hour: open all the time unless a timetable is given explicitly.
    app = _app(OPENING_HOURS=os.environ.get("ACCUEIL_OPENING_HOURS") or "always")
    real = _real_sites(app)
    if real:
        raise click.ClickException(
            f"cette base est celle d'un vrai site ({', '.join(real)}, installé par `accueil init` "
            "ou la première installation) : la démo y ajouterait son site et ses comptes (demo1, "
            "PIN 1234). Lancez-la dans un autre dossier, par exemple "
            "ACCUEIL_INSTANCE_DIR=/tmp/accueil-demo make demo"
        )
    upgrade_database(app)
    with app.app_context():
        seed_demo(db.session, app.config["SITE_CODE"])
        db.session.remove()
    base = f"http://{host}:{port}"
    click.echo(
        f"\nAccueil — démo ({app.config['SQLALCHEMY_DATABASE_URI']})\n"
        f"  Accueil des pages   {base}/\n"
        f"  Borne (kiosque)     {base}/kiosk\n"
        f"  Écran de la salle   {base}/display\n"
        f"  File sur téléphone  {base}/queue\n"
        f"  Console des agents  {base}/console\n"
        f"  API                 {base}/api/v1/openapi.json\n"
        f"  Comptes de démo     demo1 / PIN 1234 (admin), demo2 / PIN 1234 (agent)"
    )
    for step in DEMO_STEPS:  # the demo printer prints its own lines here
        step(app)
    click.echo("Ctrl-C pour arrêter.\n")
    serve_or_say_why(app, host, port)


@cli.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations and the France Services catalogue."""
    from server.extensions import db as database
    from server.services.seed import seed_catalogue

    app = _app()
    upgrade_database(app)
    with app.app_context():
        seed_catalogue(database.session)
    click.echo("database up to date")


@cli.command()
@click.option("--site", "code", help="Site code, e.g. fs-moissac (lowercase, digits, dashes).")
@click.option("--name", help="Site name shown to visitors.")
@click.option("--address", help="Postal address.")
@click.option("--commune", help="Commune.")
@click.option("--timezone", help="Time zone (default Europe/Paris).")
@click.option("--public-url", help="Where phones reach the server, e.g. https://accueil.fr.")
@click.option("--admin", "admin_login", help="First administrator's login.")
@click.option("--admin-name", help="First administrator's display name (default: the login).")
@click.option("--pin", help="First administrator's PIN (asked, hidden, when absent).")
@click.option("--central-url", help="Itinerant laptop: the central server's address.")
@click.option("--sync-token", help="Itinerant laptop: the token from `accueil sync token SITE`.")
def init(
    code: str | None,
    name: str | None,
    address: str | None,
    commune: str | None,
    timezone: str | None,
    public_url: str | None,
    admin_login: str | None,
    admin_name: str | None,
    pin: str | None,
    central_url: str | None,
    sync_token: str | None,
) -> None:
    """Set up a real site: the site, its first admin, the national catalogue (safe to rerun).

    With --site, --name and --admin it asks nothing but the PIN (unless --pin is given);
    without them it asks each question in turn.
    """
    from server.extensions import db as database
    from server.services.errors import ServiceError
    from server.services.setup import FirstAdmin, SiteDetails, initialize

    app = _app()
    ask = not (code and name and admin_login)
    if ask:
        name = name or click.prompt("Nom du site (ex. France Services de Moissac)")
        code = code or click.prompt("Code du site (minuscules, tirets)", default=_slug(name))
    # A second run keeps what it is not given (the commune, the public address set in /admin):
    # only the options typed change an existing site.
    current = _saved_site_details(app, code) if code else {}
    if ask:
        address = (
            address
            if address is not None
            else click.prompt("Adresse", default=current.get("address", ""))
        )
        commune = (
            commune
            if commune is not None
            else click.prompt("Commune", default=current.get("commune", ""))
        )
        timezone = timezone or click.prompt(
            "Fuseau horaire", default=current.get("timezone") or "Europe/Paris"
        )
        public_url = (
            public_url
            if public_url is not None
            else click.prompt(
                "Adresse publique (https://…, vide si aucune)",
                default=current.get("public_url", ""),
            )
        )
        admin_login = admin_login or click.prompt("Identifiant du premier administrateur")
    assert code and name and admin_login
    if pin is None:
        pin = click.prompt("Code PIN (4 à 12 chiffres)", hide_input=True, confirmation_prompt=True)
    details = SiteDetails(
        code=code,
        name=name,
        address=address if address is not None else current.get("address", ""),
        commune=commune if commune is not None else current.get("commune", ""),
        timezone=timezone or current.get("timezone") or "Europe/Paris",
        public_url=public_url if public_url is not None else current.get("public_url", ""),
    )
    upgrade_database(app)
    with app.app_context():
        try:
            result = initialize(
                database.session, details, FirstAdmin(admin_login, admin_name or admin_login, pin)
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        site_code = result.site.code
        if central_url or sync_token:
            from server.services.sync_laptop import configure

            try:
                configure(database.session, result.site, central_url or "", sync_token or "")
            except ServiceError as error:
                raise click.ClickException(error.message) from None
    if result.site_created:
        click.echo(f"site {site_code} créé, catalogue national chargé")
    elif result.site_changed:
        click.echo(f"site {site_code} mis à jour")
    else:
        click.echo(f"site {site_code} déjà prêt")
    click.echo(
        f"administrateur {admin_login} créé"
        if result.admin_created
        else f"administrateur {admin_login} déjà présent (PIN inchangé)"
    )
    if central_url or sync_token:
        _first_pull(app)
    click.echo("Ensuite : `accueil serve`, puis /admin pour les guichets et les agents.")


def _real_sites(app: Any) -> list[str]:
    """The sites `accueil init` or the first-run page installed in this database (the demo
    installs its own without either), read without migrating."""
    from sqlalchemy import inspect, text

    from server.extensions import db as database

    with app.app_context(), database.engine.connect() as connection:
        if not inspect(connection).has_table("audit_entries"):
            return []
        rows = connection.execute(
            text(
                "SELECT DISTINCT sites.code FROM audit_entries JOIN sites "
                "ON sites.id = audit_entries.site_id "
                "WHERE audit_entries.action = 'site.initialized' ORDER BY sites.code"
            )
        ).all()
    return [str(row[0]) for row in rows]


def _saved_site_details(app: Any, code: str) -> dict[str, str]:
    """The site's saved address, commune, time zone and public address, when it exists (read
    without migrating: a new database has no table yet)."""
    from sqlalchemy import inspect, text

    from server.extensions import db as database

    fields = ("address", "commune", "timezone", "public_url")
    with app.app_context(), database.engine.connect() as connection:
        if not inspect(connection).has_table("sites"):
            return {}
        row = connection.execute(
            text(f"SELECT {', '.join(fields)} FROM sites WHERE code = :code"), {"code": code}
        ).first()
    return (
        {}
        if row is None
        else {field: value or "" for field, value in zip(fields, row, strict=True)}
    )


def _first_pull(app: Any) -> None:
    """An itinerant laptop fetches the catalogue and the agents at once, if the central answers."""
    from server.services.sync_laptop import SyncFailed
    from server.sync_runtime import EXTENSION

    runtime = app.extensions[EXTENSION]
    settings = runtime.settings()
    central_url = settings.central_url if settings else "(adresse manquante)"
    try:
        runtime.run_once()
    except SyncFailed as failure:
        click.echo(
            f"serveur central {central_url} : {failure.message} (réessayez avec `accueil sync`)"
        )
    else:
        click.echo(f"synchronisé avec le serveur central {central_url}")


def _slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64] or "site"


@cli.group()
def agent() -> None:
    """Agents."""


@agent.command("add")
@click.option("--login", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    type=click.Choice(["agent", "admin", "department_admin"]),
    default="agent",
    show_default=True,
)
@click.option("--site", "sites", multiple=True, help="a site's code (repeat); default: home site")
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True)
def agent_add(login: str, name: str, role: str, sites: tuple[str, ...], pin: str) -> None:
    """Add an agent (the PIN is asked for, and stored only as a slow hash)."""
    from server.extensions import db as database
    from server.services.agents import add_agent
    from server.services.errors import ServiceError
    from server.services.lookup import site_by_code
    from server.services.setup import FirstAdmin, check_first_admin

    try:  # the checks of the first-run page and `accueil init` (login, name, PIN)
        checked = check_first_admin(FirstAdmin(login, name, pin))
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    app = _app()
    with app.app_context():
        try:
            where = [site_by_code(database.session, code) for code in sites]
            add_agent(
                database.session,
                name=checked.name,
                login=checked.login,
                pin=checked.pin,
                role=role,
                sites=where,
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"agent {login} ajouté")


@agent.command("unlock")
@click.argument("login")
def agent_unlock(login: str) -> None:
    """Lift the PIN lockout of LOGIN on every device and address."""
    from sqlalchemy import select

    from server.extensions import db as database
    from server.models import Agent
    from server.services.lockout import unlock

    app = _app()
    with app.app_context():
        if database.session.scalar(select(Agent.id).where(Agent.login == login)) is None:
            raise click.ClickException(f"aucun agent n'a l'identifiant « {login} »")
        lifted = unlock(database.session, login)
    click.echo(f"agent {login} débloqué ({lifted} poste(s) ou adresse(s) libéré(s))")


@cli.command()
def purge() -> None:
    """Delete call-back numbers once the call-back is closed or past its window (Réglages),
    checklists past 30 days, the
    reminder numbers of appointments that are over, the minibus passengers' names after the trip
    and visit details past each site's retention (kept as monthly aggregates): what the server
    does by itself every ACCUEIL_RETENTION_INTERVAL_HOURS."""
    from server.retention_runtime import EXTENSION

    app = _app()
    counts = app.extensions[EXTENSION].run_once()
    click.echo(
        f"deleted {counts['callbacks']} call-back number(s), {counts['checklists']} checklist(s), "
        f"{counts['visits']} visit(s) past retention ({counts['months']} month(s) archived), "
        f"{counts['appointment_phones']} appointment reminder number(s), "
        f"{counts['minibus_passengers']} minibus passenger(s)"
    )


for registered in COMMANDS:
    cli.add_command(registered)
register_backup_command(cli)

from server.cli_simulate import register_simulate_command  # noqa: E402

register_simulate_command(cli)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    from server.config import ConfigError

    _patch_for_async_mode(argv)
    try:
        cli.main(args=argv, prog_name="accueil")
    except ConfigError as error:  # a mistyped ACCUEIL_* variable: say which, no traceback
        click.echo(f"Erreur : {error}", err=True)
        sys.exit(2)
    except OSError as error:
        if not error.filename:
            raise
        # A file the command writes or reads (a backup, a report) in a folder that does not
        # exist, is not one, or is not writable: say which file and why, without a traceback.
        click.echo(f"Erreur : {error.filename} : {_file_problem(error)}.", err=True)
        sys.exit(1)
    except Exception as error:
        from sqlalchemy.exc import OperationalError

        if not isinstance(error, OperationalError):
            raise
        # The database is out of reach (PostgreSQL stopped, a wrong ACCUEIL_DATABASE_URL) or
        # has no schema yet: the driver's first line says which, without SQL or traceback.
        reason = str(error.orig or error).strip().splitlines()[0]
        click.echo(
            f"Erreur : la base de données ne répond pas ou n'est pas prête ({reason}). "
            "Vérifiez ACCUEIL_DATABASE_URL, puis lancez `accueil db upgrade`.",
            err=True,
        )
        sys.exit(1)


def _file_problem(error: OSError) -> str:
    return {
        errno.ENOENT: "chemin introuvable (son dossier existe-t-il ?)",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
        errno.EEXIST: "un fichier porte déjà le nom d'un dossier du chemin",
        errno.EACCES: "permission refusée à l'utilisateur qui lance la commande",
        errno.EPERM: "opération non permise",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.ENOSPC: "disque plein",
        errno.EISDIR: "c'est un dossier, pas un fichier",
    }.get(error.errno or 0, error.strerror or "erreur du système de fichiers")


if __name__ == "__main__":
    main()
