"""Rendered tickets and checklists, read back through the decoder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
import qrcode.constants
from hypothesis import given
from hypothesis import strategies as st

from printers.decode import decode_escpos
from printers.model import ChecklistPrintout, PrinterProfile, TicketPrintout
from printers.render import french_date_time, render_checklist, render_ticket

PARIS = ZoneInfo("Europe/Paris")

MakeTicket = Callable[..., TicketPrintout]


def test_a_ticket_starts_with_initialize_then_selects_the_configured_code_page(
    make_ticket: MakeTicket,
) -> None:
    data = render_ticket(make_ticket(), PrinterProfile(codepage_slot=19))

    assert data.startswith(b"\x1b@\x1bt\x13")
    decoded = decode_escpos(data)
    assert decoded.commands[:2] == ["initialize", "codepage"]
    assert decoded.codepage_slot == 19
    assert decoded.commands.count("codepage") == 1


def test_accents_and_euro_sign_survive_the_round_trip(make_ticket: MakeTicket) -> None:
    ticket = make_ticket(
        site_name="Maison de l'État", service_label="Sécurité sociale", footer="Café offert : 0 €"
    )

    decoded = decode_escpos(render_ticket(ticket, PrinterProfile()))

    assert "Maison de l'État" in decoded.lines
    assert "Sécurité sociale" in decoded.lines
    assert "Café offert : 0 €" in decoded.lines
    assert "Suivez votre tour sur votre téléphone" in decoded.lines


def test_ticket_shows_number_big_date_in_french_and_the_people_ahead(
    make_ticket: MakeTicket,
) -> None:
    decoded = decode_escpos(render_ticket(make_ticket(), PrinterProfile()))

    assert decoded.large_text == ["A-042"]
    # The number is the biggest thing on the ticket: 8 times the normal height (about 24 mm).
    assert decoded.text_scale["A-042"] == 8
    assert "lundi 30 novembre 2026 à 14:05" in decoded.lines
    assert "3 personnes avant vous" in decoded.lines  # the kiosk's words
    assert "Attente estimée : 10 à 20 min" in decoded.lines
    assert decoded.cut


def test_native_qr_code_carries_the_tracking_url(make_ticket: MakeTicket) -> None:
    ticket = make_ticket()

    decoded = decode_escpos(render_ticket(ticket, PrinterProfile(qr_mode="native")))

    assert decoded.qr_payloads == [ticket.tracking_url]
    assert decoded.images == 0


def test_ticket_with_native_qr_stays_under_600_bytes(make_ticket: MakeTicket) -> None:
    data = render_ticket(make_ticket(), PrinterProfile(qr_mode="native"))

    print(f"ticket with native QR: {len(data)} bytes")
    assert len(data) < 600


def test_image_mode_sends_one_raster_image_instead_of_the_native_command(
    make_ticket: MakeTicket,
) -> None:
    data = render_ticket(make_ticket(), PrinterProfile(qr_mode="image"))

    decoded = decode_escpos(data)
    print(f"ticket with raster QR: {len(data)} bytes")
    assert decoded.images == 1
    assert decoded.qr_payloads == []
    assert "Suivez votre tour sur votre téléphone" in decoded.lines
    assert decoded.cut


def test_wait_is_omitted_without_estimate_and_printed_as_the_server_announced_it(
    make_ticket: MakeTicket,
) -> None:
    unknown = decode_escpos(render_ticket(make_ticket(wait_text=None), PrinterProfile()))
    ranged = decode_escpos(render_ticket(make_ticket(wait_text="10 à 20 min"), PrinterProfile()))

    assert not any(line.startswith("Attente estimée") for line in unknown.lines)
    assert "Attente estimée : 10 à 20 min" in ranged.lines


def test_characters_outside_cp1252_become_question_marks_instead_of_crashing(
    make_ticket: MakeTicket,
) -> None:
    decoded = decode_escpos(
        render_ticket(make_ticket(service_label="Ελληνικά ✓"), PrinterProfile())
    )

    assert "???????? ?" in decoded.lines


def test_control_characters_in_labels_cannot_inject_printer_commands(
    make_ticket: MakeTicket,
) -> None:
    decoded = decode_escpos(
        render_ticket(make_ticket(service_label="CAF\x1bt\x05\x1dV\x00"), PrinterProfile())
    )

    assert decoded.codepage_slot == 16
    assert decoded.commands.count("cut") == 1


def test_narrow_paper_wraps_long_lines_to_32_columns(make_ticket: MakeTicket) -> None:
    profile = PrinterProfile(paper_width_mm=58)
    long_footer = "Installez-vous au café, un agent vous appellera dès que possible, merci."

    decoded = decode_escpos(render_ticket(make_ticket(footer=long_footer), profile))

    assert profile.columns == 32
    assert all(len(line) <= 32 for line in decoded.lines if "[QR]" not in line)


def test_first_of_the_month_is_written_1er() -> None:
    assert french_date_time(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)) == (
        "mardi 1er décembre 2026 à 09:00"
    )


def test_checklist_lists_steps_documents_contact_and_qr() -> None:
    checklist = ChecklistPrintout(
        title="Carte d'identité",
        steps=["Faire la pré-demande sur ants.gouv.fr", "Prendre rendez-vous en mairie"],
        documents=["Justificatif de domicile de moins de 3 mois", "Photo d'identité"],
        contact="France Services, 05 63 00 00 00",
        when="Mardi matin, de 9 h à 12 h",
        tracking_url="https://accueil.castelsarrasin.fr/c/cni",
    )

    decoded = decode_escpos(render_checklist(checklist, PrinterProfile()))

    assert decoded.commands[:2] == ["initialize", "codepage"]
    assert "1. Faire la pré-demande sur ants.gouv.fr" in decoded.lines
    assert "- Photo d'identité" in decoded.lines
    assert "Documents à apporter :" in decoded.lines
    assert "Contact : France Services, 05 63 00 00 00" in decoded.lines
    assert decoded.qr_payloads == ["https://accueil.castelsarrasin.fr/c/cni"]
    assert decoded.cut


@given(st.text(max_size=80))
def test_any_label_renders_and_decodes_with_a_single_code_page(label: str) -> None:
    ticket = TicketPrintout(
        site_name=label,
        service_label=label,
        number="B-7",
        issued_at=datetime(2026, 3, 2, 8, 30, tzinfo=PARIS),
        people_ahead=0,
        wait_text=None,
        tracking_url="https://accueil.castelsarrasin.fr/t/x",
    )

    decoded = decode_escpos(render_ticket(ticket, PrinterProfile()))

    assert decoded.commands.count("codepage") == 1
    assert decoded.qr_payloads == ["https://accueil.castelsarrasin.fr/t/x"]
    assert decoded.commands[-1] == "cut"


def test_raster_qr_dots_match_the_qr_matrix_of_the_tracking_url(make_ticket: MakeTicket) -> None:
    ticket = make_ticket()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(ticket.tracking_url)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()

    decoded = decode_escpos(render_ticket(ticket, PrinterProfile(qr_mode="image")))
    width_bytes, height_dots, pixels = decoded.raster_images[0]
    scale = height_dots // len(matrix)

    def dot(x: int, y: int) -> bool:
        return bool(pixels[y * width_bytes + x // 8] & (0x80 >> (x % 8)))

    sampled = [[dot(x * scale, y * scale) for x in range(len(matrix))] for y in range(len(matrix))]
    assert sampled == matrix


def test_the_ticket_says_where_the_visitor_stands_and_the_wait_in_the_kiosks_words(
    make_ticket: MakeTicket,
) -> None:
    from kiosk.i18n import translate, translate_plural

    for ahead in (0, 1, 4):
        decoded = decode_escpos(render_ticket(make_ticket(people_ahead=ahead), PrinterProfile()))
        said = translate_plural("fr", "ticket.ahead", ahead)
        if ahead == 0:
            said = translate("fr", "ticket.ahead_none")
        assert said in decoded.lines
        assert translate("fr", "ticket.wait").format(wait="10 à 20 min") in decoded.lines
