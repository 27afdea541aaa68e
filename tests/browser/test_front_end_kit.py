"""The shared front-end kit (server/static/common/): every screen shows its static content and
an honest "connexion…" state when its realtime library cannot load, and goes live by itself as
soon as the library is back."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.console_steps import sign_in
from tests.live import LiveServer

CLIENT = "**/static/vendor/socket.io.esm.min.js*"


def phone_path(server: LiveServer) -> str:
    response = requests.post(
        f"{server.url}/api/v1/tickets", json={"service": "caf-rsa"}, timeout=30
    )
    response.raise_for_status()
    return "/t/" + response.json()["tracking_url"].rsplit("/t/", 1)[1]


SCREENS = {
    # path (or a function of the server), what must be on screen, the banner, its words
    "kiosk": ("/kiosk", "[data-theme='famille']", "#connection", "Connexion…"),
    "display": ("/display", "#waits-title", "#connection", "connexion…"),
    "queue": ("/queue", "#waits-title", "#connection", "Connexion…"),  # visitor catalogue
    "console": ("/console", "#place-title", "#link-state", "Connexion au serveur…"),
    "phone": (phone_path, ".number", "#connection", "Connexion…"),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_screen_without_its_realtime_library_shows_its_content_and_says_connexion(
    live_server: LiveServer, page: Any, screen: str
) -> None:
    path, content, banner_id, words = SCREENS[screen]
    if callable(path):
        path = path(live_server)
    page.route(CLIENT, lambda route: route.abort())
    if screen == "console":  # the console's live link opens once an agent has signed in
        sign_in(page, live_server, login="demo2")
    else:
        page.goto(f"{live_server.url}{path}")
    expect(page.locator(content)).to_be_visible()
    banner = page.locator(banner_id)
    expect(banner).to_be_visible()
    expect(banner).to_have_text(words)
    assert page.evaluate("document.body.dataset.connection") == "connecting"

    page.unroute(CLIENT)  # the library is back (the vendored file was restored, the LAN healed)
    page.wait_for_function("document.body.dataset.connection === 'live'", timeout=15_000)
    expect(banner).to_be_hidden()


def test_a_screen_goes_live_without_a_banner_flashing_when_all_is_well(
    live_server: LiveServer, page: Any
) -> None:
    page.goto(f"{live_server.url}/display")
    page.wait_for_function("document.body.dataset.connection === 'live'", timeout=10_000)
    expect(page.locator("#connection")).to_be_hidden()
