"""The checklist library in Chromium: an agent translates a request's checklist in the console,
another adapts it at the end of a visit, and the visitor reads it on a phone in Arabic."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import sign_in

TABLET = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def test_a_library_checklist_translated_adapted_and_read_in_arabic(
    live_server, new_page, empty_line
):
    tablet = new_page(viewport=TABLET)
    sign_in(tablet, live_server)
    expect(tablet.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    tablet.goto(f"{live_server.url}/console/listes?demande=caf-rsa")
    expect(tablet.locator("#library-title")).to_have_value("RSA — demande et suite")
    expect(tablet.locator("#library-state")).to_contain_text("à vérifier par l'équipe")
    assert_accessible(tablet)
    rows = tablet.locator("#library-steps li")
    count = rows.count()
    tablet.get_by_label("Langue").select_option("ar")
    tablet.get_by_label("Titre traduit").fill("الدخل التضامني: الخطوات")
    lines = ["قدّم طلب الدخل التضامني على موقع caf.fr", "أحضر بيان مواردك للأشهر الثلاثة الأخيرة"]
    tablet.get_by_label(re.compile("^Étapes traduites")).fill("\n".join(lines))
    tablet.get_by_label("À vérifier par l'équipe (brouillon)").uncheck()
    tablet.get_by_role("button", name="Enregistrer (nouvelle version)").click()
    expect(tablet.locator("#followup-status")).to_have_text("Liste enregistrée : version 2.")
    expect(tablet.locator("#library-history li")).to_have_count(2)
    expect(tablet.locator("#library-history li").first).to_contain_text("Camille")

    ticket = requests.post(
        f"{live_server.url}/api/v1/tickets",
        json={"service": "caf-rsa", "language": "ar"},
        timeout=10,
    ).json()
    tablet.goto(f"{live_server.url}/console")
    tablet.get_by_role("button", name="Je vais vers les visiteurs").click()
    tablet.get_by_role("button", name=f"Je prends le ticket {ticket['number']}").click()
    tablet.get_by_role("button", name="Terminer", exact=True).click()
    finish = tablet.get_by_role("dialog", name=f"Terminer la visite {ticket['number']}")
    finish.get_by_role("radio", name="Aide à une démarche").click()
    finish.get_by_role("radio", name="Orienté vers le partenaire").click()
    finish.get_by_label("Donner une liste d'étapes (QR code)").check()
    finish.get_by_role("button", name="Terminer la visite").click()
    sheet = tablet.get_by_role("dialog", name=f"Suite de la visite {ticket['number']}")
    expect(sheet.get_by_label("Titre")).to_have_value("RSA — demande et suite")
    expect(sheet.locator("#checklist-draft")).to_be_hidden()  # checked by the team now
    steps = sheet.locator("#checklist-steps li")
    expect(steps).to_have_count(count)
    # Keep the first two, the second first; add a line and a note.
    for n in range(2, count):
        steps.nth(n).locator("input").uncheck()
    steps.nth(1).get_by_role("button", name=re.compile("^Monter l'étape 2")).click()
    sheet.get_by_label(re.compile("^Étapes en plus")).fill("Revenir mardi matin avec les papiers")
    sheet.get_by_label(re.compile("^Note pour le visiteur")).fill("Bon courage !")
    assert_accessible(tablet)
    sheet.get_by_role("button", name="Créer le QR code").click()
    link = sheet.locator("#checklist-url")
    expect(link).to_contain_text("/c/")

    phone = new_page(viewport=PHONE)
    phone.goto(link.inner_text())
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    expect(phone.get_by_role("heading", level=1)).to_have_text("الدخل التضامني: الخطوات")
    items = phone.locator(".checklist-steps li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text(f"وثيقة يجب إحضارها : {lines[1]}")  # a document to bring
    expect(items.nth(1)).to_contain_text(lines[0])
    expect(items.nth(2)).to_contain_text("Revenir mardi matin avec les papiers")
    assert items.nth(2).locator("[lang=fr]").get_attribute("dir") == "ltr"
    expect(phone.locator(".checklist-language").first).to_contain_text("بعض الخطوات غير مترجمة بعد")
    expect(phone.locator(".checklist-note")).to_contain_text("Bon courage !")
    assert_accessible(phone)
    phone.get_by_role("link", name="Français").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("RSA — demande et suite")
    assert phone.locator("html").get_attribute("dir") == "ltr"
