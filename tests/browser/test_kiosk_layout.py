"""The kiosk fitted to its physical place: a portrait touch screen (1080×1920) used standing or
from a wheelchair, and the landscape one (1920×1080). Every screen fits without scrolling or cut
text, the choices fill the screen within reach, the languages stay on one row, French typography
holds, and the ticket (number and QR code) leaves the screen before the next visitor comes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.fit import KIOSK_LANDSCAPE, KIOSK_PORTRAIT, assert_fits, font_px
from tests.live import LiveServer

SIZES = {"portrait": KIOSK_PORTRAIT, "landscape": KIOSK_LANDSCAPE}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(
        tmp_path_factory.mktemp("kiosk-layout"), ACCUEIL_KIOSK_ALLOW_TIMING_OVERRIDE="1"
    )
    with server:
        # A line with waits, so the tiles show their longest texts.
        for service in ("caf-rsa", "impots-declaration", "carte-grise", "cpam-css"):
            requests.post(f"{server.url}/api/v1/tickets", json={"service": service}, timeout=10)
        yield server


def kiosk(new_page: Any, server: LiveServer, size: str, query: str = "") -> Any:
    page = new_page(viewport=SIZES[size])
    page.goto(f"{server.url}/kiosk{query}")
    expect(page.locator("[data-theme]").first).to_be_visible()
    page.wait_for_function("document.body.dataset.connection === 'live'")
    return page


def tops(page: Any, selector: str) -> list[float]:
    return [box["y"] for box in (el.bounding_box() for el in page.locator(selector).all())]


@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_the_home_screen_fills_the_screen_with_big_choices_within_reach(
    live_server, new_page, screenshot, size
):
    page = kiosk(new_page, live_server, size)
    screenshot(page, f"kiosk-home-{size}")
    assert_fits(page)
    height = SIZES[size]["height"]
    lowest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.tile')]"
        ".map(t => t.getBoundingClientRect().bottom))"
    )
    # The choices go down to the language bar, not 45 % of the way.
    assert lowest > 0.8 * height, lowest
    if size == "portrait":
        # Out of a wheelchair's reach, the top third holds words only: every button is below.
        assert min(tops(page, "button")) >= height / 3
    label, detail = font_px(page, ".tile-label"), font_px(page, ".tile-detail")
    assert label >= 29 and detail >= 22, (label, detail)  # 18 px before
    assert_accessible(page)


@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_the_languages_stay_on_one_row_in_every_language(live_server, new_page, size):
    page = kiosk(new_page, live_server, size)
    for language in ("fr", "falc", "bg", "ar", "pt"):
        page.click(f'[data-language="{language}"]')
        assert len(set(tops(page, "[data-language]"))) == 1, language
        assert_fits(page, ".kiosk-bar")


@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_every_screen_on_the_way_to_a_ticket_fits(live_server, new_page, screenshot, size):
    page = kiosk(new_page, live_server, size)
    page.click('[data-theme="emploi"]')  # the theme with the most requests
    expect(page.locator("[data-service]").first).to_be_visible()
    screenshot(page, f"kiosk-services-{size}")
    assert_fits(page)
    if size == "portrait":
        assert min(tops(page, "button:not([data-language])")) >= SIZES[size]["height"] / 3
    page.click(".toggle")
    page.click('[data-service="retraite-demande"]')
    expect(page.locator(".ticket-number")).to_be_visible()
    page.wait_for_function("document.querySelector('.qr img').naturalWidth > 0")
    screenshot(page, f"kiosk-ticket-{size}")
    assert_fits(page)
    qr = page.locator(".qr img").bounding_box()
    assert qr["width"] >= 300  # scannable at arm's length
    page.get_by_role("button", name="Terminé").click()
    page.click('[data-choice="appointment"]')
    screenshot(page, f"kiosk-appointment-{size}")
    assert_fits(page)
    page.get_by_role("button", name="Je n'ai pas de code").click()
    expect(page.get_by_text("adressez-vous à l'accueil")).to_be_visible()
    screenshot(page, f"kiosk-no-code-{size}")
    assert_fits(page)


def test_the_priority_choice_has_a_clear_pictogram(live_server, new_page):
    page = kiosk(new_page, live_server, "portrait")
    page.click('[data-theme="sante"]')
    pictogram = page.locator(".toggle svg.icon-priority")
    expect(pictogram).to_be_visible()
    box = pictogram.bounding_box()
    assert box["width"] >= 56 and box["height"] >= 56


# A regular space before ? ! : ; (the line may start with it), or a code cut at its hyphen.
LOOSE = re.compile(r"[ \u00a0][?!:;]|\b[A-Z]{2,4}-\d")

TEXTS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    if (walker.currentNode.parentElement.closest('script, style')) continue;
    texts.push(walker.currentNode.textContent);
  }
  return texts;
}"""


def test_french_typography_no_lone_question_mark_and_codes_never_cut(live_server, new_page):
    html = requests.get(f"{live_server.url}/kiosk", timeout=10).text
    assert "faire\u202f?" in html  # the page before its script runs, too
    page = kiosk(new_page, live_server, "portrait")
    seen: list[str] = []
    seen += page.evaluate(TEXTS)
    page.click('[data-theme="sante"]')  # "MSA : santé"
    seen += page.evaluate(TEXTS)
    page.get_by_role("button", name="Retour").click()
    page.click('[data-choice="appointment"]')  # "par exemple RDV-1234"
    seen += page.evaluate(TEXTS)
    page.click('[data-language="falc"]')
    seen += page.evaluate(TEXTS)
    assert any("RDV\u20111234" in text for text in seen)
    loose = [text for text in seen if LOOSE.search(text)]
    assert loose == []


def test_the_ticket_leaves_the_screen_after_a_short_countdown_and_its_qr_code_with_it(
    live_server, new_page
):
    page = kiosk(new_page, live_server, "portrait", "?ticket=4")
    page.click('[data-theme="famille"]')
    page.click('[data-service="caf-rsa"]')
    expect(page.locator(".ticket-number")).to_be_visible()
    expect(page.locator("#ticket-countdown")).to_contain_text("Retour à l'accueil dans")
    # Back to the start by itself, long before the idle warning (60 s): nothing of the
    # previous visitor is left, neither the QR code nor the number for screen readers.
    expect(page.locator("[data-theme]").first).to_be_visible(timeout=10_000)
    assert page.locator("img[src*='/kiosk/qr/'], .ticket-number").count() == 0
    assert page.locator("#announcer").text_content() == ""
    assert "/kiosk/qr/" not in page.content()


def test_terminé_returns_to_the_start_at_once(live_server, new_page):
    page = kiosk(new_page, live_server, "landscape")
    page.click('[data-theme="justice"]')
    page.click('[data-service="justice-casier"]')
    expect(page.locator(".ticket-number")).to_be_visible()
    page.get_by_role("button", name="Terminé").click()
    expect(page.locator("[data-theme]").first).to_be_visible()
    assert "/kiosk/qr/" not in page.content()


@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_the_idea_wall_screen_fits_with_its_keyboard(live_server, new_page, screenshot, size):
    page = kiosk(new_page, live_server, size)
    page.click('[data-choice="idea"]')
    expect(page.locator(".idea-keyboard")).to_be_visible()
    screenshot(page, f"kiosk-idea-{size}")
    assert_fits(page)


def test_on_a_screen_too_short_for_every_choice_the_home_scrolls_and_each_tile_takes_its_tap(
    live_server, new_page
):
    """A small landscape kiosk (1280×720): the choices cannot all fit, so the screen scrolls;
    the tiles must never shrink under their own content and overlap, where a tap on one choice
    lands on the heading or the tile below it."""
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{live_server.url}/kiosk")
    expect(page.locator("[data-theme]").first).to_be_visible()
    hits = page.evaluate(
        """() => [...document.querySelectorAll('.tile')].map((tile) => {
          tile.scrollIntoView({block: 'center'});
          const r = tile.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return tile.contains(hit);
        })"""
    )
    assert hits and all(hits), hits
    tiles = page.evaluate(
        "[...document.querySelectorAll('.tile, .screen h2')].map(e => e.getBoundingClientRect())"
        ".map(r => [r.top + scrollY, r.bottom + scrollY, r.left, r.right])"
    )
    for i, a in enumerate(tiles):  # nothing on the home screen overlaps anything else
        for b in tiles[i + 1 :]:
            overlap_x = min(a[3], b[3]) - max(a[2], b[2])
            overlap_y = min(a[1], b[1]) - max(a[0], b[0])
            assert overlap_x <= 0 or overlap_y <= 0, (a, b)
