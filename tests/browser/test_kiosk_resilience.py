"""The kiosk when things are not normal: closed hours, and a server that goes away and comes
back. Each test runs its own server process."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import expect

from server.domain.hours import WEEKDAYS_FR
from tests.browser.conftest import assert_accessible
from tests.browser.fit import drawn_left_to_right
from tests.browser.test_kiosk import NUMBER, open_kiosk, take_ticket
from tests.live import LiveServer


def closed_all_day_today() -> str:
    """A timetable open every day but today (in Castelsarrasin), so the kiosk is closed now."""
    today = datetime.now(ZoneInfo("Europe/Paris")).weekday()
    return json.dumps({day: ["09:00-17:00"] for i, day in enumerate(WEEKDAYS_FR) if i != today})


def test_outside_opening_hours_the_kiosk_says_when_it_opens_next(tmp_path, page):
    with LiveServer(tmp_path, ACCUEIL_OPENING_HOURS=closed_all_day_today()) as server:
        page.goto(f"{server.url}/kiosk")
        expect(page.locator("h1")).to_have_text("L'accueil France Services est fermé")
        expect(page.locator(".next-opening")).to_contain_text("Nous ouvrons")
        expect(page.locator(".next-opening")).to_contain_text("à 9 h")  # as on the display
        expect(page.locator(".next-opening")).not_to_contain_text("09:00")
        # The week's timetable, in the same words, today's row marked.
        expect(page.locator(".timetable tr")).to_have_count(7)
        expect(page.locator(".timetable tr.today td")).to_have_text("fermé")
        expect(page.locator(".timetable tr:not(.today) td").first).to_have_text("9 h – 17 h")
        assert page.locator("[data-service], [data-theme]").count() == 0
        assert_accessible(page)
        page.click('[data-language="ar"]')
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1")).to_have_text("مكتب France Services مغلق")
        # « 9 h – 17 h » in the right-to-left timetable still reads from 9 to 17.
        assert drawn_left_to_right(page, ".timetable tr:not(.today) td", ["9", "h", "17", "h"])
        assert_accessible(page)
        refused = requests.post(
            f"{server.url}/api/v1/tickets", json={"service": "caf-rsa"}, timeout=5
        )
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "closed"


def test_the_kiosk_is_honest_while_the_server_is_down_and_recovers_by_itself(tmp_path, page):
    server = LiveServer(tmp_path)
    with server:
        open_kiosk(page, server)
        banner = page.locator("#connection")
        # Live first: a banner still hidden in its grace period proves nothing, and a server
        # stopped while the kiosk was still connecting rightly says "Connexion…", not "lost".
        page.wait_for_function("document.body.dataset.connection === 'live'", timeout=15_000)
        expect(banner).to_be_hidden()
        server.stop()
        expect(banner).to_be_visible(timeout=10000)
        expect(banner).to_contain_text("Connexion interrompue")
        page.click('[data-theme="famille"]')
        page.click('[data-service="caf-rsa"]')
        expect(page.locator("h1")).to_have_text(
            "Service momentanément indisponible, adressez-vous à l'accueil.", timeout=20000
        )
        assert page.locator(".ticket-number").count() == 0
        assert_accessible(page)

        server.start()  # same port, same database
        expect(banner).to_be_hidden(timeout=10000)
        page.get_by_role("button", name="Retour à l'accueil").click()
        ticket = take_ticket(page)
        assert NUMBER.match(ticket["number"])
        queue = server.login().get(f"{server.url}/api/v1/queue", timeout=30).json()
        assert [t["number"] for t in queue["waiting"]] == [ticket["number"]]
