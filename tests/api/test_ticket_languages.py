"""The printed ticket speaks the visitor's language: Turkish in CP857, Bulgarian in CP866, French
in CP1252; Arabic, which these printers cannot write, prints in French and the kiosk says so.
Each ticket goes to the printer emulator over TCP and is read back as the printer would print it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from printers.emulator import PrinterEmulator
from printers.model import EPSON_SLOTS
from server.printing_runtime import printing_runtime


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Iterator[Any]:
    app = make_app(PRINT_WAIT_SECONDS=2.0, PRINTER_POLL_SECONDS=0.2)
    yield app
    printing_runtime(app).stop()


@pytest.fixture
def printer(agent_client: Any) -> Iterator[PrinterEmulator]:
    emulator = PrinterEmulator(port=0, mode="ready").start()  # type: ignore[arg-type]
    body = {
        "name": "entree",
        "url": f"tcp://127.0.0.1:{emulator.port}?timeout=0.5",
        "location": "borne-1",
    }
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201
    assert agent_client.post("/api/v1/peak", json={"on": True}).status_code == 200
    yield emulator
    emulator.stop()


def printed(client: Any, printer: PrinterEmulator, language: str) -> tuple[dict[str, Any], Any]:
    before = len(printer.jobs)
    response = client.post(
        "/api/v1/tickets",
        json={"service": "impots-declaration", "language": language},
        headers={"X-Accueil-Kiosk": "borne-1"},
    )
    assert response.status_code == 201, response.json
    assert response.json["printed"] is True, response.json
    assert printer.wait_for_jobs(before + 1, timeout=3)
    return response.json, printer.jobs[before]


def test_a_french_ticket_prints_in_cp1252_as_before_with_the_idea_wall(client, printer):
    ticket, job = printed(client, printer, "fr")
    assert job.codepage_slot == EPSON_SLOTS["cp1252"]
    assert "Personne avant vous" in job.text  # the kiosk's words
    assert "Suivez votre tour sur votre téléphone" in job.text
    assert "Déclaration de revenus" in job.text
    assert "Une idée ? http://localhost/idees" in job.text
    assert ticket["printed_language"] == "fr"


def test_an_easy_to_read_ticket_prints_the_falc_words(client, printer):
    ticket, job = printed(client, printer, "falc")
    assert job.codepage_slot == EPSON_SLOTS["cp1252"]
    assert "Personne n'attend avant vous" in job.text  # FALC, not "Personne avant vous"
    assert "Personne avant vous" not in job.text
    assert "Suivez votre tour sur votre téléphone" in job.text
    assert "Déclaration de revenus" in job.text
    assert ticket["printed_language"] == "falc"


def test_a_turkish_ticket_prints_turkish_letters_in_cp857(client, printer):
    ticket, job = printed(client, printer, "tr")
    assert job.codepage_slot == EPSON_SLOTS["cp857"]
    assert "Önünüzde kimse yok" in job.text
    assert "Sıranızı telefonunuzdan takip edin" in job.text  # ı, ğ, ş read back right
    assert "Déclaration de revenus" in job.text  # the procedure's name stays French (é is in CP857)
    assert "?" not in job.text.replace("Une idée ?", "")
    assert ticket["printed_language"] == "tr"


def test_a_bulgarian_ticket_prints_cyrillic_in_cp866_and_accents_lose_only_their_mark(
    client, printer
):
    ticket, job = printed(client, printer, "bg")
    assert job.codepage_slot == EPSON_SLOTS["cp866"]
    assert "Следете реда си на телефона" in job.text or "телефон" in job.text
    assert "Declaration de revenus" in job.text  # CP866 has no é: the bare letter, not "?"
    assert job.qr_payloads == [ticket["tracking_url"]]
    assert "?" not in job.text.replace("Une idee ?", "")


def test_an_arabic_ticket_draws_its_sentences_shaped_right_to_left_and_keeps_number_and_qr(
    client, printer
):
    from PIL import ImageFont

    from kiosk.i18n import catalogue
    from printers import text_image

    ticket, job = printed(client, printer, "ar")
    assert ticket["printed_language"] == "ar"
    assert job.codepage_slot == EPSON_SLOTS["cp1252"]  # the French parts: site and procedure
    assert ticket["number"] in job.large_text  # the number is the printer's own text
    assert job.qr_payloads == [ticket["tracking_url"]]
    texts = catalogue("ar")
    expected = [texts["ticket.ahead_none"], texts["ticket.qr_heading"], texts["ticket.qr_hint"]]
    drawn = [text_image.raster(text_image.draw_lines(text, 576)) for text in expected]
    printed_images = [
        b"\x1dv0\x00" + w.to_bytes(2, "little") + h.to_bytes(2, "little") + bits
        for w, h, bits in job.raster_images
    ]
    for image in drawn:
        assert image in printed_images  # exactly the shaped sentence, dot for dot
    # Shaped: joined letters, right to left — not the isolated letters a basic layout draws.
    font = ImageFont.truetype(
        text_image._font_path(), text_image.FONT_SIZE, layout_engine=ImageFont.Layout.BASIC
    )
    assert bytes(font.getmask(expected[1])) != bytes(
        text_image._font().getmask(expected[1], direction="rtl")
    )
    assert all(any(bits) for _, _, bits in job.raster_images)  # none blank
    assert all(w * 8 <= 576 for w, _, _ in job.raster_images)  # all fit the paper
    assert "?" not in job.text.replace("Une idée ?", "")


def test_without_a_font_or_layout_engine_an_arabic_ticket_prints_in_french_and_says_so(
    client, printer, monkeypatch
):
    from server.services import ticket_words

    monkeypatch.setattr(ticket_words, "_drawable", lambda texts: False)
    ticket, job = printed(client, printer, "ar")
    assert ticket["printed_language"] == "fr"
    assert job.images == 0
    assert "Personne avant vous" in job.text  # the kiosk's words
    assert "Ticket en français : l'imprimante n'écrit pas la langue choisie." in " ".join(job.lines)
    assert "?" not in job.text.replace("Une idée ?", "")


def test_a_checklist_prints_in_the_visitors_language_where_the_team_translated_it() -> None:
    """Turkish: the translated steps and the headings in CP857; the agent's own line and an
    untranslated step stay French. Arabic has no code page: the French sheet, as before."""
    from types import SimpleNamespace

    from printers.decode import decode_escpos
    from printers.model import PrinterProfile
    from printers.render import render_checklist
    from server.models import Checklist
    from server.services.printing import checklist_printout

    checklist = Checklist(
        title="Demande de RSA",
        title_translations={"tr": "RSA başvurusu"},
        items=[
            {
                "text": "Créer un compte sur caf.fr",
                "kind": "step",
                "translations": {"tr": "caf.fr üzerinde hesap açın", "ar": "أنشئ حسابًا"},
            },
            {
                "text": "Avis d'imposition",
                "kind": "document",
                "translations": {"tr": "Vergi bildirimi"},
            },
            {"text": "Revenir mardi matin", "kind": "step"},
        ],
        note="Apportez le bail.",
        language="tr",
    )
    site = SimpleNamespace(name="France Services Castelsarrasin")
    url = "http://localhost/c/abc"
    decoded = decode_escpos(
        render_checklist(checklist_printout(site, checklist, url), PrinterProfile())
    )
    text = "\n".join(decoded.lines)
    assert decoded.codepage_slot == EPSON_SLOTS["cp857"]
    for words in (
        "RSA başvurusu",
        "Adım:",
        "1. caf.fr üzerinde hesap açın",
        "Getirilecek belge:",
        "- Vergi bildirimi",
        "2. Revenir mardi matin",
        "Danışmanınızın notu: Apportez le bail.",
    ):
        assert words in text, words
    assert "Étapes" not in text
    checklist.language = "ar"
    french = decode_escpos(
        render_checklist(checklist_printout(site, checklist, url), PrinterProfile())
    )
    assert "Étapes :" in "\n".join(french.lines) and "1. Créer un compte sur caf.fr" in french.lines
