"""The visitors' kiosk in a real Chromium: a ticket in two taps, in French and in Arabic, the QR
code, appointments, the idle timeout, one tap one ticket, and an accessibility audit per screen."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.live import LiveServer

NUMBER = re.compile(r"^[A-Z]\d{3}$")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A demo server whose kiosk accepts shortened idle timings (?idle=&warning=)."""
    server = LiveServer(tmp_path_factory.mktemp("kiosk"), ACCUEIL_KIOSK_ALLOW_TIMING_OVERRIDE="1")
    with server:
        yield server


def open_kiosk(page: Any, server: LiveServer, query: str = "") -> None:
    page.goto(f"{server.url}/kiosk{query}")
    expect(page.locator("[data-theme]").first).to_be_visible()


def take_ticket(page: Any, theme: str = "famille", service: str = "caf-rsa") -> dict[str, Any]:
    """Two taps: a theme, then a request. Returns what the server recorded."""
    page.click(f'[data-theme="{theme}"]')
    with page.expect_response(
        lambda r: r.url.endswith("/api/v1/tickets") and r.request.method == "POST"
    ) as answer:
        page.click(f'[data-service="{service}"]')
    ticket = answer.value.json()
    expect(page.locator(".ticket-number")).to_have_text(ticket["number"])
    return ticket


def waiting_count(server: LiveServer) -> int:
    return int(requests.get(f"{server.url}/api/v1/queue", timeout=30).json()["waiting_count"])


def test_a_visitor_takes_a_ticket_in_two_taps_in_french(live_server, page):
    open_kiosk(page, live_server)
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("h1")).to_have_text("Que venez-vous faire ?")
    ticket = take_ticket(page)
    assert NUMBER.match(ticket["number"])
    queue = live_server.login().get(f"{live_server.url}/api/v1/queue", timeout=30).json()
    assert ticket["number"] in [t["number"] for t in queue["waiting"]]
    expect(page.locator("#announcer")).to_contain_text(f"Votre numéro est {ticket['number']}")
    expect(page.locator(".ticket-card")).to_contain_text("RSA")
    expect(page.locator("[data-printed]")).to_contain_text("Ce ticket à l'écran est votre ticket")


def test_a_visitor_takes_a_ticket_in_arabic_read_right_to_left(live_server, page):
    # A local request the site worded in Arabic, with a pictogram (the back-office's API).
    local = {
        "code": "mission-locale",
        "label": "Mission locale : emploi des jeunes",  # no partner given: listed all the same
        "theme": "emploi",
        "prefix": "L",
        "labels": {"ar": "البعثة المحلية: توظيف الشباب"},
        "pictogram": "emploi",
    }
    added = live_server.login().post(f"{live_server.url}/api/v1/admin/services", json=local)
    assert added.status_code == 201, added.text
    open_kiosk(page, live_server)
    page.click('[data-language="ar"]')
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_text("لماذا جئت اليوم؟")
    page.click('[data-theme="emploi"]')
    choice = page.locator('[data-service="mission-locale"]')
    expect(choice.locator(".choice-label")).to_have_text("البعثة المحلية: توظيف الشباب")
    expect(choice.locator(".choice-label")).to_have_attribute("lang", "ar")
    expect(choice.locator("svg.icon-emploi")).to_have_attribute("aria-hidden", "true")
    assert_accessible(page)
    page.click(".back")  # home: the next visitor's kiosk, in French again
    page.click('[data-language="ar"]')
    ticket = take_ticket(page, "sante", "cpam-css")
    expect(page.locator("h1")).to_have_text("تذكرتك")
    expect(page.locator(".ticket-card")).to_contain_text("قبلك")
    assert NUMBER.match(ticket["number"])
    page.click('[data-language="fr"]')  # one tap back, live
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Votre ticket")


# A speech engine that records what it is asked to say (headless Chromium has no voice).
FAKE_VOICE = """
window.__spoken = [];
window.__voices = [{ lang: "fr-FR", name: "Voix de test" }];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const synthesis = new EventTarget();
Object.assign(synthesis, {
  getVoices: () => window.__voices, cancel() {},
  speak(utterance) { window.__spoken.push(utterance.text); },
});
Object.defineProperty(window, "speechSynthesis", { value: synthesis });
"""


def test_the_ticket_is_read_out_in_whole_sentences(live_server, page):
    """The screen reader's live region and « Lire à voix haute » say the number, the request,
    the people ahead and the wait as sentences: without a full stop between the last two, a
    voice ran « …avant vous Attente estimée… » together as one."""
    page.add_init_script(FAKE_VOICE)
    open_kiosk(page, live_server)
    ticket = take_ticket(page)
    said = page.locator("#announcer").text_content()
    sentences = [part.strip() for part in re.split(r"(?<=[.!?])\s+", said)]
    assert sentences[0] == f"Votre numéro est {ticket['number']}."
    assert sentences[1] == "RSA."
    assert re.fullmatch(r"(Personne|\d+ personnes?) avant vous\.", sentences[2]), said
    assert re.fullmatch(r"Attente estimée\u202f: [^.]+\.", sentences[3]), said
    page.get_by_role("button", name="Lire à voix haute").click()
    assert page.evaluate("window.__spoken") == [said]
    page.get_by_role("button", name="Terminé").click()
    page.click('[data-language="ar"]')
    take_ticket(page)
    said = page.locator("#announcer").text_content()
    assert re.search(r"قبلك\. الانتظار", said), said  # "before you. The wait…"
    assert said.endswith(".")


def test_read_aloud_is_offered_only_with_a_voice_of_the_visitors_language(live_server, page):
    """A kiosk PC without a voice for the language (none at all, or no Arabic one) showed
    « Lire à voix haute » all the same: the visitor who needs it pressed, and heard nothing."""
    page.add_init_script(FAKE_VOICE)  # a French voice only
    open_kiosk(page, live_server)
    take_ticket(page)
    read_aloud = page.get_by_role("button", name="Lire à voix haute")
    expect(read_aloud).to_be_visible()
    page.get_by_role("button", name="Terminé").click()
    page.click('[data-language="ar"]')
    take_ticket(page)
    expect(page.locator(".ticket-number")).to_be_visible()
    expect(page.locator(".ticket-leave button.secondary")).to_have_count(0)
    # The voices of the machine arrive late (Chromium lists them after a moment): the button
    # comes as soon as an Arabic one is there.
    page.evaluate(
        """() => { window.__voices.push({ lang: "ar-SA", name: "صوت" });
                   speechSynthesis.dispatchEvent(new Event("voiceschanged")); }"""
    )
    expect(page.get_by_role("button", name="اقرأ بصوت عالٍ")).to_be_visible()


def test_the_qr_code_on_the_ticket_decodes_to_the_tracking_url(live_server, page):
    import zxingcpp
    from PIL import Image

    open_kiosk(page, live_server)
    ticket = take_ticket(page)
    qr = page.locator("img[data-tracking-url]")
    assert qr.get_attribute("data-tracking-url") == ticket["tracking_url"]
    page.wait_for_function(
        "() => document.querySelector('img[data-tracking-url]').naturalWidth > 0"
    )
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())).convert("RGB"))
    assert [code.text for code in decoded] == [ticket["tracking_url"]]


def test_a_double_tap_gives_exactly_one_ticket(live_server, page):
    open_kiosk(page, live_server)
    before = waiting_count(live_server)
    page.click('[data-theme="budget"]')
    page.dblclick('[data-service="impots-declaration"]')
    expect(page.locator(".ticket-number")).to_have_text(NUMBER)
    assert waiting_count(live_server) == before + 1


def test_the_idle_timeout_warns_can_be_extended_then_returns_home(live_server, page):
    # First a warning long enough for the accessibility audit on a loaded machine...
    open_kiosk(page, live_server, "?idle=2&warning=12")
    page.click('[data-language="es"]')
    page.click('[data-theme="justice"]')
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=5000)
    expect(dialog).to_contain_text("Vuelta al inicio en")
    assert_accessible(page)
    page.get_by_role("button", name="Sigo aquí").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("h1")).to_have_text("¿Para qué trámite?")
    # ...then short timings, so that the return home after an extension is not a 14 s wait.
    open_kiosk(page, live_server, "?idle=2&warning=4")
    page.click('[data-language="es"]')
    page.click('[data-theme="justice"]')
    expect(dialog).to_be_visible(timeout=5000)
    page.get_by_role("button", name="Sigo aquí").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("h1")).to_have_text("¿Para qué trámite?")
    expect(dialog).to_be_visible(timeout=10000)  # the timer runs again after the extension
    expect(page.locator("h1")).to_have_text("Que venez-vous faire ?", timeout=30000)
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_visitor_with_an_appointment_checks_in_with_the_code(live_server, page):
    open_kiosk(page, live_server)
    page.click('[data-choice="appointment"]')
    assert_accessible(page)
    for digit in "0000":
        page.get_by_role("button", name=digit, exact=True).click()
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("alert")).to_contain_text("Nous ne trouvons pas ce rendez-vous")
    assert_accessible(page)
    page.get_by_role("button", name="Effacer").click()
    page.fill("#code", "1234")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".ticket-card")).to_contain_text("Rendez-vous à 9 h 30")
    assert_accessible(page)
    page.get_by_role("button", name="Terminé").click()
    page.click('[data-choice="appointment"]')
    page.fill("#code", "1234")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("h1")).to_contain_text("Vous êtes déjà enregistré(e)")
    assert_accessible(page)


def test_the_appointment_time_reads_left_to_right_in_arabic_on_the_kiosk_and_the_phone(
    live_server, page, new_page
):
    """« 10 h 30 » inside an Arabic sentence: left alone, the bidi algorithm drew « h 30 10 »."""
    from tests.browser.fit import drawn_left_to_right

    open_kiosk(page, live_server)
    page.click('[data-language="ar"]')
    page.click('[data-choice="appointment"]')
    page.fill("#code", "2345")  # the demo's 10:30 appointment
    page.locator('.code-form button[type="submit"]').click()
    expect(page.locator(".ticket-card .badge")).to_contain_text("30")
    assert drawn_left_to_right(page, ".ticket-card .badge", ["10", "h", "30"])
    tracking = page.locator("img[data-tracking-url]").get_attribute("data-tracking-url")
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(tracking)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator(".appointment")).to_contain_text("30")
    assert drawn_left_to_right(phone, ".appointment", ["10", "h", "30"])
    phone.select_option("#language", "fr")
    expect(phone.locator(".appointment")).to_have_text("Rendez-vous à 10 h 30")


def test_a_visitor_without_a_code_is_sent_to_the_reception_desk(live_server, page):
    open_kiosk(page, live_server)
    page.click('[data-choice="appointment"]')
    page.get_by_role("button", name="Je n'ai pas de code").click()
    expect(page.locator("h1")).to_have_text("Je n'ai pas de code")
    expect(page.get_by_text("adressez-vous à l'accueil")).to_be_visible()
    expect(page.locator("[data-slot]")).to_have_count(0)  # no list of other people's times
    assert_accessible(page)


def book_late_appointment(server: LiveServer, code: str, minutes_ago: int) -> None:
    """An appointment that started `minutes_ago` minutes ago, written in the server's database."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from server import create_app
    from server.config import TestConfig
    from server.extensions import db
    from server.models import Appointment, Service, Site

    database = f"sqlite:///{server.workdir / 'accueil.db'}"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        starts = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        db.session.add(
            Appointment(
                site_id=db.session.scalar(select(Site.id)),
                service_id=db.session.scalar(select(Service.id).where(Service.code == "caf-rsa")),
                starts_at=starts,
                ends_at=starts + timedelta(minutes=30),
                checkin_code=code,
            )
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_a_late_visitor_checks_in_and_is_told_kindly_in_their_language(live_server, page):
    book_late_appointment(live_server, "RDV-8642", minutes_ago=40)  # the late rule: 15 min
    open_kiosk(page, live_server)
    page.click('[data-language="es"]')
    page.click('[data-choice="appointment"]')
    page.fill("#code", "8642")
    with page.expect_response(lambda r: r.url.endswith("/appointments/check-in")) as answer:
        page.locator('.code-form button[type="submit"]').click()
    assert answer.value.json()["late"] is True
    late = page.locator(".appointment-late")
    expect(late).to_have_text(
        "Ha llegado después de la hora de su cita. No pasa nada: le atenderemos lo antes posible."
    )
    expect(page.locator(".ticket-card")).not_to_contain_text("Le llamaremos")
    assert_accessible(page)


def test_coming_to_read_gives_a_welcome_and_no_ticket(live_server, page):
    open_kiosk(page, live_server)
    before = waiting_count(live_server)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/presences")) as answer:
        page.click('[data-choice="reading"]')
    assert answer.value.status == 201
    expect(page.locator("h1")).to_have_text("Bienvenue !")
    assert_accessible(page)
    assert waiting_count(live_server) == before


def test_every_kiosk_screen_passes_the_accessibility_audit_in_every_language(live_server, page):
    open_kiosk(page, live_server)
    expect(page.locator('button[data-choice="idea"]')).to_be_visible()  # the idea wall is open
    for language in ("fr", "falc", "bg", "tr", "ar", "es", "pt", "en"):
        page.click(f'[data-language="{language}"]')
        assert_accessible(page)
    page.click('[data-language="ar"]')
    page.click('[data-theme="logement"]')
    assert_accessible(page)
    page.click(".toggle")
    expect(page.locator(".toggle")).to_have_attribute("aria-pressed", "true")
    page.click('[data-service="carte-grise"]')
    expect(page.locator(".ticket-number")).to_have_text(NUMBER)
    assert_accessible(page)


def test_when_a_ticket_cannot_be_issued_the_kiosk_says_so_and_shows_no_number(live_server, page):
    open_kiosk(page, live_server)
    page.route("**/api/v1/tickets", lambda route: route.abort())
    page.click('[data-theme="emploi"]')
    page.click('[data-service="emploi-cv"]')
    expect(page.locator("h1")).to_have_text(
        "Service momentanément indisponible, adressez-vous à l'accueil."
    )
    assert page.locator(".ticket-number").count() == 0
    assert_accessible(page)


def test_the_kiosk_fits_a_200_percent_zoom_without_sideways_scrolling(live_server, new_page):
    page = new_page(viewport={"width": 640, "height": 400})  # 1280×800 at 200 %
    open_kiosk(page, live_server)
    take_ticket(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
