"""The phone tracking page at /t/<token> on a small phone: live position, "C'est à vous",
giving up, languages, and the friendly page for an unknown link."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.live import LiveServer

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def agent(live_server: LiveServer) -> requests.Session:
    """A signed-in agent; the line starts empty so call-next calls this test's visitors."""
    session = live_server.login()
    for ticket in session.get(f"{live_server.url}/api/v1/queue", timeout=30).json()["waiting"]:
        session.post(
            f"{live_server.url}/api/v1/tickets/{ticket['id']}/cancel", json={}, timeout=5
        ).raise_for_status()
    return session


def issue(server: LiveServer, **body: Any) -> dict[str, Any]:
    response = requests.post(
        f"{server.url}/api/v1/tickets", json={"service": "caf-rsa", **body}, timeout=5
    )
    response.raise_for_status()
    return dict(response.json())


def open_phone(new_page: Any, ticket: dict[str, Any]) -> Any:
    phone = new_page(**PHONE)
    phone.goto(ticket["tracking_url"])
    expect(phone.locator(".number")).to_have_text(ticket["number"])
    return phone


def test_the_phone_page_says_it_is_your_turn_the_moment_you_are_called(
    live_server, agent, new_page
):
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    expect(phone.locator(".status")).to_contain_text("Personne avant vous")
    assert_accessible(phone)
    called = agent.post(
        f"{live_server.url}/api/v1/agent/call-next", json={"counter": "bureau-2"}, timeout=5
    )
    assert called.json()["number"] == ticket["number"]
    expect(phone.locator(".status")).to_contain_text("C'est à vous !", timeout=5000)
    expect(phone.locator(".status")).to_contain_text("Bureau 2")
    assert phone.evaluate("document.documentElement.scrollWidth <= 360")
    assert_accessible(phone)


# A screen reader announces a change inside a live region it already knows; a new region put in
# the old one's place (the page drawn again from scratch) is often not read at all.
WATCH_REGION = """() => {
  window.__region = document.querySelector('.status[aria-live]');
  window.__regionRemoved = false;
  new MutationObserver((changes) => {
    const gone = changes.some((c) => [...c.removedNodes].includes(window.__region));
    if (gone) window.__regionRemoved = true;
  }).observe(document.getElementById('ticket'), { childList: true, subtree: true });
}"""


def test_your_turn_is_said_in_the_live_region_that_was_already_there(live_server, agent, new_page):
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    expect(phone.locator(".status")).to_contain_text("Personne avant vous")
    phone.evaluate(WATCH_REGION)
    agent.post(
        f"{live_server.url}/api/v1/agent/call-next", json={"counter": "bureau-2"}, timeout=5
    ).raise_for_status()
    expect(phone.locator(".status")).to_contain_text("C'est à vous !", timeout=5000)
    assert phone.evaluate(
        "window.__region === document.querySelector('.status') && window.__region.isConnected"
    )
    assert phone.evaluate("window.__regionRemoved") is False
    assert phone.locator(".status").get_attribute("role") == "status"
    assert phone.locator(".status").get_attribute("data-status") == "called"
    phone.select_option("#language", "en")  # another language: the same region says it again
    expect(phone.locator(".status")).to_contain_text("Bureau 2")
    assert phone.evaluate("window.__regionRemoved") is False


def test_the_position_moves_up_live_when_someone_ahead_is_called(live_server, agent, new_page):
    issue(live_server, service="caf-logement")
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    expect(phone.locator(".status")).to_contain_text("1 personne avant vous")
    agent.post(
        f"{live_server.url}/api/v1/agent/call-next", json={"counter": "bureau-2"}, timeout=5
    ).raise_for_status()
    expect(phone.locator(".status")).to_contain_text("Personne avant vous", timeout=5000)


def test_a_floor_agent_coming_to_the_visitor_is_announced(live_server, agent, new_page):
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    agent.post(
        f"{live_server.url}/api/v1/tickets/{ticket['id']}/take", json={}, timeout=5
    ).raise_for_status()
    expect(phone.locator(".status")).to_contain_text("conseiller", timeout=5000)


def test_giving_up_asks_for_confirmation_then_leaves_the_line(live_server, agent, new_page):
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    phone.get_by_role("button", name="Je renonce").click()
    expect(phone.get_by_text("Vous ne voulez plus attendre ?")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Non, je garde mon ticket").click()
    phone.get_by_role("button", name="Je renonce").click()
    phone.get_by_role("button", name="Oui, je renonce").click()
    expect(phone.locator(".status")).to_contain_text("Vous avez renoncé à ce ticket.")
    queue = live_server.login().get(f"{live_server.url}/api/v1/queue", timeout=30).json()
    assert ticket["number"] not in [t["number"] for t in queue["waiting"]]


def test_the_phone_page_follows_the_language_chosen_at_the_kiosk(live_server, agent, new_page):
    ticket = issue(live_server, language="ar")
    phone = open_phone(new_page, ticket)
    html = phone.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(phone.locator(".status")).to_contain_text("لا أحد قبلك")
    assert_accessible(phone)
    phone.select_option("#language", "fr")
    expect(html).to_have_attribute("dir", "ltr")
    expect(phone.locator(".status")).to_contain_text("Personne avant vous")


def test_an_unknown_link_shows_a_friendly_page(live_server, new_page):
    phone = new_page(**PHONE)
    response = phone.goto(f"{live_server.url}/t/no-such-ticket")
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("Ticket introuvable")
    assert_accessible(phone)


def test_the_waiting_screen_says_where_you_stand_once_and_fits_a_small_phone(
    live_server, agent, new_page, screenshot
):
    from tests.browser.fit import assert_fits

    for _ in range(3):
        issue(live_server, service="impots-declaration")
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    status = phone.locator(".status")
    expect(status).to_contain_text("personnes avant vous")
    assert "Votre place dans la file" not in status.inner_text()  # said once, not twice
    assert "wait." not in status.inner_text()  # the words of the wait, never a key
    assert "\u00a0min" in status.text_content()  # "30 min" is never cut at the line's end
    expect(phone.get_by_role("button", name="Je renonce")).to_be_visible()
    screenshot(phone, "phone-waiting-360")
    assert_fits(phone)


def test_once_called_giving_up_is_no_longer_offered(live_server, agent, new_page, screenshot):
    ticket = issue(live_server)
    phone = open_phone(new_page, ticket)
    expect(phone.get_by_role("button", name="Je renonce")).to_be_visible()
    agent.post(
        f"{live_server.url}/api/v1/tickets/{ticket['id']}/call", json={"counter": "bureau-1"}
    )
    expect(phone.locator(".status")).to_contain_text("C'est à vous !", timeout=5000)
    expect(phone.get_by_role("button", name="Je renonce")).to_have_count(0)
    screenshot(phone, "phone-called-360")
    from tests.browser.fit import assert_fits

    assert_fits(phone)


def test_an_appointment_ticket_shows_the_appointment_time_to_its_holder_only(
    live_server, agent, new_page, screenshot
):
    checked = requests.post(
        f"{live_server.url}/api/v1/appointments/check-in",
        json={"code": "2345", "language": "fr"},
        timeout=5,
    )
    assert checked.status_code == 201, checked.text
    ticket = checked.json()
    phone = open_phone(new_page, ticket)
    expect(phone.locator(".appointment")).to_have_text("Rendez-vous à 10 h 30")
    screenshot(phone, "phone-appointment-360")
    token = ticket["tracking_url"].rsplit("/", 1)[-1]
    tracked = requests.get(f"{live_server.url}/api/v1/tickets/by-token/{token}", timeout=30).json()
    assert tracked["appointment_time"] == "10:30"
    public = requests.get(f"{live_server.url}/api/v1/queue", timeout=30).text
    assert "10:30" not in public and "appointment_time" not in public


def test_the_public_queue_page_fits_a_small_phone(live_server, agent, new_page, screenshot):
    from tests.browser.fit import assert_fits

    for service in ("caf-rsa", "impots-declaration", "poste-email"):
        issue(live_server, service=service)
    phone = new_page(**PHONE)
    phone.goto(f"{live_server.url}/queue")
    phone.wait_for_function("document.body.dataset.connected === 'true'", timeout=10_000)
    expect(phone.locator("#themes tr")).to_have_count(6)
    screenshot(phone, "queue-360")
    assert_fits(phone, "main")  # the page may scroll on a phone; nothing in it is cut
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_a_ticket_left_waiting_from_another_day_says_it_is_no_longer_valid(live_server, new_page):
    """Yesterday's link, opened again in the morning: no « Personne avant vous » for a ticket
    nobody will call (calls take today's line), but a plain word to take a new one."""
    ticket = issue(live_server)
    with sqlite3.connect(live_server.workdir / "accueil.db") as database:
        database.execute(
            "UPDATE visits SET day = date(day, '-1 day') WHERE id = ?", (ticket["id"],)
        )
    phone = new_page(**PHONE)
    phone.goto(ticket["tracking_url"])
    expect(phone.locator(".status")).to_contain_text("il n'est plus valable")
    expect(phone.locator(".status")).not_to_contain_text("avant vous")
    expect(phone.get_by_role("button", name="Je renonce")).to_have_count(0)
    assert_accessible(phone)
