"""The central's administrator gives the itinerant laptop its token from the back-office."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import TABLET
from tests.browser.test_admin_pages import signed_in_admin

pytestmark = pytest.mark.browser


def test_an_admin_creates_a_token_sees_it_once_with_the_command_and_revokes_it(
    live_server, new_page, tmp_path
):
    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/synchronisation")
    page.get_by_label("Note (quel portable)").fill("portable du bus")
    page.get_by_role("button", name="Créer le jeton").click()

    command = page.locator("#token-command")
    expect(command).to_contain_text("--site fs-itinerante")
    token = command.inner_text().split("--sync-token ")[1].strip()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "admin-sync.png"), full_page=True)
    pull = f"{live_server.url}/api/v1/sync/pull?site=fs-itinerante"
    bearer = {"Authorization": f"Bearer {token}"}
    assert requests.get(pull, headers=bearer, timeout=10).status_code == 200

    page.goto(live_server.url + "/admin/synchronisation")
    expect(page.locator("body")).not_to_contain_text(token)  # shown once, never again
    expect(page.locator(".row")).to_contain_text("portable du bus")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Révoquer (portable perdu ou remplacé)").click()
    expect(page.locator(".row .badge")).to_have_text("révoqué")
    assert requests.get(pull, headers=bearer, timeout=10).status_code == 401
