"""Signing in with a PIN on the keypad, the lockout after wrong PINs, signing out by hand and
by itself after inactivity."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import sign_in, sit_at

pytestmark = pytest.mark.browser


def add_agent(live_server, login, name, pin):
    """`accueil agent add`, as a site manager types it on the server."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "server",
            "agent",
            "add",
            "--login",
            login,
            "--name",
            name,
            "--pin",
            pin,
        ],
        env=live_server.env,
        cwd=live_server.workdir,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def locked_agent(live_server):
    """An agent of its own, so locking them out disturbs no other test."""
    add_agent(live_server, "verrou", "Agent à verrouiller", "2468")
    return "verrou"


def test_a_wrong_pin_says_how_many_tries_are_left_then_locks_the_account(
    live_server, tablet, locked_agent
):
    error = tablet.locator("#signin-error")
    for attempts_left in (4, 3, 2, 1):
        sign_in(tablet, live_server, locked_agent, pin="1111")
        expect(error).to_have_text(re.compile(f"Code incorrect. Encore {attempts_left} essai"))
    sign_in(tablet, live_server, locked_agent, pin="1111")
    expect(error).to_contain_text(
        "Bloqué sur cette tablette : trop de codes erronés. Attendez 1 minute avant"
    )
    expect(tablet.locator("#signin-countdown")).to_have_text(
        re.compile(r"Nouvel essai possible dans [01] min \d\d s\.")
    )
    assert_accessible(tablet)

    sign_in(tablet, live_server, locked_agent, pin="2468")  # even the right PIN waits
    expect(error).to_contain_text("Bloqué sur cette tablette")


def test_the_login_is_remembered_on_the_tablet_and_signing_out_frees_it(live_server, tablet):
    sit_at(tablet, live_server, "Bureau 2", login="demo2")
    expect(tablet.locator("#agent-place")).to_have_text("Bureau 2")
    tablet.get_by_role("button", name="Se déconnecter").click()
    expect(tablet.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(tablet.locator("#signin-error")).to_contain_text("Vous êtes déconnecté·e")
    expect(tablet.get_by_label("Identifiant")).to_have_value("demo2")
    tablet.reload()
    expect(tablet.get_by_role("heading", name="Connexion")).to_be_visible()


def test_the_console_signs_out_by_itself_after_inactivity_with_a_warning_first(live_server, tablet):
    tablet.clock.install()
    sit_at(tablet, live_server, "Bureau 2", login="demo2")
    warning = tablet.get_by_role("alertdialog", name="Êtes-vous toujours là ?")

    tablet.clock.fast_forward("29:01")  # 30 minutes of idleness, warned one minute before
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("vous serez déconnecté·e dans")
    warning.get_by_role("button", name="Je suis là").click()
    expect(warning).to_be_hidden()
    expect(tablet.get_by_role("button", name="Appeler le suivant")).to_be_visible()

    tablet.clock.fast_forward("29:01")
    expect(warning).to_be_visible()
    tablet.clock.run_for(61_000)
    expect(tablet.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(tablet.locator("#signin-error")).to_contain_text(
        "déconnecté·e après une période sans activité"
    )
    status = tablet.evaluate("fetch('/api/v1/auth/me').then((response) => response.status)")
    assert status == 401


def test_a_session_ended_elsewhere_brings_the_console_back_to_the_sign_in(live_server, tablet):
    sit_at(tablet, live_server, "Bureau 2", login="demo2")
    expect(tablet.locator("body")).to_have_attribute("data-connection", "live")
    cookie = next(c for c in tablet.context.cookies() if c["name"] == "accueil_session")
    other_browser = requests.Session()
    other_browser.cookies.set(cookie["name"], cookie["value"])
    assert other_browser.post(f"{live_server.url}/api/v1/auth/logout", timeout=10).ok
    expect(tablet.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(tablet.locator("#signin-error")).to_contain_text("Votre session est terminée")


def test_after_a_pin_reset_the_agent_chooses_their_own_before_the_console_opens(
    live_server, tablet
):
    add_agent(live_server, "nouveau", "Agent réinitialisé", "2468")
    admin = live_server.login("demo1")
    reset = admin.patch(
        f"{live_server.url}/api/v1/admin/agents/nouveau", json={"pin": "8642"}, timeout=30
    )
    assert reset.status_code == 200 and reset.json()["pin_temporary"] is True

    sign_in(tablet, live_server, "nouveau", pin="8642")
    expect(tablet.get_by_role("heading", name="Choisissez votre code PIN")).to_be_visible()
    tablet.get_by_label("Nouveau code PIN (4 à 12 chiffres)").fill("97531")
    tablet.get_by_label("Le même code, encore une fois").fill("97530")
    tablet.get_by_role("button", name="Enregistrer mon code").click()
    expect(tablet.get_by_role("alert")).to_contain_text("Les deux codes sont différents")
    assert_accessible(tablet)
    tablet.get_by_label("Nouveau code PIN (4 à 12 chiffres)").fill("97531")
    tablet.get_by_label("Le même code, encore une fois").fill("97531")
    tablet.get_by_role("button", name="Enregistrer mon code").click()
    expect(tablet.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()

    fresh = requests.post(
        f"{live_server.url}/api/v1/auth/login",
        json={"login": "nouveau", "pin": "97531"},
        timeout=30,
    )
    assert fresh.status_code == 200 and fresh.json()["pin_change_required"] is False


def test_an_agent_of_two_sites_chooses_one_after_the_pin(live_server, tablet):
    """Last in the module: it adds a second site to this module's server."""
    chef = live_server.login("demo1")
    assert chef.get(f"{live_server.url}/api/v1/admin/sites", timeout=10).status_code == 403
    subprocess.run(  # the department's second site, as `accueil init` creates one
        [
            sys.executable,
            "-m",
            "server",
            "init",
            "--site",
            "fs-moissac",
            "--name",
            "France Services de Moissac",
            "--admin",
            "chef-dep",
            "--pin",
            "2468",
        ],
        env=live_server.env,
        cwd=live_server.workdir,
        check=True,
        capture_output=True,
    )
    department = requests.Session()  # the department admin works at both: chooses one too
    department.post(
        f"{live_server.url}/api/v1/auth/login",
        json={"login": "chef-dep", "pin": "2468", "site": "fs-moissac"},
        timeout=30,
    ).raise_for_status()
    created = department.post(
        f"{live_server.url}/api/v1/admin/agents?site=fs-moissac",
        json={
            "login": "itinerant",
            "name": "Équipe itinérante",
            "pin": "2468",
            "sites": ["fs-moissac", "mde-castelsarrasin"],
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text

    sign_in(tablet, live_server, "itinerant", pin="2468")
    expect(tablet.get_by_role("heading", name="Choisissez votre site")).to_be_visible()
    sites = tablet.get_by_role("group", name="Sites")
    expect(sites.get_by_role("button")).to_have_count(2)
    assert_accessible(tablet)
    sites.get_by_role("button", name="France Services de Moissac").click()
    expect(tablet.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    expect(tablet.locator("#agent-site")).to_have_text("France Services de Moissac")
    me = tablet.evaluate("fetch('/api/v1/auth/me').then((response) => response.json())")
    assert me["site"]["code"] == "fs-moissac"
