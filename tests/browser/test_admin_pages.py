"""The back-office in Chromium: every page accessible at tablet size, and edits that reach an
open waiting-room display without a reload."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.admin_pages import BACK_OFFICE_PAGES
from tests.browser.conftest import assert_accessible
from tests.browser.console_steps import CONTROLS, SECOND, TABLET
from tests.live import LiveServer

PAGES = BACK_OFFICE_PAGES


def signed_in_admin(page: Any, server: LiveServer, login: str = "demo1", pin: str = "1234") -> None:
    page.set_default_timeout(10 * SECOND)
    page.goto(server.url + "/admin")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Code PIN").fill(pin)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()


def test_every_admin_page_is_accessible_with_large_targets_on_a_tablet(
    live_server: LiveServer, new_page: Any
) -> None:
    local = {"code": "cio", "label": "CIO : orientation", "theme": "emploi", "prefix": "O"}
    local["labels"] = {"ar": "مركز التوجيه", "en": "Careers guidance"}
    added = live_server.login().post(f"{live_server.url}/api/v1/admin/services", json=local)
    assert added.status_code == 201, added.text
    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server)
    for path in PAGES:
        page.goto(live_server.url + path)
        # Folded parts too (the catalogue's translated labels, right to left in Arabic).
        page.locator("details").evaluate_all("all => all.forEach((d) => { d.open = true; })")
        assert_accessible(page)
        for control in page.locator(CONTROLS).all():
            if not control.is_visible():
                continue
            box = control.bounding_box()
            assert box and box["height"] >= 44, (path, control.evaluate("e => e.outerHTML"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path


def test_the_department_administrators_sites_page_is_accessible_too(
    live_server: LiveServer, new_page: Any
) -> None:
    """/admin/sites exists only for a department administrator (demo1 manages one site)."""
    live_server.add_department_admin("chef", "2468")
    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server, "chef", "2468")
    page.goto(live_server.url + "/admin/sites")
    expect(page.locator("main")).to_contain_text("Maison de l")
    assert_accessible(page)
    for control in page.locator(CONTROLS).all():
        if control.is_visible():
            box = control.bounding_box()
            assert box and box["height"] >= 44, control.evaluate("e => e.outerHTML")


def test_the_sign_in_waits_for_its_script_and_never_puts_the_pin_in_the_address(
    live_server: LiveServer, new_page: Any
) -> None:
    page = new_page(viewport=TABLET)
    held: list[Any] = []
    page.route("**/back_office/forms.js", lambda route: held.append(route))  # a slow script
    page.goto(live_server.url + "/admin", wait_until="commit")  # the page, not its script
    button = page.get_by_role("button", name="Se connecter")
    expect(button).to_be_disabled()
    page.get_by_label("Identifiant").fill("demo1")
    page.get_by_label("Code PIN").fill("1234")
    page.get_by_label("Code PIN").press("Enter")  # a quick manager, before the script
    page.wait_for_timeout(300)
    assert "1234" not in page.url and page.get_by_label("Code PIN").input_value() == "1234"
    for route in held:
        route.continue_()
    expect(button).to_be_enabled()
    button.click()
    expect(page.get_by_role("heading", name="Administration", exact=True)).to_be_visible()


def test_a_bad_form_keeps_its_values_and_says_what_is_wrong(
    live_server: LiveServer, new_page: Any
) -> None:
    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/horaires")
    page.get_by_label("Lundi").fill("09:00-12:00, 11:00-13:00")
    page.get_by_label("Mardi").fill("08:30-12:00")
    page.get_by_role("button", name="Enregistrer les horaires").click()
    expect(page.get_by_role("alert")).to_contain_text("chevauchement")
    expect(page.get_by_label("Lundi")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Mardi")).to_have_value("08:30-12:00")


def test_an_edited_highlight_and_new_hours_reach_an_open_display_without_reload(
    live_server: LiveServer, new_page: Any
) -> None:
    display = new_page()
    display.goto(live_server.url + "/display")
    display.wait_for_function("() => document.querySelectorAll('.slide').length >= 2")
    expect(display.locator("#opening-now")).to_have_text(re.compile("^Ouvert"))
    display.evaluate("window.__not_reloaded = true")

    admin = live_server.login("demo1")
    month = datetime.now(ZoneInfo("Europe/Paris")).strftime("%Y-%m")
    for item in admin.get(f"{live_server.url}/api/v1/admin/highlights", timeout=10).json():
        admin.patch(
            f"{live_server.url}/api/v1/admin/highlights/{item['id']}",
            json={"active": False},
            timeout=10,
        )
    created = admin.post(
        f"{live_server.url}/api/v1/admin/highlights",
        json={
            "title": "Atelier numérique mardi",
            "body": "Venez avec votre téléphone.",
            "month": month,
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    expect(display.locator(".highlight-title")).to_have_text(["Atelier numérique mardi"])

    closed = admin.put(f"{live_server.url}/api/v1/admin/hours", json={"week": {}}, timeout=10)
    assert closed.status_code == 200, closed.text
    expect(display.locator("#opening-now")).to_have_text(re.compile("^Fermé"))
    assert display.evaluate("window.__not_reloaded === true")


@pytest.fixture(autouse=True)
def _reopen(live_server: LiveServer) -> Any:
    """Leave the demo open at any hour for the other tests of the module."""
    yield
    admin = live_server.login("demo1")
    week = {
        day: ["00:00-23:59"]
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    }
    admin.put(f"{live_server.url}/api/v1/admin/hours", json={"week": week}, timeout=10)


def test_a_picture_attached_in_the_back_office_appears_on_the_open_display(
    live_server: LiveServer, new_page: Any, tmp_path: Any
) -> None:
    from PIL import Image

    admin_api = live_server.login("demo1")
    for item in admin_api.get(f"{live_server.url}/api/v1/admin/highlights", timeout=10).json():
        admin_api.patch(
            f"{live_server.url}/api/v1/admin/highlights/{item['id']}",
            json={"active": False},
            timeout=10,
        )
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (2400, 1600), (20, 90, 160)).save(photo, "JPEG")

    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/a-la-une")
    page.get_by_label("Titre (120 caractères au plus)").fill("Le minibus passe mardi")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("heading", name="Le minibus passe mardi", exact=True)).to_be_visible()

    display = new_page()
    display.goto(live_server.url + "/display")
    expect(display.locator(".highlight-title")).to_have_text(["Le minibus passe mardi"])

    row = page.get_by_role("listitem").filter(has_text="Le minibus passe mardi")
    row.get_by_text("Modifier « Le minibus passe mardi »").click()
    row.get_by_label(re.compile("Joindre une image")).set_input_files(str(photo))
    row.get_by_label("Ce que montre l'image (lu aux personnes aveugles)").fill(
        "Le minibus bleu devant la mairie"
    )
    row.get_by_role("button", name="Envoyer l'image").click()
    preview = page.locator(".display-preview img.highlight-picture")
    expect(preview).to_have_attribute("alt", "Le minibus bleu devant la mairie")
    assert_accessible(page)

    shown = display.locator(".highlight img.highlight-picture")
    expect(shown).to_have_attribute("alt", "Le minibus bleu devant la mairie")
    display.wait_for_function(
        "() => { const i = document.querySelector('.highlight img'); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )
    # The browser shrank the photo and the server re-encoded it: at most 1280 px wide.
    assert display.evaluate("document.querySelector('.highlight img').naturalWidth") <= 1280


def test_a_display_is_paired_from_the_back_office_and_opens_by_itself(
    live_server: LiveServer, new_page: Any
) -> None:
    screen = new_page()
    screen.goto(live_server.url + "/appairage")
    assert_accessible(screen)
    code = screen.locator("#pairing-code").get_attribute("data-code")
    assert code and len(code) == 6

    page = new_page(viewport=TABLET)
    signed_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/ecrans")
    expect(page.locator(".pending-code").filter(has_text=code)).to_be_visible()
    page.get_by_label("Code affiché par l'écran").fill(code.lower())
    page.get_by_label("Type").select_option("display")
    page.get_by_label("Nom de l'écran").fill("Télé de l'entrée")
    page.get_by_role("button", name="Appairer").click()
    expect(page.get_by_role("heading", name=re.compile("^Télé de l'entrée"))).to_be_visible()
    assert_accessible(page)

    expect(screen).to_have_url(re.compile(r"/display$"))
    expect(screen.locator(".display-title")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text="Télé de l'entrée")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Révoquer Télé de l'entrée").click()
    expect(row.get_by_text("révoqué")).to_be_visible()


def test_the_administrator_signs_out_of_the_back_office_from_the_menu(
    live_server: LiveServer, new_page: Any
) -> None:
    """A shared laptop at the reception: the back-office must be left from the screen. The
    button stands beside the site's name, and the menu keeps to two lines on that laptop."""
    page = new_page(viewport={"width": 1366, "height": 768})
    signed_in_admin(page, live_server)
    menu = page.get_by_role("navigation", name="Administration")
    rows = {
        round(box["y"])
        for box in menu.get_by_role("listitem").evaluate_all(
            "items => items.map((item) => item.getBoundingClientRect().toJSON())"
        )
    }
    assert len(rows) <= 2, rows
    button = page.get_by_role("banner").get_by_role("button", name="Se déconnecter")
    brand = page.get_by_text("Accueil — administration")
    assert abs(button.bounding_box()["y"] - brand.bounding_box()["y"]) < 48  # the same line
    button.click()
    expect(page.get_by_role("heading", name="Connexion à l'administration")).to_be_visible()
    assert page.goto(live_server.url + "/admin/guichets").status == 401
