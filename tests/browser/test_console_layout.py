"""The agents' console on its tablet (1280×800, often held standing): a header on one line even
in pause, the peak and printers panel in view without scrolling, a finish sheet whose chosen
tile shows one tick, a called ticket with its wait and appointment time, colleagues followed
live, reprinting only while the printers are out, printers by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import go_to_the_floor, sign_in, sit_at
from tests.browser.fit import TABLET, assert_fits
from tests.live import LiveServer, free_port


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A demo with its emulated printer (on a free port: other demos may run)."""
    server = LiveServer(
        tmp_path_factory.mktemp("console-layout"),
        ACCUEIL_DEMO_PRINTER="on",
        ACCUEIL_DEMO_PRINTER_PORT=str(free_port()),
    )
    with server:
        yield server


@pytest.fixture
def agents(live_server: LiveServer) -> dict[str, Any]:
    """Fresh sessions for each test (a sign-in on a tablet may end an older session)."""
    return {"demo1": live_server.login("demo1"), "demo2": live_server.login("demo2")}


@pytest.fixture(autouse=True)
def calm(live_server: LiveServer, agents: dict[str, Any]) -> None:
    from tests.browser.console_steps import clean_slate

    clean_slate(live_server, agents)
    agents["demo1"].post(f"{live_server.url}/api/v1/peak", json={"on": False}, timeout=10)


def marks_on(page: Any, selector: str) -> list[str]:
    """The ticks and pictograms a person sees on a tile (pseudo-elements included)."""
    return list(
        page.evaluate(
            """(selector) => {
          const tile = document.querySelector(selector);
          const marks = [];
          for (const el of [tile, ...tile.querySelectorAll('*')]) {
            const before = getComputedStyle(el, '::before').content;
            if (before && before !== 'none' && before !== 'normal') marks.push(before);
            if (el.classList.contains('icon') && el.checkVisibility()) marks.push(el.textContent);
          }
          return marks;
        }""",
            selector,
        )
    )


def test_the_called_ticket_shows_its_wait_and_appointment_time_and_the_tablet_fits(
    live_server, agents, new_page, screenshot
):
    checked = requests.post(
        f"{live_server.url}/api/v1/appointments/check-in",
        json={"code": "3456", "language": "fr"},
        timeout=10,
    ).json()
    called = agents["demo1"].post(
        f"{live_server.url}/api/v1/tickets/{checked['id']}/call",
        json={"counter": "bureau-1"},
        timeout=10,
    )
    assert called.status_code == 200, called.text
    page = new_page(viewport=TABLET)
    # Not sit_at(): with a visitor already called, "Appeler le suivant" is rightly hidden.
    sign_in(page, live_server)
    page.get_by_role("button", name=re.compile(r"^Bureau 1( —|$)")).click()
    visit = page.locator("#visit")
    expect(visit).to_contain_text(checked["number"])
    expect(page.locator("#visit-appointment")).to_have_text("▦ Rendez-vous à 14 h")
    expect(page.locator("#visit-waited")).to_contain_text("A attendu")
    screenshot(page, "console-called-1280x800")
    # The peak and printers panel is in view on the tablet, without scrolling.
    panel = page.locator("#peak-title").locator("xpath=..").bounding_box()
    assert panel["y"] + panel["height"] <= TABLET["height"], panel
    assert_fits(page, ".topbar")
    # Paused, the header stays on one line.
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#agent-duty")).to_contain_text("En pause")
    tops = {round(b.bounding_box()["y"]) for b in page.locator(".topbar-agent > *").all()}
    screenshot(page, "console-paused-1280x800")
    assert len(tops) <= 2 and max(tops) - min(tops) < 20, tops  # one row
    assert page.locator(".topbar").bounding_box()["height"] < 80
    assert_fits(page, ".topbar")
    page.get_by_role("button", name="Reprendre").click()
    assert_accessible(page)


def test_a_chosen_tile_of_the_finish_sheet_shows_one_tick(live_server, agents, new_page):
    ticket = requests.post(
        f"{live_server.url}/api/v1/tickets", json={"service": "caf-rsa"}, timeout=10
    ).json()
    page = new_page(viewport=TABLET)
    sit_at(page, live_server, "Bureau 2")
    page.get_by_role("button", name="Appeler le suivant").click()
    expect(page.locator("#visit")).to_contain_text(ticket["number"])
    page.locator("[data-action=start]").click()
    page.locator("[data-action=finish]").click()
    for value in ("procedure", "resolved"):
        page.locator(f"label.tile:has(input[value={value}])").click()
        marks = marks_on(page, f"label.tile:has(input[value={value}])")
        assert marks == ['"✓ "'], marks  # not "✓ ✓ ✎ Aide à une démarche"


def test_the_colleagues_panel_follows_every_change_live(live_server, agents, new_page):
    first, second = (
        requests.post(f"{live_server.url}/api/v1/tickets", json={"service": s}, timeout=10).json()
        for s in ("impots-declaration", "impots-espace")
    )
    page = new_page(viewport=TABLET)
    sit_at(page, live_server, "Bureau 1")
    colleague = agents["demo2"]
    colleague.post(
        f"{live_server.url}/api/v1/agent/duty", json={"posture": "desk"}, timeout=10
    ).raise_for_status()
    row = page.locator("#agents li", has_text="Yanis")
    url = live_server.url
    colleague.post(f"{url}/api/v1/tickets/{first['id']}/call", json={"counter": "accueil"})
    expect(row).to_contain_text(f"Avec {first['number']} (appelé)")
    colleague.post(f"{url}/api/v1/tickets/{first['id']}/start", json={})
    expect(row).to_contain_text(f"Avec {first['number']} (en cours)")
    colleague.post(
        f"{url}/api/v1/tickets/{first['id']}/finish", json={"outcome": {"result": "resolved"}}
    )
    expect(row).not_to_contain_text(first["number"])
    colleague.post(f"{url}/api/v1/tickets/{second['id']}/call", json={"counter": "accueil"})
    expect(row).to_contain_text(f"Avec {second['number']} (appelé)")


def test_an_agent_without_a_counter_is_not_shown_available(live_server, agents, new_page):
    page = new_page(viewport=TABLET)
    sit_at(page, live_server, "Bureau 1")
    # Yanis signs out (his counter is freed), signs in again on another tablet and has not
    # chosen where he works yet.
    agents["demo2"].post(f"{live_server.url}/api/v1/auth/logout", timeout=10)
    again = live_server.login("demo2")
    again.post(f"{live_server.url}/api/v1/agent/duty", json={"posture": "desk"}, timeout=10)
    row = page.locator("#agents li", has_text="Yanis")
    page.reload()
    expect(row).to_contain_text("sans poste")
    expect(row).not_to_contain_text("Disponible")


def test_reprint_only_while_peak_mode_is_on_and_printers_by_name(
    live_server, agents, new_page, screenshot
):
    requests.post(f"{live_server.url}/api/v1/tickets", json={"service": "carte-grise"}, timeout=10)
    page = new_page(viewport=TABLET)
    go_to_the_floor(page, live_server)
    expect(page.locator(".waiting-ticket").first).to_be_visible()
    expect(page.locator("#printers")).to_contain_text("demo")  # its name, then its place
    peak = page.get_by_role("button", name="Activer le mode affluence")
    expect(peak).to_be_visible()  # an action, the state is written beside it
    expect(page.locator(".peak-state")).to_contain_text("désactivé")
    assert page.get_by_role("button", name="Réimprimer", exact=False).count() == 0
    peak.click()
    expect(page.get_by_role("button", name="Désactiver le mode affluence")).to_be_visible()
    expect(page.locator(".waiting-ticket button", has_text="Réimprimer").first).to_be_visible()
    screenshot(page, "console-floor-peak-1280x800")
    panel = page.locator("#peak-title").locator("xpath=..").bounding_box()
    assert panel["y"] + panel["height"] <= TABLET["height"], panel


def test_the_console_loads_without_a_single_error_in_the_browser_console(live_server, new_page):
    """A first visit used to log a 401 (asking who is signed in before anyone was)."""
    page = new_page(viewport=TABLET)
    failures: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and failures.append(m.text))
    page.goto(f"{live_server.url}/console")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    sit_at(page, live_server, "Bureau 2")
    page.reload()
    expect(page.get_by_role("button", name="Appeler le suivant")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert failures == []


def test_the_demo_banner_lists_every_screen_then_its_printer_then_how_to_stop(live_server):
    banner = live_server.log.read_text()
    assert f"{live_server.url}/queue" in banner
    printer = banner.index("Imprimante de démo")
    assert printer < banner.index("Ctrl-C pour arrêter")
    port = live_server.env["ACCUEIL_DEMO_PRINTER_PORT"]
    assert f"tcp://127.0.0.1:{port}" in banner[printer:]  # the port asked for (PRINTER_PORT=…)


def test_the_header_sets_who_and_where_level_with_the_buttons_at_their_end(
    live_server, agents, new_page
):
    """« Léa · Accueil » sat 4 px above the buttons' middle, the buttons right after it: the
    console's paragraph margins overrode the header's own (a rule of higher specificity)."""
    page = new_page(viewport={"width": 1280, "height": 800})
    sit_at(page, live_server, "Accueil")
    who = page.locator(".whoami").bounding_box()
    pause = page.locator("#pause").bounding_box()
    gap = (who["y"] + who["height"] / 2) - (pause["y"] + pause["height"] / 2)
    assert abs(gap) <= 1.5, (who, pause)
    bar = page.locator(".topbar").bounding_box()
    last = page.locator("#sign-out").bounding_box()
    assert bar["x"] + bar["width"] - (last["x"] + last["width"]) <= 20, (bar, last)


def test_the_link_to_my_day_is_a_target_a_finger_can_press(live_server, agents, new_page):
    """« Ma journée en détail », alone on its line of the side panel, was a 21 px high text
    link on a touch tablet (the kit's targets are 48 px)."""
    page = new_page(viewport={"width": 1280, "height": 800})
    sit_at(page, live_server, "Accueil")
    link = page.get_by_role("link", name="Ma journée en détail")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48, box
