"""The idea wall end to end in Chromium: a visitor types an idea on the kiosk's keyboard, an agent
publishes it with an answer from the console, the waiting-room screen and the phones show it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import sign_in
from tests.live import LiveServer

KIOSK = {"width": 1080, "height": 1920}
TV = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Every test's devices share 127.0.0.1: the per-device limit is proven in the API tests."""
    server = LiveServer(tmp_path_factory.mktemp("ideas"), ACCUEIL_IDEA_RATE_LIMIT="100 per minute")
    with server:
        yield server


def type_on_screen(page: Any, text: str) -> None:
    keyboard = page.locator(".idea-keyboard")
    for char in text:
        if char == " ":
            keyboard.locator('[data-key="space"]').click()
        else:
            keyboard.locator(f'[data-key="{char}"]').first.click()


def pending(server: Any, agent: requests.Session) -> list[dict[str, Any]]:
    return agent.get(f"{server.url}/api/v1/ideas/moderation", timeout=30).json()["pending"]


def test_an_idea_typed_at_the_kiosk_is_moderated_then_shown_on_the_display_and_phones(
    live_server, new_page, agents
):
    kiosk = new_page(viewport=KIOSK)
    kiosk.goto(f"{live_server.url}/kiosk")
    kiosk.click('[data-choice="idea"]')
    expect(kiosk.locator("h1")).to_have_text("Le mur à idées")
    expect(kiosk.locator(".privacy-reminder")).to_contain_text("N'écrivez pas votre nom")
    assert_accessible(kiosk)
    kiosk.click('[data-category="place"]')
    type_on_screen(kiosk, "plus de chaises")
    expect(kiosk.locator("#idea-text")).to_have_value("plus de chaises")
    expect(kiosk.locator("#idea-remaining")).to_contain_text(str(280 - len("plus de chaises")))
    kiosk.get_by_role("button", name="Envoyer mon idée").click()
    expect(kiosk.locator("h1")).to_have_text("Le mur à idées")
    expect(kiosk.locator("main")).to_contain_text("Merci")

    tv = new_page(viewport=TV)
    tv.goto(f"{live_server.url}/display")
    expect(tv.locator('.slide[data-key^="ideas-invite"]')).to_contain_text("/idees")
    assert "plus de chaises" not in tv.locator(".info-slides").inner_text()

    [idea] = [i for i in pending(live_server, agents["demo1"]) if i["text"] == "plus de chaises"]
    assert (idea["category"], idea["source"], idea["language"]) == ("place", "kiosk", "fr")

    console = new_page(viewport=TABLET)
    sign_in(console, live_server)
    expect(
        console.get_by_role("button", name="Appeler le suivant").or_(
            console.get_by_role("heading", name="Où travaillez-vous ?")
        )
    ).to_be_visible()
    console.goto(f"{live_server.url}/console/idees")
    card = console.locator(f'[data-idea="{idea["id"]}"]')
    expect(card).to_contain_text("plus de chaises")
    assert_accessible(console)
    card.get_by_label("Réponse de l'équipe").fill(
        "Vous avez proposé plus de chaises — nous en avons ajouté six près du café."
    )
    card.get_by_role("button", name="Publier sur le mur").click()
    expect(console.locator("#followup-status")).to_have_text("Idée publiée sur le mur.")
    expect(console.locator("#approved")).to_contain_text("plus de chaises")

    # The screen re-reads the wall when an idea is published (no reload).
    slide = tv.locator('.slide[data-key^="ideas:"]').filter(has_text="plus de chaises")
    expect(slide).to_contain_text("plus de chaises")
    expect(slide).to_contain_text("nous en avons ajouté six")

    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/idees")
    expect(phone.locator(".wall-list")).to_contain_text("plus de chaises")
    expect(phone.locator(".wall-list")).to_contain_text("nous en avons ajouté six")
    assert_accessible(phone)


def test_an_arabic_visitor_gets_an_arabic_keyboard_right_to_left(live_server, new_page, agents):
    kiosk = new_page(viewport=KIOSK)
    kiosk.goto(f"{live_server.url}/kiosk")
    kiosk.click('[data-language="ar"]')
    kiosk.click('[data-choice="idea"]')
    assert kiosk.locator("html").get_attribute("dir") == "rtl"
    assert kiosk.locator("html").get_attribute("lang") == "ar"
    expect(kiosk.locator("h1")).to_have_text("جدار الأفكار")
    kiosk.click('[data-category="services"]')
    type_on_screen(kiosk, "شكرا")
    kiosk.locator(".idea-form .send").click()
    expect(kiosk.locator("main")).to_contain_text("شكرًا")
    assert_accessible(kiosk)
    [idea] = [i for i in pending(live_server, agents["demo1"]) if i["text"] == "شكرا"]
    assert idea["language"] == "ar"
    # The team answers in French and, under it, in Arabic: the display's second-language line.
    tv = new_page(viewport=TV)
    tv.goto(f"{live_server.url}/display")
    console = new_page(viewport=TABLET)
    sign_in(console, live_server)
    expect(  # signed in (the session cookie is set) before the moderation page is opened
        console.get_by_role("button", name="Appeler le suivant").or_(
            console.get_by_role("heading", name="Où travaillez-vous ?")
        )
    ).to_be_visible()
    console.goto(f"{live_server.url}/console/idees")
    card = console.locator(f'[data-idea="{idea["id"]}"]')
    card.get_by_label("Réponse de l'équipe").fill("Merci à vous !")
    card.get_by_label("La même réponse en arabe").fill("شكرًا لكم!")
    assert_accessible(console)
    card.get_by_role("button", name="Publier sur le mur").click()
    expect(console.locator("#followup-status")).to_have_text("Idée publiée sur le mur.")
    second = tv.locator(f'.slide[data-key^="ideas:"] [data-idea="{idea["id"]}"] .idea-second')
    expect(second.first).to_have_text("شكرًا لكم!")
    assert (second.first.get_attribute("lang"), second.first.get_attribute("dir")) == ("ar", "rtl")


def test_a_phone_posts_from_the_public_page_and_a_number_is_refused(live_server, new_page, agents):
    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/idees?lang=bg")
    assert phone.locator("html").get_attribute("lang") == "bg"
    phone.get_by_label("Услугите").check()
    phone.get_by_label("Вашата идея").fill("Обадете се на 06 12 34 56 78")
    phone.get_by_role("button", name="Изпрати идеята").click()
    expect(phone.locator("#idea-error")).to_contain_text("Махнете телефонния номер")
    phone.get_by_label("Вашата идея").fill("Повече информация на български")
    phone.get_by_role("button", name="Изпрати идеята").click()
    expect(phone.locator("#idea-sent")).to_be_visible()
    assert_accessible(phone)
    texts = [i["text"] for i in pending(live_server, agents["demo1"])]
    assert "Повече информация на български" in texts
    assert not any("06 12" in text for text in texts)


def test_the_moderation_page_asks_to_sign_in_first(live_server, new_page):
    page = new_page(viewport=TABLET)
    page.goto(f"{live_server.url}/console/idees")
    expect(page.get_by_role("heading", name="Connexion nécessaire")).to_be_visible()
    assert_accessible(page)


def test_the_phone_page_of_a_ticket_leads_to_the_wall_in_the_tickets_language(
    live_server, new_page
):
    ticket = requests.post(
        f"{live_server.url}/api/v1/tickets",
        json={"service": "caf-rsa", "language": "bg"},
        timeout=10,
    ).json()
    phone = new_page(viewport=PHONE)
    phone.goto(ticket["tracking_url"])
    link = phone.get_by_role("link", name="Стената за идеи")
    expect(link).to_have_attribute("href", "/idees?lang=bg")
    link.click()
    expect(phone.locator("h1")).to_have_text("Стената за идеи")
    assert_accessible(phone)
