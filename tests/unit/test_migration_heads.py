"""The schema's history has one head: with two, `accueil db upgrade` refuses to run at all."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

import server
from server.schema import newest_revision


def test_the_migrations_have_exactly_one_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(server.__file__).parent / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several heads, chain the newest migration after the other: {heads}"


def test_the_server_reads_the_same_newest_migration_as_alembic() -> None:
    """`accueil demo` skips Alembic when the database is at this revision: reading another
    one would leave a database behind the models, unmigrated."""
    config = Config()
    config.set_main_option("script_location", str(Path(server.__file__).parent / "migrations"))
    assert newest_revision() == ScriptDirectory.from_config(config).get_current_head()
