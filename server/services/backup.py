"""`accueil backup PATH`: a consistent copy of the database, taken while the site is open.

SQLite: the online backup API copies a consistent snapshot while kiosks keep writing (WAL
readers never block writers). PostgreSQL: `pg_dump` is the right tool; we say how.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from server.services.errors import ServiceError


class UsePgDump(ServiceError):
    """The database is PostgreSQL: the message says which pg_dump command to run."""


def sqlite_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise ServiceError("une base en mémoire ne se sauvegarde pas")
    return Path(url.database)


def pg_dump_advice(database_url: str, target: Path) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    safe = url.render_as_string(hide_password=True)
    return (
        "This database is PostgreSQL: back it up with pg_dump, which takes a consistent "
        "snapshot without stopping the site:\n"
        f"  pg_dump --format=custom --file {target} '{safe}'\n"
        "and restore into an empty database with:\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname '<new database URL>' {target}"
    )


def backup_database(database_url: str, target: Path, *, overwrite: bool = False) -> int:
    """Copy the SQLite database to `target` (a consistent snapshot); returns its size in bytes."""
    source = sqlite_path(database_url)
    if source is None:
        raise UsePgDump(pg_dump_advice(database_url, target))
    if not source.exists():
        raise ServiceError(
            f"pas de base de données à {source} : lancez d'abord `accueil db upgrade`"
        )
    if target.resolve() == source.resolve():
        raise ServiceError("la sauvegarde va dans un autre fichier que la base elle-même")
    if target.exists() and not overwrite:
        raise ServiceError(f"{target} existe déjà (--force pour le remplacer)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        # One step: a single read transaction sees one consistent state. In WAL mode it does
        # not block the kiosks' writes; stepping would restart at every write during a rush.
        src.backup(dst)
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise ServiceError(f"la copie a échoué à la vérification d'intégrité : {ok}")
    partial.replace(target)  # a half-written backup never takes the final name
    return target.stat().st_size
