"""The standing "aller-vers" agent: the live waiting list, taking a visitor, walk-ins,
self-service computers, and the follow-up given when a visit ends."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.console_steps import (
    SECOND,
    TABLET,
    click_together,
    go_to_the_floor,
    take_ticket,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("empty_line")]


def query(server, sql, *parameters):
    with sqlite3.connect(server.workdir / "accueil.db") as database:
        return database.execute(sql, parameters).fetchone()


def test_the_floor_agent_takes_a_visitor_and_the_screen_says_a_counsellor_is_coming(
    live_server, new_page, tablet
):
    display = new_page(viewport={"width": 1280, "height": 720})
    display.goto(live_server.url + "/display")
    go_to_the_floor(tablet, live_server)
    ticket = take_ticket(live_server, service="cpam-carte-vitale")
    row = tablet.locator(f"[data-ticket={ticket['number']}]")
    expect(row).to_contain_text("Carte Vitale")
    expect(row).to_contain_text("Santé")
    expect(row).to_contain_text("attend depuis moins d'1 min")
    expect(display.locator("body")).not_to_contain_text("vient vers vous")

    row.get_by_role("button", name=f"Je prends le ticket {ticket['number']}").click()

    expect(tablet.locator("#visit-number")).to_have_text(ticket["number"])
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")
    expect(tablet.locator("#floor-empty")).to_be_visible()
    body = display.locator("body")
    expect(body).to_contain_text(ticket["number"], timeout=5 * SECOND)
    expect(body).to_contain_text("vient vers vous", timeout=5 * SECOND)


def test_a_walk_in_is_recorded_in_two_taps_and_served_at_once(live_server, tablet):
    go_to_the_floor(tablet, live_server)
    tablet.get_by_role("button", name="Nouveau visiteur").click()
    sheet = tablet.get_by_role("dialog", name="Nouveau visiteur")
    sheet.get_by_role("button", name="Logement, mobilité, courrier").click()
    sheet.get_by_role("button", name="Carte grise — France Titres (ANTS)").click()

    expect(sheet).to_be_hidden()
    expect(tablet.locator("#visit-service")).to_have_text("Carte grise")
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")
    expect(tablet.get_by_role("status")).to_contain_text("Visiteur enregistré")
    number = tablet.locator("#visit-number").inner_text()
    assert query(live_server, "SELECT source, status FROM visits WHERE number = ?", number) == (
        "agent",
        "serving",
    )


def test_taking_a_visitor_to_a_self_service_computer_records_its_number(live_server, tablet):
    ticket = take_ticket(live_server, service="impots-espace")
    go_to_the_floor(tablet, live_server)
    tablet.get_by_role("button", name=f"Je prends le ticket {ticket['number']}").click()
    tablet.get_by_role("button", name="Accompagner au poste numérique").click()
    sheet = tablet.get_by_role("dialog")
    sheet.get_by_role("radio", name="n° 2").click()
    sheet.get_by_role("button", name="Accompagner et terminer").click()

    expect(tablet.get_by_role("status")).to_have_text(
        f"{ticket['number']} accompagné au poste numérique n° 2 : visite terminée."
    )
    expect(tablet.locator("#visit")).to_be_hidden()
    outcome = json.loads(
        query(live_server, "SELECT outcome FROM visits WHERE id = ?", ticket["id"])[0]
    )
    assert outcome == {
        "partner": "dgfip",
        "service": "impots-espace",
        "request_type": "procedure",
        "result": "resolved",
        "workstation": 2,
    }


def test_two_agents_taking_the_same_visitor_one_serves_and_the_other_is_told(live_server, new_page):
    camille, yanis = new_page(viewport=TABLET), new_page(viewport=TABLET)
    go_to_the_floor(camille, live_server, "demo1")
    go_to_the_floor(yanis, live_server, "demo2")
    ticket = take_ticket(live_server)
    button = f"[data-ticket={ticket['number']}] button"
    for console in (camille, yanis):
        expect(console.locator(button).first).to_be_visible()

    click_together([camille, yanis], button)

    for console in (camille, yanis):
        expect(console.locator("#visit:not([hidden]), #alert:not([hidden])")).to_be_visible()
    served = [console for console in (camille, yanis) if console.locator("#visit").is_visible()]
    assert len(served) == 1
    expect(served[0].locator("#visit-number")).to_have_text(ticket["number"])
    other = yanis if served[0] is camille else camille
    expect(other.get_by_role("alert")).to_have_text(
        "⚠ Un·e collègue a déjà pris ce ticket (statut actuel : en cours). "
        "La console est mise à jour."
    )
    expect(other.locator("#visit")).to_be_hidden()


def test_a_finished_visit_leaves_a_checklist_qr_code_and_a_consented_call_back(
    live_server, new_page, tablet
):
    ticket = take_ticket(live_server)
    go_to_the_floor(tablet, live_server)
    tablet.get_by_role("button", name=f"Je prends le ticket {ticket['number']}").click()
    tablet.get_by_role("button", name="Terminer", exact=True).click()
    finish = tablet.get_by_role("dialog", name=f"Terminer la visite {ticket['number']}")
    finish.get_by_role("radio", name="Aide à une démarche").click()
    finish.get_by_role("radio", name="Orienté vers le partenaire").click()
    finish.get_by_label("Donner une liste d'étapes (QR code)").check()
    finish.get_by_label("Proposer un rappel dans 2 semaines").check()
    finish.get_by_role("button", name="Terminer la visite").click()

    sheet = tablet.get_by_role("dialog", name=f"Suite de la visite {ticket['number']}")
    # The request's checklist comes from the library: every step ticked; keep the first only.
    expect(sheet.get_by_label("Titre")).to_have_value("RSA — demande et suite")
    expect(sheet.locator("#checklist-draft")).to_be_visible()  # a national draft, to check
    library = sheet.locator("#checklist-steps input[type=checkbox]")
    for n in range(1, library.count()):
        library.nth(n).uncheck()
    sheet.get_by_label(re.compile("^Étapes")).fill(
        "Créer son compte sur caf.fr\n- Apporter un avis d'imposition\n\n"
    )
    sheet.get_by_role("button", name="Créer le QR code").click()
    qr = sheet.get_by_role("img", name=re.compile("QR code de la liste"))
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.decode().then(() => image.naturalWidth)") > 0
    link = sheet.locator("#checklist-url").inner_text()
    sheet.get_by_role("button", name="Imprimer sur papier").click()
    expect(tablet.get_by_role("status")).to_contain_text(
        re.compile("Liste envoyée|impression n'est pas disponible|imprimante ne répond pas")
    )

    sheet.get_by_role("button", name="Enregistrer le rappel").click()
    expect(sheet.locator("#callback-error")).to_contain_text("cochez la case de son accord")
    sheet.get_by_role("checkbox", name=re.compile("accepte que France Services")).check()
    sheet.get_by_label(re.compile("^Numéro de téléphone")).fill("06 12 34")
    sheet.get_by_role("button", name="Enregistrer le rappel").click()
    expect(sheet.locator("#callback-error")).to_contain_text("Numéro non valide")
    sheet.get_by_label(re.compile("^Numéro de téléphone")).fill("06 12 34 56 78")
    sheet.get_by_role("button", name="Enregistrer le rappel").click()
    expect(sheet.locator("#callback-done")).to_contain_text("au 06 12 34 56 78")
    due = datetime.now(ZoneInfo("Europe/Paris")).date() + timedelta(days=14)
    assert query(
        live_server, "SELECT phone, due_on FROM callback_requests WHERE visit_id = ?", ticket["id"]
    ) == ("+33612345678", due.isoformat())
    sheet.get_by_role("button", name="Fermer").click()
    expect(sheet).to_be_hidden()

    visitor = new_page(viewport={"width": 390, "height": 844})
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("RSA — demande et suite")
    expect(visitor.locator(".checklist-steps li")).to_have_text(
        [
            "Faire la demande de RSA en ligne sur caf.fr (ou msa.fr pour le régime agricole).",
            "Créer son compte sur caf.fr",
            "Apporter un avis d'imposition",
        ]
    )
    expect(visitor.locator("body")).not_to_contain_text(ticket["number"])
    assert date.fromisoformat(visitor.locator("time").get_attribute("datetime")) > due


def test_no_walk_in_is_recorded_over_the_visitor_in_hand(live_server, tablet):
    """A walk-in recorded while a visitor is in hand left that visit « en cours » for ever: the
    console showed only the new one, the visitor's phone still said a counsellor was coming."""
    ticket = take_ticket(live_server, service="cpam-carte-vitale")
    go_to_the_floor(tablet, live_server)
    walk_in = tablet.get_by_role("button", name="Nouveau visiteur")
    expect(walk_in).to_be_enabled()
    tablet.get_by_role("button", name=f"Je prends le ticket {ticket['number']}").click()
    expect(tablet.locator("#visit-number")).to_have_text(ticket["number"])
    expect(walk_in).to_be_disabled()
    expect(tablet.locator("#floor-hint")).to_have_text(
        "Terminez la visite en cours pour prendre la personne suivante."
    )
    tablet.get_by_role("button", name="Terminer", exact=True).click()
    finish = tablet.get_by_role("dialog")
    finish.get_by_role("radio", name="Information").click()
    finish.get_by_role("radio", name="Résolu sur place").click()
    finish.get_by_role("button", name="Terminer la visite").click()
    expect(tablet.get_by_role("status")).to_contain_text("visite terminée")
    expect(walk_in).to_be_enabled()
    expect(tablet.locator("#floor-hint")).to_be_hidden()
