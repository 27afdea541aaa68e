"""The appointment book as an agent uses it on the tablet, and the visitor's appointment page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import sign_in


def _tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


def test_an_agent_books_moves_and_cancels_from_the_agenda(tablet: Any, live_server: Any) -> None:
    page = tablet
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Où travaillez-vous ?")).to_be_visible()
    page.get_by_role("link", name="Rendez-vous").click()
    expect(page.get_by_role("heading", name="Nouveau rendez-vous")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Démarche").select_option("caf-rsa")
    page.get_by_label("Date", exact=True).fill(_tomorrow())
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Lieu").select_option("bureau-1")
    page.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Réserver").click()
    # Without the consent box the number is refused, with a sentence that says what to do.
    expect(page.get_by_role("alert").filter(has_text="accord")).to_be_visible()
    page.get_by_label("La personne accepte d'être rappelée à ce numéro").check()
    page.get_by_role("button", name="Réserver").click()

    dialog = page.get_by_role("dialog", name="Rendez-vous réservé")
    expect(dialog).to_be_visible()
    code = dialog.locator("#booked-code").inner_text()
    assert re.fullmatch(r"RDV-\d{6}", code)
    expect(dialog.get_by_role("img")).to_have_js_property("complete", True)
    assert dialog.get_by_role("img").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    visitor_url = dialog.get_by_role("link", name="Imprimer la convocation").get_attribute("href")
    dialog.get_by_role("button", name="Fermer").click()

    item = page.locator(f"li[data-code='{code}']")
    expect(item).to_contain_text("10:00–10:30")
    expect(item).to_contain_text("Bureau 1")
    expect(item).to_contain_text("rappel : +33612345678")

    # The same room at the same time is refused, and the agent is told until when it is taken.
    page.get_by_label("Date", exact=True).fill(_tomorrow())
    page.get_by_label("Heure").fill("10:15")
    page.get_by_label("Lieu").select_option("bureau-1")
    page.get_by_role("button", name="Réserver").click()
    expect(page.locator("#book-error")).to_contain_text("déjà réservé de 10:00 à 10:30")

    page.get_by_role("button", name=f"Déplacer le rendez-vous de 10:00 ({code})").click()
    expect(page.get_by_role("heading", name=f"Déplacer le rendez-vous {code}")).to_be_visible()
    page.get_by_label("Heure").fill("11:30")
    page.get_by_role("button", name="Enregistrer le déplacement").click()
    expect(page.get_by_role("status")).to_contain_text("déplacé")
    expect(item).to_contain_text("11:30–12:00")

    page.get_by_role("button", name="Semaine").click()
    expect(page.get_by_role("button", name="Semaine")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".agenda-day")).to_have_count(7)
    expect(item).to_be_visible()
    assert_accessible(page)

    cancel = page.get_by_role("button", name=f"Annuler le rendez-vous de 11:30 ({code})")
    cancel.click()
    cancel.click()  # the second press confirms
    expect(page.get_by_role("status")).to_contain_text("annulé")
    expect(item).to_contain_text("Annulé")

    visitor = page.context.new_page()
    visitor.goto(visitor_url)
    expect(visitor.get_by_role("heading", name="Votre rendez-vous")).to_be_visible()
    expect(visitor.get_by_text("Ce rendez-vous a été annulé")).to_be_visible()
    expect(visitor.get_by_text(code)).to_be_visible()
    assert_accessible(visitor)


def test_the_agenda_asks_to_sign_in_first(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/console/agenda")
    expect(page.get_by_role("heading", name="Connexion nécessaire")).to_be_visible()
    assert_accessible(page)
