"""The database schema's migrations (Alembic, through Flask-Migrate), loaded only to migrate.

Alembic and what it imports (Mako, Pygments) take about 9 MB of a process's memory that serving
never uses (issue 15): the application registers Flask-Migrate only when a command migrates, and
`accueil demo` does not load Alembic at all when its database is already at the newest
migration, which it finds by reading the migration files' two assignments itself.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def install_migrations(app: Any) -> None:
    """Register Flask-Migrate on the app: its `upgrade()` then works in the app's context."""
    from flask_migrate import Migrate

    from server.extensions import db

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)


def upgrade(app: Any) -> None:
    """Apply the migrations the database lacks (nothing, without Alembic, when it lacks none)."""
    newest = newest_revision()
    if newest is not None and current_revision(app) == newest:
        return
    from flask_migrate import upgrade as alembic_upgrade

    install_migrations(app)
    with app.app_context():
        alembic_upgrade()


def known_revisions() -> set[str]:
    """Every migration this version of the code has."""
    return {
        values["revision"]
        for path in (MIGRATIONS_DIR / "versions").glob("*.py")
        if isinstance((values := _assignments(path)).get("revision"), str)
    }


def newest_revision() -> str | None:
    """The one migration no other follows, from the `revision` and `down_revision` assignments
    of the files (None when there is no single one: Alembic then decides, and refuses)."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = _assignments(path)
        if isinstance(values.get("revision"), str):
            revisions.add(values["revision"])
        down = values.get("down_revision")
        followed.update([down] if isinstance(down, str) else down or ())
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


def current_revision(app: Any) -> str | None:
    """The migration the database is at (None for a database Alembic never migrated)."""
    from server.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(versions[0][0]) if len(versions) == 1 else None


def _assignments(path: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                values[target.id] = ast.literal_eval(value)
    return values
