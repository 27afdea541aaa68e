"""The itinerant laptop's console: the sync status in words, the last error, the button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import SECOND, TABLET, sit_at, take_ticket
from tests.live import LiveServer, free_port

pytestmark = pytest.mark.browser


def test_the_laptop_console_says_what_is_not_synchronised_and_why_and_retries_on_demand(
    tmp_path, new_page
):
    nobody = f"http://127.0.0.1:{free_port()}"  # the central is not there (a village hall)
    with LiveServer(tmp_path, ACCUEIL_CENTRAL_URL=nobody, ACCUEIL_SYNC_TOKEN="secret") as laptop:
        take_ticket(laptop)
        console = new_page(viewport=TABLET)
        sit_at(console, laptop, "Accueil")
        panel = console.locator("#sync-panel")
        expect(panel).to_be_visible(timeout=10 * SECOND)
        expect(console.locator("#sync-state")).to_contain_text("en attente")

        console.get_by_role("button", name="Synchroniser maintenant").click()

        button = console.get_by_role("button", name="Synchroniser maintenant")
        expect(button).to_be_enabled(timeout=30 * SECOND)  # the attempt is over
        expect(console.locator("#sync-error")).to_contain_text("injoignable")
        expect(console.locator("#sync-state")).to_contain_text("Jamais synchronisé")
        box = button.bounding_box()
        assert box and box["height"] >= 48
        assert_accessible(console)
        console.screenshot(path=str(tmp_path / "console-sync.png"), full_page=True)


def test_a_server_without_a_central_shows_no_sync_panel(live_server, tablet):
    sit_at(tablet, live_server, "Accueil")
    expect(tablet.locator("#desk-hint")).to_be_visible()
    expect(tablet.locator("#sync-panel")).to_be_hidden()
