"""A real site from a fresh database, in a browser only: setup link → counter → agent → call."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import SECOND, TABLET, sign_in
from tests.live import LiveServer

LINK = re.compile(r"(http://\S+/setup/[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`accueil db upgrade` then `accueil serve` on an empty database: no demo data at all."""
    server = LiveServer(tmp_path_factory.mktemp("fresh"), command="serve")
    subprocess.run(
        [sys.executable, "-m", "server", "db", "upgrade"],
        env=server.env,
        cwd=server.workdir,
        check=True,
        capture_output=True,
    )
    with server:
        yield server


def setup_link(server: LiveServer) -> str:
    found = LINK.search(server.log.read_text())
    assert found, server.log.read_text()
    return found.group(1)


def test_a_fresh_install_reaches_a_called_ticket_from_the_browser_alone(
    fresh_server: LiveServer, new_page: Any
) -> None:
    admin = new_page(viewport=TABLET)
    admin.set_default_timeout(10 * SECOND)
    assert admin.goto(fresh_server.url + "/setup/not-the-token").status == 404
    admin.goto(setup_link(fresh_server))
    assert_accessible(admin)
    admin.get_by_label("Nom du site").fill("France Services de Moissac")
    admin.get_by_label("Code du site").fill("fs-moissac")
    admin.get_by_label("Commune").fill("Moissac")
    admin.get_by_label("Identifiant").fill("claire")
    admin.get_by_label("Nom affiché").fill("Claire")
    admin.get_by_label("Code PIN (4 à 12 chiffres)").fill("2468")
    admin.get_by_label("Code PIN, une seconde fois").fill("2469")
    admin.get_by_role("button", name="Créer le site").click()
    expect(admin.get_by_role("alert")).to_contain_text("ne sont pas identiques")
    expect(admin.get_by_label("Commune")).to_have_value("Moissac")  # nothing typed is lost
    admin.get_by_label("Code PIN (4 à 12 chiffres)").fill("2468")
    admin.get_by_label("Code PIN, une seconde fois").fill("2468")
    admin.get_by_role("button", name="Créer le site").click()

    # The back-office asks the new administrator to sign in, then welcomes them. The setup form
    # also has an « Identifiant »: wait for the sign-in page before typing, or the login lands in
    # the page being left.
    expect(admin.get_by_role("heading", name="Connexion à l'administration")).to_be_visible()
    admin.get_by_label("Identifiant").fill("claire")
    admin.get_by_label("Code PIN").fill("2468")
    admin.get_by_role("button", name="Se connecter").click()
    expect(admin.get_by_role("heading", name="Administration", exact=True)).to_be_visible()
    assert_accessible(admin)
    # Setting the site up is not serving visitors: the kiosk promises no wait on her account.
    themes = requests.get(fresh_server.url + "/api/v1/queue", timeout=10).json()["themes"]
    assert {theme["wait"]["kind"] for theme in themes} == {"unknown"}

    admin.get_by_role("link", name="Guichets").first.click()
    admin.get_by_label("Nom affiché à l'écran").fill("Bureau 1")
    admin.get_by_label("Code", exact=True).fill("Bureau 1")
    admin.get_by_role("button", name="Créer le guichet").click()
    expect(admin.get_by_role("alert")).to_contain_text("minuscules")
    expect(admin.get_by_label("Nom affiché à l'écran")).to_have_value("Bureau 1")
    admin.get_by_label("Code", exact=True).fill("bureau-1")
    admin.get_by_role("button", name="Créer le guichet").click()
    expect(admin.get_by_role("heading", name=re.compile("^Bureau 1"))).to_be_visible()
    assert_accessible(admin)

    admin.get_by_role("link", name="Agents").first.click()
    new_agent = admin.get_by_role("main").locator("form").first  # the header has sign-out
    new_agent.get_by_label("Nom affiché").fill("Yanis")
    new_agent.get_by_label("Identifiant").fill("yanis")
    new_agent.get_by_label("Code PIN (4 à 12 chiffres)").fill("2580")
    new_agent.get_by_label("RSA — CAF").check()
    admin.get_by_role("button", name="Créer l'agent").click()
    expect(admin.get_by_role("heading", name=re.compile("^Yanis"))).to_be_visible()
    assert_accessible(admin)

    admin.get_by_role("link", name="Catalogue").first.click()
    assert_accessible(admin)

    # A visitor takes a ticket at the kiosk…
    kiosk = new_page()
    kiosk.goto(fresh_server.url + "/kiosk")
    kiosk.click('[data-theme="famille"]')
    with kiosk.expect_response(
        lambda r: r.url.endswith("/api/v1/tickets") and r.request.method == "POST"
    ) as answer:
        kiosk.click('[data-service="caf-rsa"]')
    number = answer.value.json()["number"]

    # …and the new agent calls it at the new counter.
    console = new_page(viewport=TABLET)
    sign_in(console, fresh_server, "yanis", "2580")
    console.get_by_role("button", name=re.compile("^Bureau 1")).click()
    console.get_by_role("button", name="Appeler le suivant").click()
    expect(console.locator("#visit-number")).to_have_text(number)
    expect(console.locator("#visit-state")).to_contain_text("Appelé à")
    expect(console.locator("#visit-state")).to_contain_text("Bureau 1")

    # The link was usable once: the setup page is gone.
    assert admin.goto(setup_link(fresh_server)).status == 404


def test_an_agent_gets_403_in_the_back_office(fresh_server: LiveServer, new_page: Any) -> None:
    page = new_page(viewport=TABLET)
    sign_in(page, fresh_server, "yanis", "2580")
    expect(
        page.get_by_role("button", name="Appeler le suivant")
        .or_(page.get_by_role("button", name=re.compile("^Bureau 1")))
        .first
    ).to_be_visible()
    response = page.goto(fresh_server.url + "/admin/guichets")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Réservé aux administrateurs")).to_be_visible()
