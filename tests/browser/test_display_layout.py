"""The waiting-room TV fitted to its place, at 1920×1080 and 1366×768, with the longest real
content: a long line (wide wait ranges on every theme), a timetable with three spans a day, the
itinerant tour, the permanences, a highlight at its maximum length. Every slide of the rotation
is shown in turn and nothing may overflow, be cut or leave the screen. The call dominates the
screen, the QR code is scannable from 2 m, and a finished visit leaves "Appel en cours"."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from tests.browser.conftest import assert_accessible
from tests.browser.fit import SMALL_TV, TV, assert_fits, font_px
from tests.browser.test_display import act, open_display, shown_number, take_ticket
from tests.live import LiveServer

# Open around the clock, yet every day has three spans, the last one a late opening: the longest
# timetable the hours slide can meet ("0 h – 12 h 30", "12 h 30 – 18 h 30", "18 h 30 – 23 h 59
# nocturne").
LONG_WEEK = {
    day: ["00:00-12:30", "12:30-18:30", "18:30-23:59 nocturne"]
    for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
}
LONG_HIGHLIGHT = {
    "title": "Permanence exceptionnelle des impôts pour la déclaration de revenus en ligne",
    "body": (
        "Un agent des finances publiques vous reçoit sans rendez-vous le mardi matin. "
        "Apportez votre numéro fiscal, votre dernier avis d'imposition et vos justificatifs. "
        "Nous vous aidons aussi à créer votre espace particulier sur impots.gouv.fr. "
        "Les personnes qui ne peuvent pas se déplacer peuvent demander un rappel téléphonique "
        "à l'accueil : un conseiller vous appellera dans la semaine."
    ),
    # The second-language line at its longest too, right to left.
    "second_language": "ar",
    "second_title": (
        "مداومة استثنائية لمصلحة الضرائب للمساعدة في التصريح بالدخل عبر الإنترنت في قاعة الاستقبال"
    ),
    "second_body": (
        "يستقبلكم موظف من المالية العامة بدون موعد صباح يوم الثلاثاء. "
        "أحضروا رقمكم الضريبي وآخر إشعار بالضريبة والوثائق الثبوتية. "
        "نساعدكم أيضًا في إنشاء حسابكم الشخصي على موقع الضرائب. "
        "يمكن للأشخاص الذين لا يستطيعون التنقل طلب مكالمة هاتفية من الاستقبال: "
        "سيتصل بكم مستشار خلال الأسبوع. "
        "تُقدَّم هذه الخدمة مجانًا لجميع سكان المنطقة، ويمكن أن يرافقكم شخص تثقون به."
    ),
}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(
        tmp_path_factory.mktemp("display-layout"), ACCUEIL_OPENING_HOURS=json.dumps(LONG_WEEK)
    )
    with server:
        admin = server.login("demo1")
        from datetime import datetime
        from zoneinfo import ZoneInfo

        # The month as the site counts it (UTC is still in the previous one on a month's last
        # evening, when the screen already shows the new month in Castelsarrasin).
        month = datetime.now(ZoneInfo("Europe/Paris")).strftime("%Y-%m")
        created = admin.post(
            f"{server.url}/api/v1/admin/highlights",
            json={**LONG_HIGHLIGHT, "month": month},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        # With its picture (a wide photo as phones take them): the picture arrives after the
        # slides are cut, and must not push the text out of the panel then.
        import base64
        import io

        from PIL import Image

        photo = io.BytesIO()
        Image.new("RGB", (2400, 1600), (20, 90, 160)).save(photo, "JPEG")
        data = "data:image/jpeg;base64," + base64.b64encode(photo.getvalue()).decode()
        pictured = admin.put(
            f"{server.url}/api/v1/admin/highlights/{created.json()['id']}/image",
            json={"image": data, "alt": "Le bureau des impôts"},
            timeout=30,
        )
        assert pictured.status_code == 200, pictured.text
        # Thirty people waiting for every kind of request: wide ranges on every theme.
        services = [s["code"] for s in requests.get(f"{server.url}/api/v1/services").json()]
        for n in range(30):
            take_ticket(server, services[n % len(services)])
        yield server


IDLE = "() => document.getElementById('call-panel').dataset.state === 'idle'"
SLIDES = """() => [...document.querySelectorAll('.slide')].map(s => s.dataset.key)"""
SHOW = """n => document.querySelectorAll('.slide').forEach((s, i) => {
  s.classList.toggle('current', i === n); })"""


# First in the module: no call of another test is still in progress.
def test_a_finished_visit_leaves_the_current_call_panel(live_server, new_page, screenshot):
    page = open_display(new_page(viewport=TV), live_server)
    agent = live_server.login()
    ticket = take_ticket(live_server, "justice-aide")
    act(agent, live_server, ticket, "call", "bureau-2")
    act(agent, live_server, ticket, "recall", None)
    page.wait_for_function("() => !document.getElementById('call-recall').hidden", timeout=10_000)
    act(agent, live_server, ticket, "start", None)
    response = agent.post(
        f"{live_server.url}/api/v1/tickets/{ticket['id']}/finish",
        json={"outcome": {"result": "resolved"}},
        timeout=10,
    )
    assert response.status_code == 200
    panel = page.locator("#call-panel")
    page.wait_for_function(
        "() => document.getElementById('call-panel').dataset.current === 'none'", timeout=15_000
    )
    assert page.locator("#call-label").inner_text() == "En attente du prochain appel"
    assert page.locator("#call-number").inner_text() == ""
    assert page.locator("#call-recall").is_hidden()
    assert ticket["number"] not in panel.inner_text()
    # It stays in the history.
    assert ticket["number"] in page.locator("#last-calls").inner_text()
    screenshot(page, "display-1920-no-current-call")
    # And a page opened afterwards does not bring it back either.
    other = open_display(new_page(viewport=TV), live_server)
    other.wait_for_function("() => document.getElementById('last-calls').children.length > 0")
    assert other.locator("#call-panel").get_attribute("data-current") == "none"


@pytest.mark.parametrize("size", [TV, SMALL_TV], ids=["1920x1080", "1366x768"])
def test_every_slide_fits_the_tv_with_the_longest_content(live_server, new_page, screenshot, size):
    page = open_display(new_page(viewport=size), live_server)
    ticket = take_ticket(live_server, "retraite-reversion")
    act(live_server.login(), live_server, ticket, "call", "visio")
    shown_number(page, ticket["number"])
    page.wait_for_function("() => document.querySelectorAll('.slide').length >= 6")
    page.wait_for_function(IDLE, timeout=10_000)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    keys = page.evaluate(SLIDES)
    kinds = {key.split(":")[0].split("-")[0] for key in keys}
    assert {"highlight", "itinerant", "hours", "ideas"} <= kinds, keys
    # The French screen's second-language line keeps its own language and direction.
    seconds = page.locator(".highlight-second")
    assert seconds.count() >= 2  # the title, and the text on one of the highlight's slides
    assert {
        (seconds.nth(i).get_attribute("lang"), seconds.nth(i).get_attribute("dir"))
        for i in range(seconds.count())
    } == {("ar", "rtl")}
    width = size["width"]
    audited = False
    seen: set[str] = set()
    for n, key in enumerate(keys):
        page.evaluate(SHOW, n)
        kind = key.split(":")[0]
        if kind not in seen:
            seen.add(kind)
            screenshot(page, f"display-{width}-{kind}")
        assert_fits(page)
        if width == TV["width"] and page.locator(".slide.current .highlight-second").count():
            assert_accessible(page)  # the right-to-left line on the French screen, once
            audited = True
    assert width != TV["width"] or audited
    # The waits table keeps its Total row, every theme on one line.
    total = page.locator(".themes tfoot").bounding_box()
    waits = page.locator(".waits").bounding_box()
    assert total["y"] + total["height"] <= waits["y"] + waits["height"]
    heights = {round(row.bounding_box()["height"]) for row in page.locator("#themes tr").all()}
    assert max(heights) < 1.5 * min(heights), heights


@pytest.mark.parametrize("size", [TV, SMALL_TV], ids=["1920x1080", "1366x768"])
def test_the_call_dominates_the_screen_and_the_qr_code_reads_from_two_metres(
    live_server, new_page, size
):
    page = open_display(new_page(viewport=size), live_server)
    ticket = take_ticket(live_server, "caf-rsa")
    act(live_server.login(), live_server, ticket, "call", "bureau-1")
    shown_number(page, ticket["number"])
    height = size["height"]
    number = page.locator("#call-number").bounding_box()
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('call-number')).fontSize)"
    )
    assert font >= 0.25 * height  # about 27 % of the screen's height
    place = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('call-place')).fontSize)"
    )
    assert place >= 0.09 * height  # where to go, just under it
    assert number["width"] < size["width"] * 0.6
    last = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.last-number')).fontSize)"
    )
    assert last >= 0.045 * height
    qr = page.locator(".phone-qr").bounding_box()
    assert qr["height"] >= 0.22 * height and qr["width"] >= 0.22 * height
    address = page.locator(".phone-url")
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.phone-url')).lineHeight)"
    )
    assert address.bounding_box()["height"] <= line + 1  # one line, never cut inside the port
    assert address.inner_text().endswith("/queue") and "http" not in address.inner_text()
    assert_fits(page)


@pytest.mark.parametrize("size", [TV, SMALL_TV], ids=["1920x1080", "1366x768"])
def test_a_recall_a_long_counter_name_and_a_floor_agent_coming_over_fit_the_call_panel(
    live_server, new_page, screenshot, size
):
    """The call panel holds "Appel en cours", the « Rappel » badge, the number and where to go:
    none of them may be cut, whatever the back-office named the counter."""
    page = open_display(new_page(viewport=size), live_server)
    admin = live_server.login("demo1")
    agent = live_server.login("demo2")
    width = size["width"]
    long_name = {"code": f"porte-{width}", "label": "Bureau 4, rez-de-chaussée, porte de gauche"}
    created = admin.post(
        f"{live_server.url}/api/v1/admin/counters", json={**long_name, "kind": "office"}
    )
    assert created.status_code == 201, created.text

    recalled = take_ticket(live_server, "caf-logement")
    act(agent, live_server, recalled, "call", "bureau-2")
    act(agent, live_server, recalled, "recall", None)
    page.wait_for_function("() => !document.getElementById('call-recall').hidden", timeout=10_000)
    screenshot(page, f"display-{width}-recall")
    assert_fits(page)
    assert page.locator("#call-place").inner_text().endswith("Bureau 2")
    act(agent, live_server, recalled, "cancel", None)

    far = take_ticket(live_server, "caf-logement")
    act(agent, live_server, far, "call", long_name["code"])
    shown_number(page, far["number"], timeout=10_000)
    screenshot(page, f"display-{width}-long-counter-name")
    assert_fits(page)
    assert page.locator("#call-place").inner_text().endswith(long_name["label"])
    act(agent, live_server, far, "cancel", None)

    walked_to = take_ticket(live_server, "caf-logement")
    act(agent, live_server, walked_to, "take", None)
    page.wait_for_function(
        "() => document.getElementById('call-panel').classList.contains('coming-to-you')",
        timeout=10_000,
    )
    shown_number(page, walked_to["number"], timeout=10_000)
    screenshot(page, f"display-{width}-coming-to-you")
    assert_fits(page)
    assert "Un conseiller vient vers vous" in page.locator("#call-place").inner_text()
    floor = page.evaluate("innerHeight * 0.034")
    for where in ("#call-label", "#call-place"):
        assert font_px(page, where) >= floor - 0.5  # still read from 3 to 5 metres
    finished = agent.post(
        f"{live_server.url}/api/v1/tickets/{walked_to['id']}/finish",
        json={"outcome": {"result": "resolved"}},
        timeout=10,
    )
    assert finished.status_code == 200, finished.text
