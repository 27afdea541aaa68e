"""A database of the previous release upgrades to the back-office schema and keeps its data."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from server import config as settings
from server import create_app
from server.extensions import db
from server.schema import install_migrations

PREVIOUS_RELEASE = "0007"


def test_a_previous_release_database_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    app = create_app(
        settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    )
    install_migrations(app)
    with app.app_context():
        upgrade(revision=PREVIOUS_RELEASE)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO sites (id, code, name, commune, timezone) "
                    "VALUES (1, 'mde', 'Maison de l''État', 'Castelsarrasin', 'Europe/Paris')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO agents (id, name, login, pin_hash, role, posture, serves_all, "
                    "on_duty, paused, failed_logins) "
                    "VALUES (1, 'Camille', 'camille', 'x', 'admin', 'desk', 1, 0, 0, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO counters (id, site_id, code, label, kind, serves_all) "
                    "VALUES (1, 1, 'bureau-1', 'Bureau 1', 'office', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO highlights (id, site_id, title, body, month, position, active) "
                    "VALUES (1, 1, 'Nocturne', 'Le jeudi', '2026-02-01', 0, 1)"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            site = connection.execute(
                text("SELECT code, name, address, public_url FROM sites")
            ).one()
            agent = connection.execute(text("SELECT login, role, active FROM agents")).one()
            counter = connection.execute(text("SELECT code, label, active FROM counters")).one()
            # Counter codes are now unique per site: a second site has its own bureau-1.
            connection.execute(
                text(
                    "INSERT INTO sites (id, code, name, commune, timezone, address, public_url) "
                    "VALUES (2, 'fs-moissac', 'Moissac', 'Moissac', 'Europe/Paris', '', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO counters (site_id, code, label, kind, serves_all, active) "
                    "VALUES (2, 'bureau-1', 'Bureau 1', 'office', 1, 1)"
                )
            )
            highlight = connection.execute(
                text("SELECT title, starts_on, ends_on, image_version FROM highlights")
            ).one()
        db.engine.dispose()
    assert tuple(site) == ("mde", "Maison de l'État", "", "")
    # The install's administrator managed everything: a department administrator now.
    assert tuple(agent) == ("camille", "department_admin", 1)
    assert tuple(counter) == ("bureau-1", "Bureau 1", 1)
    # A highlight of the old release keeps showing for its whole month.
    assert tuple(highlight) == ("Nocturne", "2026-02-01", "2026-02-28", 0)


SITES_RELEASE = "0021_devices"  # the release before agents belonged to sites


def test_agents_of_the_release_before_sites_keep_working_at_every_site(tmp_path: Path) -> None:
    from server.services.agents import hash_pin

    app = create_app(
        settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    )
    install_migrations(app)
    with app.app_context():
        upgrade(revision=SITES_RELEASE)
        with db.engine.begin() as connection:
            for number, code in ((1, "mde"), (2, "fs-moissac")):
                connection.execute(
                    text(
                        "INSERT INTO sites (id, code, name, commune, timezone, address, "
                        "public_url) VALUES (:id, :code, :code, '', 'Europe/Paris', '', '')"
                    ),
                    {"id": number, "code": code},
                )
            for number, login, role in ((1, "chef", "admin"), (2, "yanis", "agent")):
                connection.execute(
                    text(
                        "INSERT INTO agents (id, name, login, pin_hash, role, posture, "
                        "serves_all, on_duty, paused, active, pin_temporary) "
                        "VALUES (:id, :login, :login, :hash, :role, 'desk', 1, 0, 0, 1, 0)"
                    ),
                    {"id": number, "login": login, "role": role, "hash": hash_pin("2468")},
                )
        upgrade()
        with db.engine.connect() as connection:
            memberships = connection.execute(
                text("SELECT agent_id, site_id FROM agent_sites ORDER BY agent_id, site_id")
            ).all()
            roles = connection.execute(text("SELECT login, role FROM agents ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in memberships] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert [tuple(row) for row in roles] == [("chef", "department_admin"), ("yanis", "agent")]
    # The agent works at both sites, so signs in by choosing one.
    client = app.test_client()
    asked = client.post("/api/v1/auth/login", json={"login": "yanis", "pin": "2468"})
    assert asked.status_code == 409
    signed_in = client.post(
        "/api/v1/auth/login", json={"login": "yanis", "pin": "2468", "site": "fs-moissac"}
    )
    assert signed_in.status_code == 200 and signed_in.json["site"]["code"] == "fs-moissac"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


CATALOGUE_RELEASE = "0025_site_services"  # the release before a request's labels (0026 rebuilds)


def test_rebuilding_a_table_others_point_to_keeps_every_row_pointing_to_it(
    tmp_path: Path,
) -> None:
    """On SQLite a batch migration copies a table, drops it and renames the copy: with foreign
    keys on, dropping `services` either failed (a ticket points to it: `accueil db upgrade`
    stopped with a traceback) or silently deleted the rows that cascade from it (the agents'
    skills, the site's switched-off requests)."""
    app = create_app(
        settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    )
    install_migrations(app)
    statements = [
        "INSERT INTO sites (id, code, name, commune, timezone, address, public_url) "
        "VALUES (1, 'mde', 'MdE', '', 'Europe/Paris', '', '')",
        "INSERT INTO partners (id, code, name) VALUES (1, 'caf', 'CAF')",
        "INSERT INTO services (id, code, label, partner_id, theme, prefix, position, active) "
        "VALUES (1, 'caf-rsa', 'RSA', 1, 'famille', 'C', 1, 1), "
        "(2, 'caf-apl', 'APL', 1, 'logement', 'C', 2, 1)",
        "INSERT INTO agents (id, name, login, pin_hash, role, posture, serves_all, on_duty, "
        "paused, active, pin_temporary) "
        "VALUES (1, 'Yanis', 'yanis', 'x', 'agent', 'desk', 0, 0, 0, 1, 0)",
        "INSERT INTO agent_services (agent_id, service_id) VALUES (1, 1)",
        "INSERT INTO site_services (site_id, service_id, active, position) VALUES (1, 2, 0, 1)",
        "INSERT INTO visits (id, site_id, service_id, day, number, token, status, priority, "
        "language, source, issued_at, arrived_at, coming_to_you, version) "
        "VALUES (1, 1, 1, '2026-11-30', 'C001', 'token', 'waiting', 0, 'fr', 'kiosk', "
        "'2026-11-30 09:00:00', '2026-11-30 09:00:00', 0, 1)",
    ]
    with app.app_context():
        upgrade(revision=CATALOGUE_RELEASE)
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        upgrade()
        with db.engine.connect() as connection:
            skills = connection.execute(text("SELECT * FROM agent_services")).all()
            switched = connection.execute(
                text("SELECT site_id, service_id, active FROM site_services")
            ).all()
            visits = connection.execute(text("SELECT number, service_id FROM visits")).all()
            services = connection.execute(text("SELECT code FROM services ORDER BY id")).all()
            foreign_keys = connection.execute(text("PRAGMA foreign_keys")).scalar()
        db.engine.dispose()
    assert [tuple(row) for row in skills] == [(1, 1)]
    assert [tuple(row) for row in switched] == [(1, 2, 0)]
    assert [tuple(row) for row in visits] == [("C001", 1)]
    assert [row[0] for row in services] == ["caf-rsa", "caf-apl"]
    assert foreign_keys == 1  # the server's connections still enforce them afterwards
