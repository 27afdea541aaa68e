"""Codes are looked up by id kept per process, yet a site made or renamed by a command run
beside the server (`accueil site add`, `accueil init`) is seen at once."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from server.extensions import db
from server.services.errors import NotFound
from server.services.lookup import service_by_code, site_by_code


def write_elsewhere(database_url: str, statement: str) -> None:
    raw = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    raw.execute(statement)
    raw.commit()
    raw.close()


def test_a_site_added_by_another_process_is_found_at_once(app: Any, database_url: str) -> None:
    with app.app_context():
        with pytest.raises(NotFound):
            site_by_code(db.session, "moissac")
        write_elsewhere(
            database_url,
            "INSERT INTO sites (code, name, commune, timezone, address, public_url)"
            " VALUES ('moissac', 'Moissac', 'Moissac', 'Europe/Paris', '', '')",
        )
        db.session.remove()
        assert site_by_code(db.session, "moissac").name == "Moissac"


def test_a_site_renamed_by_another_process_no_longer_answers_to_its_old_code(
    app: Any, database_url: str
) -> None:
    with app.app_context():
        assert site_by_code(db.session, "mde-castelsarrasin").code == "mde-castelsarrasin"
        db.session.remove()
        write_elsewhere(
            database_url, "UPDATE sites SET code = 'cs' WHERE code = 'mde-castelsarrasin'"
        )
        with pytest.raises(NotFound):
            site_by_code(db.session, "mde-castelsarrasin")
        assert site_by_code(db.session, "cs").name
        db.session.remove()


def test_a_request_is_found_by_its_code_and_an_unknown_one_is_refused(app: Any) -> None:
    with app.app_context():
        site = site_by_code(db.session, "mde-castelsarrasin")
        assert service_by_code(db.session, "caf-rsa", site).code == "caf-rsa"
        with pytest.raises(NotFound):
            service_by_code(db.session, "nothing-like-it", site)
        db.session.remove()
