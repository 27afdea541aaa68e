"""The seated agent at the reception point: call, serve, finish in three taps, transfer, pause."""

from __future__ import annotations

import json
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.console_steps import (
    PORTRAIT,
    SECOND,
    TABLET,
    click_together,
    sit_at,
    take_ticket,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("empty_line")]


def visit_row(server, ticket_id):
    with sqlite3.connect(server.workdir / "accueil.db") as database:
        database.row_factory = sqlite3.Row
        return database.execute("SELECT * FROM visits WHERE id = ?", (ticket_id,)).fetchone()


def test_an_agent_calls_the_next_visitor_and_the_waiting_room_screen_shows_the_call(
    live_server, new_page
):
    display = new_page(viewport={"width": 1280, "height": 720})
    display.goto(live_server.url + "/display")
    console = new_page(viewport=TABLET)
    sit_at(console, live_server, "Accueil")
    ticket = take_ticket(live_server)
    expect(console.locator("#desk-hint")).to_have_text("1 personne en attente.")
    expect(display.locator("body")).not_to_contain_text(ticket["number"])

    console.get_by_role("button", name="Appeler le suivant").click()

    expect(console.locator("#visit-number")).to_have_text(ticket["number"])
    expect(console.locator("#visit-state")).to_contain_text("Appelé à")
    expect(console.get_by_role("status")).to_have_text(f"{ticket['number']} appelé.")
    expect(display.locator("body")).to_contain_text(ticket["number"], timeout=5 * SECOND)


def test_calling_when_nobody_waits_says_so_plainly(live_server, tablet):
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    expect(tablet.get_by_role("status")).to_have_text("Personne n'attend pour ce guichet.")
    expect(tablet.locator("#visit")).to_be_hidden()


def test_a_visit_survives_a_reload_and_is_finished_with_its_outcome_in_three_taps(
    live_server, tablet
):
    ticket = take_ticket(live_server, service="caf-logement")
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    tablet.get_by_role("button", name="Commencer").click()
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")

    tablet.reload()
    expect(tablet.locator("#visit-number")).to_have_text(ticket["number"])
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")

    tablet.get_by_role("button", name="Terminer", exact=True).click()
    sheet = tablet.get_by_role("dialog", name=f"Terminer la visite {ticket['number']}")
    expect(sheet.get_by_label("Partenaire et demande")).to_have_value("caf-logement")
    sheet.get_by_role("radio", name="Aide à une démarche").click()
    sheet.get_by_role("radio", name="Orienté vers le partenaire").click()
    sheet.get_by_role("button", name="Terminer la visite").click()

    expect(sheet).to_be_hidden()
    expect(tablet.locator("#visit")).to_be_hidden()
    expect(tablet.get_by_role("status")).to_contain_text("visite terminée")
    row = visit_row(live_server, ticket["id"])
    assert row["status"] == "done"
    assert json.loads(row["outcome"]) == {
        "partner": "caf",
        "service": "caf-logement",
        "request_type": "procedure",
        "result": "referred",
    }


def test_the_outcome_sheet_asks_for_type_and_result_before_finishing(live_server, tablet):
    take_ticket(live_server)
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    tablet.get_by_role("button", name="Commencer").click()
    tablet.get_by_role("button", name="Terminer", exact=True).click()
    tablet.get_by_role("button", name="Terminer la visite").click()
    expect(tablet.get_by_role("dialog").get_by_role("alert")).to_have_text(
        "Choisissez le type de demande et le résultat."
    )
    expect(tablet.locator("#visit-state")).to_contain_text("En cours")


def test_a_no_show_takes_a_second_tap_to_confirm(live_server, tablet):
    ticket = take_ticket(live_server)
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    tablet.get_by_role("button", name="Absent").click()
    expect(tablet.locator("#visit-number")).to_have_text(ticket["number"])
    tablet.get_by_role("button", name="Confirmer : absent").click()
    expect(tablet.locator("#visit")).to_be_hidden()
    expect(tablet.get_by_role("status")).to_contain_text("noté absent")
    assert visit_row(live_server, ticket["id"])["status"] == "no_show"


def test_a_visitor_put_back_in_line_waits_again(live_server, tablet):
    ticket = take_ticket(live_server)
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    tablet.get_by_role("button", name="Remettre en attente").click()
    expect(tablet.locator("#visit")).to_be_hidden()
    expect(tablet.locator("#desk-hint")).to_have_text("1 personne en attente.")
    assert visit_row(live_server, ticket["id"])["status"] == "waiting"


def test_a_transfer_to_the_video_room_keeps_the_number_and_the_place_in_line(live_server, tablet):
    ticket = take_ticket(live_server)
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Appeler le suivant").click()
    tablet.get_by_role("button", name="Commencer").click()
    tablet.get_by_role("button", name="Transférer").click()
    sheet = tablet.get_by_role("dialog", name=f"Transférer {ticket['number']}")
    sheet.get_by_role("radio", name="Salle visio").click()
    sheet.get_by_role("button", name="Transférer").click()

    expect(sheet).to_be_hidden()
    expect(tablet.get_by_role("status")).to_contain_text(f"{ticket['number']} transféré")
    with sqlite3.connect(live_server.workdir / "accueil.db") as database:
        successor = database.execute(
            "SELECT v.number, v.status, c.code FROM visits v JOIN counters c"
            " ON c.id = v.target_counter_id WHERE v.transferred_from_id = ?",
            (ticket["id"],),
        ).fetchone()
    assert successor == (ticket["number"], "waiting", "visio")


def test_a_paused_agent_cannot_call_until_they_resume(live_server, tablet):
    sit_at(tablet, live_server, "Accueil")
    tablet.get_by_role("button", name="Pause").click()
    expect(tablet.get_by_role("button", name="Reprendre")).to_have_attribute("aria-pressed", "true")
    expect(tablet.get_by_role("button", name="Appeler le suivant")).to_be_disabled()
    expect(tablet.locator("#desk-hint")).to_contain_text("Vous êtes en pause")
    expect(tablet.locator("#agents")).to_contain_text("En pause")
    tablet.get_by_role("button", name="Reprendre").click()
    expect(tablet.get_by_role("button", name="Appeler le suivant")).to_be_enabled()


def test_two_consoles_pressing_call_next_at_the_same_time_get_different_tickets(
    live_server, new_page
):
    camille, yanis = new_page(viewport=TABLET), new_page(viewport=TABLET)
    sit_at(camille, live_server, "Accueil", login="demo1")
    sit_at(yanis, live_server, "Bureau 1", login="demo2")
    numbers = {take_ticket(live_server)["number"], take_ticket(live_server)["number"]}
    for console in (camille, yanis):
        expect(console.locator("#desk-hint")).to_have_text("2 personnes en attente.")

    click_together([camille, yanis], "#call-next")

    for console in (camille, yanis):
        expect(console.locator("#visit-number")).not_to_be_empty()
    called = {
        camille.locator("#visit-number").inner_text(),
        yanis.locator("#visit-number").inner_text(),
    }
    assert called == numbers
    expect(camille.locator("#queue-total")).to_have_text("Personne n'attend.")


def test_the_desk_screen_works_on_a_tablet_held_upright(live_server, new_page):
    portrait = new_page(viewport=PORTRAIT)
    take_ticket(live_server)
    sit_at(portrait, live_server, "Accueil")
    call = portrait.get_by_role("button", name="Appeler le suivant")
    box = call.bounding_box()
    assert box["height"] >= 120 and box["width"] >= 600
    call.click()
    portrait.get_by_role("button", name="Commencer").click()
    finish = portrait.get_by_role("button", name="Terminer", exact=True)
    expect(finish).to_be_in_viewport()
    assert portrait.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finish.click()
    sheet = portrait.get_by_role("dialog")
    sheet.get_by_role("radio", name="Information").click()
    sheet.get_by_role("radio", name="Résolu sur place").click()
    sheet.get_by_role("button", name="Terminer la visite").click()
    expect(portrait.get_by_role("status")).to_contain_text("visite terminée")


def test_a_late_answer_about_the_visit_in_hand_does_not_undo_a_newer_action(live_server, new_page):
    """The console asks "whom am I serving?" when it opens and whenever a colleague touches the
    visit; on a busy network that answer can come back after the agent has already called or
    started someone. The older answer must not put the visit back as it was: the agent would
    see "Commencer" again, or an empty desk, and their next tap would do nothing."""
    ticket = take_ticket(live_server)
    console = new_page(viewport=TABLET)
    held: list = []

    def hold_the_first_answer(route):
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # the answer as it was when asked: nobody

    console.route("**/api/v1/agent/current", hold_the_first_answer)
    sit_at(console, live_server, "Accueil")
    console.get_by_role("button", name="Appeler le suivant").click()
    expect(console.locator("#visit-number")).to_have_text(ticket["number"])
    assert held, "the console did not ask whom it serves when it opened"

    route, answer = held[0]
    with console.expect_response("**/api/v1/agent/current"):
        route.fulfill(response=answer)  # "nobody", arriving after the call
    console.evaluate("new Promise((done) => setTimeout(done, 100))")

    expect(console.locator("#visit")).to_be_visible()
    expect(console.locator("#visit-number")).to_have_text(ticket["number"])
    console.get_by_role("button", name="Commencer").click()
    expect(console.get_by_role("button", name="Terminer", exact=True)).to_be_visible()


def test_a_second_visitor_called_from_another_tablet_comes_into_view_once_the_first_is_done(
    live_server, new_page, agents
):
    """The same agent on two tablets (the desk's and a spare one) may call twice. The console
    shows the newest visit; once it is done, the other one still in this agent's hands must
    come back into view, not be left « appelé » while the console offers the next call."""
    first = take_ticket(live_server, service="caf-logement")
    second = take_ticket(live_server, service="caf-logement")
    console = new_page(viewport=TABLET)
    sit_at(console, live_server, "Accueil")
    spare = agents["demo1"]  # the other tablet, signed in as the same agent
    for ticket in (first, second):
        called = spare.post(
            f"{live_server.url}/api/v1/agent/call-next", json={"counter": "accueil"}, timeout=10
        )
        assert called.json()["number"] == ticket["number"], called.text
    console.reload()
    expect(console.locator("#visit-number")).to_have_text(second["number"])
    console.get_by_role("button", name="Absent").click()
    console.get_by_role("button", name="Confirmer : absent").click()
    expect(console.get_by_role("status")).to_contain_text(f"{second['number']} : noté absent")
    expect(console.locator("#visit")).to_be_visible()
    expect(console.locator("#visit-number")).to_have_text(first["number"])
    expect(console.get_by_role("button", name="Appeler le suivant")).to_be_hidden()
