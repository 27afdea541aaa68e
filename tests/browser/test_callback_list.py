"""The call-back list in Chromium: a call-back due is listed with its request, one tap closes it,
and its number is gone from the database."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import sign_in

TABLET = {"width": 1280, "height": 800}


def sql(server, statement, *parameters):
    with sqlite3.connect(server.workdir / "accueil.db") as database:
        return database.execute(statement, parameters).fetchall()


def served_with_call_back(server, agent, phone):
    ticket = agent.post(f"{server.url}/api/v1/agent/walk-in", json={"service": "caf-rsa"}).json()
    body = {
        "outcome": {"request_type": "procedure", "result": "referred"},
        "version": ticket["version"],
    }
    agent.post(f"{server.url}/api/v1/tickets/{ticket['id']}/finish", json=body).raise_for_status()
    agent.post(
        f"{server.url}/api/v1/tickets/{ticket['id']}/checklist",
        json={"title": "RSA — la suite", "items": ["Créer son compte caf.fr"]},
    ).raise_for_status()
    agent.post(
        f"{server.url}/api/v1/tickets/{ticket['id']}/callback",
        json={"phone": phone, "consent": True},
    ).raise_for_status()
    return ticket


def test_a_due_call_back_is_listed_closed_in_one_tap_and_its_number_erased(
    live_server, agents, new_page
):
    ticket = served_with_call_back(live_server, agents["demo2"], "06 98 76 54 32")
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    # Two weeks pass: the call is due today.
    sql(
        live_server,
        "UPDATE callback_requests SET due_on = ? WHERE visit_id = ?",
        today,
        ticket["id"],
    )

    tablet = new_page(viewport=TABLET)
    sign_in(tablet, live_server)
    link = tablet.locator("#open-callbacks")
    expect(link).to_have_attribute("aria-label", "Rappels : 1 à faire aujourd'hui")
    link.click()
    card = tablet.locator("[data-callback]").filter(has_text="06 98 76 54 32")
    expect(card).to_contain_text("RSA")
    expect(card.get_by_role("link", name="RSA — la suite")).to_be_visible()
    assert (
        card.get_by_role("link", name="☎ 06 98 76 54 32").get_attribute("href")
        == "tel:+33698765432"
    )
    assert_accessible(tablet)

    card.get_by_role("button", name="Joint — démarche en cours").click()
    expect(tablet.locator("#followup-status")).to_have_text(
        "Rappel clos : démarche en cours. Le numéro est effacé."
    )
    expect(tablet.locator("[data-callback]")).to_have_count(0)
    assert sql(
        live_server, "SELECT phone, outcome FROM callback_requests WHERE visit_id = ?", ticket["id"]
    ) == [(None, "in_progress")]
