"""The waiting-room screen in a real Chromium: calls, announcements, layout, accessibility."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import requests

from tests.browser.conftest import assert_accessible
from tests.browser.fit import assert_fits

# A speech engine that records what it is asked to say (headless Chromium has no voice).
FAKE_VOICE = """
window.__spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
Object.defineProperty(window, "speechSynthesis", { value: {
  getVoices: () => [{ lang: "fr-FR", name: "Voix de test" }],
  addEventListener() {},
  cancel() {},
  speak(utterance) {
    window.__spoken.push({ text: utterance.text, lang: utterance.lang });
    setTimeout(() => utterance.onend && utterance.onend(), 200);
  },
}});
"""

# A browser that blocks audio until someone taps the page (the default outside kiosk mode).
BLOCKED_AUDIO = """
Object.defineProperty(AudioContext.prototype, "state", {
  get() { return this.__unlocked ? "running" : "suspended"; },
});
AudioContext.prototype.resume = function () {
  if (navigator.userActivation.isActive) {
    this.__unlocked = true;
    this.dispatchEvent(new Event("statechange"));
  }
  return Promise.resolve();
};
"""


def take_ticket(server: Any, service: str = "caf-rsa") -> dict[str, Any]:
    response = requests.post(f"{server.url}/api/v1/tickets", json={"service": service}, timeout=10)
    response.raise_for_status()
    return dict(response.json())


def act(
    agent: requests.Session,
    server: Any,
    ticket: dict[str, Any],
    action: str,
    counter: str | None = "bureau-2",
) -> None:
    body = {"counter": counter} if counter else {}
    response = agent.post(
        f"{server.url}/api/v1/tickets/{ticket['id']}/{action}", json=body, timeout=10
    )
    assert response.status_code == 200, response.text


def open_display(page: Any, server: Any, query: str = "") -> Any:
    page.goto(f"{server.url}/display{query}")
    page.wait_for_function("document.body.dataset.connected === 'true'", timeout=10_000)
    return page


def shown_number(page: Any, number: str, timeout: float = 5_000) -> None:
    page.wait_for_function(
        "n => document.getElementById('call-number').textContent === n",
        arg=number,
        timeout=timeout,
        polling="raf",
    )


def test_a_call_reaches_the_display_with_its_place_and_its_spoken_text(live_server, page):
    # How fast is measured by bench/display_latency.py, not asserted here.
    open_display(page, live_server)
    agent = live_server.login()
    ticket = take_ticket(live_server)
    act(agent, live_server, ticket, "call")
    shown_number(page, ticket["number"])
    assert page.locator("#call-place").inner_text().endswith("Bureau 2")
    assert page.locator("#call-live").text_content() == f"{ticket['number']}, Bureau 2"


def test_three_quick_calls_are_announced_one_after_the_other_in_call_order(live_server, page):
    page.add_init_script(FAKE_VOICE)
    open_display(page, live_server)
    agent = live_server.login()
    tickets = [
        take_ticket(live_server, service) for service in ("caf-rsa", "cpam-css", "carte-grise")
    ]
    for ticket, counter in zip(tickets, ("bureau-1", "bureau-1", "accueil"), strict=True):
        act(agent, live_server, ticket, "call", counter)
    page.wait_for_function(
        "() => window.__announcements.filter(a => a.ended_at).length === 3",
        timeout=20_000,
    )
    log = page.evaluate("window.__announcements")
    assert [entry["number"] for entry in log] == [t["number"] for t in tickets]
    for before, after in itertools.pairwise(log):
        assert after["shown_at"] >= before["ended_at"], "an announcement overlapped the previous"
    spoken = page.evaluate("window.__spoken")
    first = " ".join(tickets[0]["number"])
    assert spoken[0] == {"text": f"Ticket {first}, Bureau 1", "lang": "fr-FR"}
    assert len(spoken) == 3


def test_a_recall_is_marked_on_screen_and_in_the_voice(live_server, page):
    page.add_init_script(FAKE_VOICE)
    open_display(page, live_server)
    agent = live_server.login()
    ticket = take_ticket(live_server, "justice-aide")
    act(agent, live_server, ticket, "call", "bureau-1")
    act(agent, live_server, ticket, "recall", None)
    page.wait_for_function("() => window.__announcements.length === 2", timeout=10_000)
    page.wait_for_function("() => !document.getElementById('call-recall').hidden", timeout=10_000)
    assert page.locator("#call-recall").inner_text() == "Rappel"
    page.wait_for_function("() => window.__spoken.length === 2", timeout=10_000)
    assert page.evaluate("window.__spoken[1].text").startswith("Rappel. Ticket J")


def test_when_the_standing_agent_takes_a_visitor_the_screen_says_a_counsellor_is_coming(
    live_server, page
):
    open_display(page, live_server)
    agent = live_server.login()
    ticket = take_ticket(live_server, "cpam-ameli")
    act(agent, live_server, ticket, "take", None)
    shown_number(page, ticket["number"])
    place = page.locator("#call-place").inner_text()
    assert place == "— Un conseiller vient vers vous"
    assert page.locator("#call-live").text_content() == (
        f"{ticket['number']} — Un conseiller vient vers vous"
    )


def test_the_sound_button_appears_only_while_the_browser_blocks_audio(live_server, page):
    page.add_init_script(BLOCKED_AUDIO)
    open_display(page, live_server)
    button = page.get_by_role("button", name="Activer le son")
    button.wait_for(state="visible", timeout=5_000)
    button.click()
    button.wait_for(state="hidden", timeout=5_000)


def test_without_a_blocked_browser_there_is_no_sound_button(live_server, page):
    open_display(page, live_server)
    page.wait_for_function("document.body.dataset.audio === 'running'", timeout=5_000)
    assert page.locator("#enable-sound").is_hidden()


def test_waits_last_calls_highlights_itinerant_and_hours_are_on_screen(live_server, page):
    open_display(page, live_server)
    page.wait_for_function("() => document.querySelectorAll('.slide').length >= 4")
    themes = page.locator("#themes .theme-label").all_inner_texts()
    assert "Santé" in themes and "Justice" in themes
    titles = page.locator(".slide-title").all_text_contents()
    assert "Ce mois-ci" in titles
    assert any(t.startswith("France Services itinérant") for t in titles)
    assert "Horaires d'ouverture" in titles
    assert page.locator(".highlight-title").count() >= 2
    assert page.locator(".phone-qr").get_attribute("alt")
    qr = requests.get(live_server.url + page.locator(".phone-qr").get_attribute("src"), timeout=30)
    assert qr.headers["Content-Type"].startswith("image/svg+xml")


def test_the_information_rotation_can_be_paused(live_server, page):
    open_display(page, live_server)
    position = page.locator("#info-position")
    page.get_by_role("button", name="Pause le défilement des informations").click()
    paused_at = position.inner_text()
    resume = page.get_by_role("button", name="Reprendre le défilement des informations")
    resume.wait_for(state="visible")
    assert position.inner_text() == paused_at
    resume.click()
    page.get_by_role("button", name="Pause le défilement des informations").wait_for()


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768), (1920, 1080)])
def test_the_screen_fits_a_tv_without_scrolling_and_reads_from_five_metres(
    live_server, new_page, size
):
    width, height = size
    page = open_display(new_page(viewport={"width": width, "height": height}), live_server)
    ticket = take_ticket(live_server, "impots-declaration")
    act(live_server.login(), live_server, ticket, "call", "visio")
    shown_number(page, ticket["number"])
    page.wait_for_function("() => document.querySelectorAll('.slide').length >= 4")
    layout = page.evaluate("""() => {
      const vh = innerHeight / 100;
      const size = (el) => parseFloat(getComputedStyle(el).fontSize) / vh;
      const smallest = [...document.querySelectorAll('body *')]
        .filter(el => el.checkVisibility({ visibilityProperty: true })
                 && !el.closest('.visually-hidden, .phone-url')
                 && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(size);
      return {
        number: size(document.getElementById('call-number')),
        smallest: Math.round(Math.min(...smallest) * 100) / 100,
        address: size(document.querySelector('.phone-url')),
      };
    }""")
    assert layout["number"] >= 25
    assert layout["smallest"] >= 3.4
    assert layout["address"] >= 2.5  # under the QR code, read from 2 metres, on one line
    assert_fits(page)


def test_the_display_passes_an_accessibility_audit(live_server, page):
    open_display(page, live_server)
    page.wait_for_function("() => document.querySelectorAll('.slide').length >= 1")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)


def test_the_phone_view_of_the_queue_is_live_in_arabic_and_passes_an_accessibility_audit(
    live_server, new_page
):
    from babel import Locale

    from kiosk.i18n import catalogue

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server.url}/queue?lang=ar")  # as the phone page of an Arabic ticket links
    phone.wait_for_function("document.body.dataset.connected === 'true'", timeout=10_000)
    assert phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    ticket = take_ticket(live_server, "poste-email")
    act(live_server.login(), live_server, ticket, "call", "accueil")
    phone.wait_for_function(
        "n => document.getElementById('last-calls').textContent.includes(n)",
        arg=ticket["number"],
        timeout=5_000,
    )
    assert phone.locator("#call-live").text_content() == f"نداء: {ticket['number']}، Accueil"
    # The browser's Intl.PluralRules picks the same CLDR category as the server's catalogue.
    take_ticket(live_server, "poste-email")
    phone.wait_for_function("Number(document.getElementById('waiting-total').textContent) > 0")
    count, summary = phone.evaluate(
        "[Number(document.getElementById('waiting-total').textContent),"
        " document.getElementById('waiting-summary').textContent]"
    )
    category = Locale.parse("ar").plural_form(count)
    assert summary == catalogue("ar")["queue.waiting"][category].replace("{count}", str(count))
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(phone)


def test_the_number_on_the_big_panel_is_never_also_in_the_last_calls(live_server, page):
    """Two calls a moment apart (two agents in a rush): the second waits for the first's
    announcement, and the snapshot listing it arrived meanwhile. Once it is on the big panel it
    must leave « Derniers appels » at once, not 3.5 s later when its announcement ends."""
    open_display(page, live_server)
    page.evaluate(
        """() => {
          window.__both = [];
          new MutationObserver(() => {
            const shown = document.getElementById('call-panel').dataset.current;
            const listed = [...document.querySelectorAll('#last-calls .last-number')]
              .map((n) => n.textContent);
            if (listed.includes(shown)) window.__both.push(shown);
          }).observe(document.body, { subtree: true, childList: true, characterData: true,
                                      attributes: true });
        }"""
    )
    agent = requests.Session()
    agent.post(
        f"{live_server.url}/api/v1/auth/login", json={"login": "demo2", "pin": "1234"}, timeout=10
    ).raise_for_status()
    first, second = take_ticket(live_server), take_ticket(live_server)
    act(agent, live_server, first, "call", "bureau-1")
    act(agent, live_server, second, "call", "bureau-2")
    shown_number(page, second["number"], timeout=15_000)
    page.wait_for_function("document.getElementById('call-panel').dataset.state === 'idle'")
    assert page.evaluate("window.__both") == []
    assert first["number"] in page.locator("#last-calls").inner_text()
