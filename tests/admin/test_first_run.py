"""A real site from nothing: `accueil init`, and the one-time setup link of `accueil serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from server import config as settings
from server import create_app
from server.cli import cli, issue_setup_link
from server.extensions import db
from server.models import ADMIN_ROLES, Agent, Service, Site
from server.services.errors import ServiceError
from server.services.setup import FirstAdmin, SiteDetails, check_site_details


@pytest.fixture
def fresh_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty instance folder and database, as on a new server."""
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", f"sqlite:///{tmp_path / 'accueil.db'}")
    monkeypatch.setenv("ACCUEIL_SECRET_KEY", "test")
    monkeypatch.delenv("ACCUEIL_SITE", raising=False)
    return tmp_path / "accueil.db"


def counts(path: Path) -> dict[str, Any]:
    app = create_app(settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        try:
            return {
                "sites": [(s.code, s.name, s.commune) for s in db.session.scalars(select(Site))],
                "admins": [
                    (a.login, a.role, a.pin_hash)
                    for a in db.session.scalars(select(Agent).where(Agent.role.in_(ADMIN_ROLES)))
                ],
                "services": db.session.scalar(select(func.count(Service.id))),
            }
        finally:
            db.session.remove()
            db.engine.dispose()


INIT = ["init", "--site", "fs-moissac", "--name", "France Services de Moissac", "--admin", "chef"]


def test_init_with_flags_asks_nothing_and_a_second_run_changes_nothing(fresh_env: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, [*INIT, "--pin", "2468"], input="")
    assert first.exit_code == 0, first.output
    before = counts(fresh_env)
    assert before["sites"] == [("fs-moissac", "France Services de Moissac", "")]
    # The install's owner manages every site of the department.
    assert [(login, role) for login, role, _ in before["admins"]] == [("chef", "department_admin")]
    assert before["services"] > 20  # the national catalogue is loaded

    again = runner.invoke(cli, [*INIT, "--pin", "2468"], input="")
    assert again.exit_code == 0, again.output
    assert "déjà" in again.output
    assert counts(fresh_env) == before  # same rows, same PIN hash


def test_a_second_init_keeps_the_details_it_is_not_given(fresh_env: Path) -> None:
    """Running `accueil init --site … --name … --admin bob` again (a second administrator)
    blanked the commune and the public address given the first time: every printed ticket's
    QR code then pointed to the server's local address, out of the visitors' reach."""
    runner = CliRunner()
    full = [*INIT, "--pin", "2468", "--commune", "Moissac"]
    first = runner.invoke(cli, [*full, "--public-url", "https://accueil.example.fr"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, [*INIT[:-1], "bob", "--pin", "1357"])
    assert again.exit_code == 0, again.output
    assert "site fs-moissac déjà prêt" in again.output and "administrateur bob créé" in again.output
    asked = runner.invoke(
        cli,
        ["init", "--site", "fs-moissac"],
        input="France Services de Moissac\n" + "\n" * 4 + "zoe\n1357\n1357\n",
    )
    assert asked.exit_code == 0, asked.output
    assert "[Moissac]" in asked.output and "[https://accueil.example.fr]" in asked.output
    assert counts(fresh_env)["sites"] == [("fs-moissac", "France Services de Moissac", "Moissac")]
    app = create_app(settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{fresh_env}"))
    with app.app_context():
        assert db.session.scalar(select(Site.public_url)) == "https://accueil.example.fr"
        db.session.remove()
        db.engine.dispose()


def test_the_demo_refuses_a_real_sites_database(
    fresh_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make demo` typed in the real install's folder added the demo's site (so the bare /kiosk
    and /display asked to be paired) and an administrator demo1 with PIN 1234, then served it."""
    runner = CliRunner()
    assert runner.invoke(cli, [*INIT, "--pin", "2468"], input="").exit_code == 0
    before = counts(fresh_env)
    monkeypatch.setattr("server.cli.serve_or_say_why", lambda *args, **kwargs: None)
    monkeypatch.setenv("ACCUEIL_DEMO_PRINTER", "off")
    refused = runner.invoke(cli, ["demo", "--port", "1"])
    assert refused.exit_code == 1, refused.output
    assert "cette base est celle d'un vrai site (fs-moissac" in refused.output
    assert "ACCUEIL_INSTANCE_DIR=/tmp/accueil-demo make demo" in refused.output
    assert counts(fresh_env) == before


def test_adding_an_agent_at_a_site_that_does_not_exist_says_so_in_french(fresh_env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, [*INIT, "--pin", "2468"], input="").exit_code == 0
    add = ["agent", "add", "--login", "lea", "--name", "Léa", "--pin", "1357"]
    refused = runner.invoke(cli, [*add, "--site", "nulle-part"])
    assert refused.exit_code == 1
    assert "aucun site n'a le code « nulle-part »" in refused.output
    added = runner.invoke(cli, [*add, "--site", "fs-moissac"])
    assert added.exit_code == 0 and "agent lea ajouté" in added.output
    twice = runner.invoke(cli, [*add, "--site", "fs-moissac"])
    assert twice.exit_code == 1 and "l'identifiant « lea » est déjà pris" in twice.output
    short = ["agent", "add", "--login", "zoe", "--name", "Zoé", "--pin", "12"]
    refused = runner.invoke(cli, short)
    assert refused.exit_code == 1 and "le code PIN compte 4 à 12 chiffres" in refused.output


def test_agent_add_refuses_a_login_the_back_office_would_refuse(fresh_env: Path) -> None:
    """`accueil agent add --login "marie dupont"` created an account the back-office's own form
    refuses (« 2 à 64 lettres, chiffres, points ou tirets »)."""
    runner = CliRunner()
    assert runner.invoke(cli, [*INIT, "--pin", "2468"], input="").exit_code == 0
    for login in ("marie dupont", "m", "marie/dupont"):
        refused = runner.invoke(
            cli, ["agent", "add", "--login", login, "--name", "M", "--pin", "1357"]
        )
        assert refused.exit_code == 1, (login, refused.output)
        assert "2 à 64 lettres, chiffres, points, tirets" in refused.output
    blank = runner.invoke(cli, ["agent", "add", "--login", "marie", "--name", " ", "--pin", "1357"])
    assert blank.exit_code == 1 and "le nom affiché est obligatoire" in blank.output
    assert [a for a, _, _ in counts(fresh_env)["admins"]] == ["chef"]


def test_init_without_pin_asks_it_twice_and_never_echoes_it(fresh_env: Path) -> None:
    result = CliRunner().invoke(cli, INIT, input="97531\n97531\n")
    assert result.exit_code == 0, result.output
    assert "97531" not in result.output
    assert [login for login, _, _ in counts(fresh_env)["admins"]] == ["chef"]


def test_init_refuses_two_different_pins(fresh_env: Path) -> None:
    result = CliRunner().invoke(cli, INIT, input="1111\n2222\n1111\n1111\n")
    assert result.exit_code == 0, result.output
    assert "1111" not in result.output and "2222" not in result.output


def test_init_asks_every_question_when_run_bare(fresh_env: Path) -> None:
    answers = "\n".join(
        [
            "France Services de Valence",  # name
            "",  # code: the suggested slug
            "1 place de la Mairie",
            "Valence",
            "",  # timezone: Europe/Paris
            "",  # no public URL
            "resp",
            "4321",
            "4321",
        ]
    )
    result = CliRunner().invoke(cli, ["init"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert counts(fresh_env)["sites"] == [
        ("france-services-de-valence", "France Services de Valence", "Valence")
    ]


def test_init_explains_a_bad_value_without_a_traceback(fresh_env: Path) -> None:
    result = CliRunner().invoke(
        cli, ["init", "--site", "Pas Bon", "--name", "X", "--admin", "chef", "--pin", "1234"]
    )
    assert result.exit_code == 1
    assert "code du site" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "UPPER"), ("name", ""), ("timezone", "Mars/Olympus"), ("public_url", "ftp://x")],
)
def test_site_details_name_the_wrong_field(field: str, value: str) -> None:
    details = {"code": "fs-a", "name": "A", field: value}
    with pytest.raises(ServiceError) as caught:
        check_site_details(SiteDetails(**details))
    assert caught.value.details["field"] == field


@pytest.fixture
def empty_app(tmp_path: Path, clock: Any) -> Any:
    path = tmp_path / "empty.db"
    app = create_app(settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"), clock=clock)
    with app.app_context():
        db.create_all()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


SETUP_FORM = {
    "name": "France Services de Moissac",
    "code": "fs-moissac",
    "address": "2 rue du Port",
    "commune": "Moissac",
    "timezone": "Europe/Paris",
    "public_url": "",
    "login": "chef",
    "admin_name": "Claire",
    "pin": "2468",
    "pin_again": "2468",
}


def test_the_setup_link_works_once_then_the_page_is_gone(empty_app: Any) -> None:
    link = issue_setup_link(empty_app, "http://127.0.0.1:5000")
    assert link is not None
    path = link.removeprefix("http://127.0.0.1:5000")
    client = empty_app.test_client()
    assert client.get(path).status_code == 200
    assert client.get(path[:-2] + "xx").status_code == 404
    created = client.post(path, data=SETUP_FORM)
    assert created.status_code == 302 and created.headers["Location"].startswith("/admin")
    assert client.get(path).status_code == 404
    assert client.post(path, data=SETUP_FORM).status_code == 404
    signed_in = client.post("/api/v1/auth/login", json={"login": "chef", "pin": "2468"})
    assert signed_in.status_code == 200 and signed_in.json["role"] == "department_admin"


def test_a_setup_error_keeps_what_was_typed_except_the_pins(empty_app: Any) -> None:
    link = issue_setup_link(empty_app, "http://x")
    path = link.removeprefix("http://x") if link else ""
    response = empty_app.test_client().post(path, data={**SETUP_FORM, "pin_again": "1357"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ne sont pas identiques" in page
    assert 'value="2 rue du Port"' in page and "2468" not in page
    assert empty_app.test_client().get(path).status_code == 200  # still usable


def test_the_setup_page_offers_the_address_its_holder_used_as_the_public_address(
    empty_app: Any,
) -> None:
    link = issue_setup_link(empty_app, "http://x")
    path = link.removeprefix("http://x") if link else ""
    page = empty_app.test_client().get(path, headers={"Host": "192.168.1.10:5000"})
    assert 'value="http://192.168.1.10:5000"' in page.get_data(as_text=True)
    local = empty_app.test_client().get(path, headers={"Host": "127.0.0.1:5000"})
    assert 'value="http://127.0.0.1:5000"' not in local.get_data(as_text=True)


def test_the_setup_link_expires_after_an_hour(empty_app: Any, clock: Any) -> None:
    link = issue_setup_link(empty_app, "http://x")
    path = link.removeprefix("http://x") if link else ""
    clock.advance(minutes=61)
    assert empty_app.test_client().get(path).status_code == 404


def test_no_setup_link_and_no_setup_page_once_an_admin_exists(app: Any) -> None:
    assert issue_setup_link(app, "http://x") is None
    assert app.test_client().get("/setup/anything").status_code == 404


def test_init_service_keeps_an_existing_admins_pin(empty_app: Any) -> None:
    from server.services.setup import initialize

    with empty_app.app_context():
        details = SiteDetails(code="fs-a", name="A")
        initialize(db.session, details, FirstAdmin("chef", "Chef", "1234"))
        first = db.session.scalar(select(Agent.pin_hash).where(Agent.login == "chef"))
        initialize(db.session, details, FirstAdmin("chef", "Chef", "9999"))
        assert db.session.scalar(select(Agent.pin_hash).where(Agent.login == "chef")) == first


def test_the_home_page_names_the_site_or_says_how_to_install_it(empty_app: Any, app: Any) -> None:
    empty = empty_app.test_client().get("/").get_data(as_text=True)
    assert "accueil init" in empty
    named = app.test_client().get("/").get_data(as_text=True)
    assert "Maison de l&#39;État — France Services, Castelsarrasin" in named
    assert 'href="/admin"' in named
