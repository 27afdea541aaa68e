"""Every screen and sheet of the console: zero serious or critical axe-core violations, and no
control smaller than a fingertip (48 × 48 px)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.console_steps import TABLET, sign_in, small_touch_targets, take_ticket

pytestmark = pytest.mark.browser


def audit(page, screen):
    problems = {"axe": axe_violations(page), "small touch targets": small_touch_targets(page)}
    assert not any(problems.values()), f"{screen}: " + json.dumps(problems, ensure_ascii=False)


def test_every_console_screen_passes_the_audit_and_has_fingertip_sized_controls(
    live_server, new_page
):
    tablet = new_page(viewport=TABLET)
    tablet.clock.install()
    tablet.set_default_timeout(5000)
    tablet.goto(live_server.url + "/console")
    expect(tablet.get_by_role("heading", name="Connexion")).to_be_visible()
    audit(tablet, "sign-in keypad")
    sign_in(tablet, live_server, pin="9999")
    expect(tablet.locator("#signin-error")).to_contain_text("Code incorrect")
    audit(tablet, "sign-in with a wrong PIN")

    sign_in(tablet, live_server)
    expect(tablet.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    audit(tablet, "posture choice")

    tablet.get_by_role("button", name=re.compile("^Accueil")).click()
    call = tablet.get_by_role("button", name="Appeler le suivant")
    expect(call).to_be_visible()
    assert call.bounding_box()["height"] >= 120
    audit(tablet, "desk, idle")

    ticket = take_ticket(live_server)
    take_ticket(live_server, service="carte-grise")
    call.click()
    expect(tablet.locator("#visit-number")).to_have_text(ticket["number"])
    audit(tablet, "desk, visitor called")
    tablet.get_by_role("button", name="Commencer").click()
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")
    audit(tablet, "desk, visit in progress")

    tablet.get_by_role("button", name="Transférer").click()
    expect(tablet.get_by_role("dialog")).to_be_visible()
    audit(tablet, "transfer sheet")
    tablet.get_by_role("dialog").get_by_role("button", name="Retour").click()

    tablet.get_by_role("button", name="Terminer", exact=True).click()
    finish = tablet.get_by_role("dialog")
    finish.get_by_role("button", name="Terminer la visite").click()
    expect(finish.get_by_role("alert")).to_be_visible()
    audit(tablet, "finish sheet with its error")
    finish.get_by_role("radio", name="Information").click()
    finish.get_by_role("radio", name="Résolu sur place").click()
    finish.get_by_label("Donner une liste d'étapes (QR code)").check()
    finish.get_by_label("Proposer un rappel dans 2 semaines").check()
    audit(tablet, "finish sheet filled in")
    finish.get_by_role("button", name="Terminer la visite").click()

    followup = tablet.get_by_role("dialog", name=re.compile("^Suite de la visite"))
    followup.get_by_role("button", name="Enregistrer le rappel").click()
    audit(tablet, "follow-up sheet with the consent error")
    followup.get_by_label(re.compile("^Étapes")).fill("Créer son compte\nRevenir mardi")
    followup.get_by_role("button", name="Créer le QR code").click()
    expect(followup.get_by_role("img")).to_be_visible()
    audit(tablet, "follow-up sheet with the QR code")
    checklist_url = followup.locator("#checklist-url").inner_text()
    followup.get_by_role("button", name="Fermer").click()

    tablet.get_by_role("button", name="Changer de poste").click()
    tablet.get_by_role("button", name="Je vais vers les visiteurs").click()
    expect(tablet.get_by_role("button", name=re.compile("^Je prends le ticket"))).to_be_visible()
    audit(tablet, "floor list")

    tablet.get_by_role("button", name="Nouveau visiteur").click()
    audit(tablet, "walk-in sheet, themes")
    tablet.get_by_role("dialog").get_by_role("button", name="Justice").click()
    audit(tablet, "walk-in sheet, requests")
    walk_in = tablet.get_by_role("dialog")
    walk_in.get_by_role("button", name=re.compile("^Aide juridictionnelle")).click()
    tablet.get_by_role("button", name="Accompagner au poste numérique").click()
    audit(tablet, "self-service computer sheet")
    tablet.get_by_role("dialog").get_by_role("button", name="Retour").click()

    tablet.clock.fast_forward("29:01")
    expect(tablet.get_by_role("alertdialog")).to_be_visible()
    audit(tablet, "inactivity warning")

    visitor = new_page(viewport={"width": 390, "height": 844})
    visitor.goto(checklist_url)
    audit(visitor, "the visitor's checklist page")
    visitor.goto(live_server.url + "/c/unknown-token")
    audit(visitor, "an unknown checklist link")
