"""`accueil backup PATH`: a consistent copy of the database, or how to take one (pg_dump)."""

from __future__ import annotations

from pathlib import Path

import click


def register_backup_command(cli: click.Group) -> None:
    @cli.command()
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--force", is_flag=True, help="Replace PATH if it exists.")
    def backup(path: Path, force: bool) -> None:
        """Copy the database to PATH while the site stays open (SQLite); explains pg_dump."""
        from server.config import Config
        from server.services.backup import UsePgDump, backup_database, sqlite_path
        from server.services.errors import ServiceError

        url = Config().SQLALCHEMY_DATABASE_URI
        try:
            size = backup_database(url, path, overwrite=force)
        except UsePgDump as advice:
            click.echo(advice.message)
            raise SystemExit(2) from None
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        # The restore, whole: a stale -wal left beside the copied file would be replayed onto
        # it by SQLite at the next start (the README's procedure removes them; the hint did not).
        database = sqlite_path(url)
        click.echo(
            f"sauvegarde écrite dans {path} ({size // 1024} Kio). Pour la restaurer : arrêtez "
            f"le serveur, copiez-la sur {database}, supprimez {database}-wal et {database}-shm "
            "s'ils existent, puis redémarrez."
        )
