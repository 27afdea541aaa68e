"""Steps shared by the console's browser tests: sign in, choose a place, prepare the line."""

from __future__ import annotations

import re
from typing import Any

import requests
from playwright.sync_api import expect

TABLET = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
SECOND = 1000
# What a finger presses: tiles and checkbox labels are the targets of their hidden inputs.
CONTROLS = ", ".join(
    [
        "button",
        "select",
        "textarea",
        "input:not([type=checkbox]):not([type=radio])",
        "label.tile",
        "label.check",
    ]
)


def sign_in(page: Any, server: Any, login: str = "demo1", pin: str = "1234") -> None:
    """Type the login, then the PIN on the touch keypad, as an agent does."""
    page.set_default_timeout(5 * SECOND)
    page.goto(server.url + "/console")
    page.get_by_label("Identifiant").fill(login)
    keypad = page.get_by_role("group", name="Clavier du code PIN")
    for digit in pin:
        keypad.get_by_role("button", name=digit, exact=True).click()
    keypad.get_by_role("button", name="Valider").click()


def sit_at(page: Any, server: Any, counter: str, login: str = "demo1") -> None:
    sign_in(page, server, login)
    # "Accueil", or "Accueil — le vôtre" when this agent already holds it
    page.get_by_role("button", name=re.compile(f"^{re.escape(counter)}( —|$)")).click()
    expect(page.get_by_role("button", name="Appeler le suivant")).to_be_visible()


def go_to_the_floor(page: Any, server: Any, login: str = "demo1") -> None:
    sign_in(page, server, login)
    page.get_by_role("button", name="Je vais vers les visiteurs").click()
    expect(page.get_by_role("heading", name="Personnes qui attendent")).to_be_visible()


def take_ticket(server: Any, service: str = "caf-rsa") -> dict[str, Any]:
    """A visitor takes a ticket at the kiosk."""
    response = requests.post(f"{server.url}/api/v1/tickets", json={"service": service}, timeout=10)
    response.raise_for_status()
    return dict(response.json())


def clean_slate(server: Any, agents: dict[str, requests.Session]) -> None:
    """Every agent free and available, nobody waiting: each test starts from an empty line."""
    for session in agents.values():
        session.post(f"{server.url}/api/v1/agent/duty", json={"paused": False}, timeout=10)
        for _ in range(5):  # an agent has one visit in hand; a few rounds cover any leftover
            current = session.get(f"{server.url}/api/v1/agent/current", timeout=10)
            if current.status_code != 200:
                break
            ticket = current.json()
            action = "cancel" if ticket["status"] == "called" else "finish"
            session.post(
                f"{server.url}/api/v1/tickets/{ticket['id']}/{action}", json={}, timeout=10
            ).raise_for_status()
    any_agent = next(iter(agents.values()))
    for ticket in any_agent.get(f"{server.url}/api/v1/queue", timeout=10).json()["waiting"]:
        any_agent.post(f"{server.url}/api/v1/tickets/{ticket['id']}/cancel", json={}, timeout=10)


def click_together(pages: list[Any], selector: str) -> None:
    """Press a button on several tablets at the same instant (one browser, one clock)."""
    at = pages[0].evaluate("Date.now() + 400")
    for page in pages:
        page.evaluate(
            """([selector, at]) => setTimeout(() => document.querySelector(selector).click(),
                                             at - Date.now())""",
            [selector, at],
        )


def small_touch_targets(page: Any) -> list[str]:
    """Visible controls of the screen in use (the open sheet, if any) under 48 × 48 px."""
    return page.evaluate(
        """(selector) => {
          const scope = document.querySelector('dialog[open]') || document;
          return [...scope.querySelectorAll(selector)]
            .filter((node) => node.getClientRects().length > 0)
            .map((node) => [node, node.getBoundingClientRect()])
            .filter(([, box]) => Math.min(box.width, box.height) < 48)
            .map(([node, box]) => `${node.textContent.trim() || node.id}: ${box.height}px`);
        }""",
        CONTROLS,
    )
