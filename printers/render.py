"""Turn printouts into ESC/POS bytes: pure functions, one fresh buffer per printout, one code page
per printout (CP1252 for French, CP857 Turkish, CP866 Cyrillic)."""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import datetime

from babel.dates import format_date

from printers.model import ChecklistPrintout, PrinterProfile, TicketPrintout, TicketWords

ESC = b"\x1b"
GS = b"\x1d"
LF = b"\n"

INITIALIZE = ESC + b"@"
ALIGN_LEFT = ESC + b"a\x00"
ALIGN_CENTER = ESC + b"a\x01"
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
SIZE_NORMAL = GS + b"!\x00"
SIZE_DOUBLE = GS + b"!\x11"
SIZE_QUADRUPLE = GS + b"!\x33"
# GS ! n: width multiplier in the high nibble, height in the low one (1 to 8 each). The
# number at 8x8 is about 24 mm high on 80 mm paper (6 characters fit across 576 dots).
SIZE_NUMBER = GS + b"!\x77"
NUMBER_SCALE = 8
PARTIAL_CUT = GS + b"V\x01"

QR_MODULE_SIZE = 6
QR_IMAGE_MODULE_DOTS = 6
FEED_LINES_BEFORE_CUT = 4


# French typography likes (narrow) no-break spaces; many printers draw 0xA0 as a box.
_TYPOGRAPHY = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2011": "-", "\u2009": " "})


def select_codepage(slot: int) -> bytes:
    """ESC t n: one explicit code page, so the printer never guesses."""
    return ESC + b"t" + bytes([slot])


# Punctuation some code pages lack, written the plain way.
_PLAIN = {
    "—": "-",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "…": "...",
    "€": "EUR",
    "œ": "oe",
    "Œ": "OE",
}


def _transliterated(char: str, codepage: str) -> bytes:
    """A letter the code page lacks, as its bare letter (é → e), else '?' — never garbage."""
    if char in _PLAIN:
        return _PLAIN[char].encode(codepage)
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        return base.encode(codepage) if base else b"?"
    except UnicodeEncodeError:
        return b"?"


def encode_text(text: str, codepage: str = "cp1252") -> bytes:
    """Encode text for the selected code page; never fails, never lets control bytes through."""
    composed = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    # A stray ESC or GS in a service label would otherwise be executed as a printer command.
    cleaned = "".join(" " if unicodedata.category(char) == "Cc" else char for char in composed)
    out = bytearray()
    for char in cleaned:
        try:
            out += char.encode(codepage)
        except UnicodeEncodeError:
            out += _transliterated(char, codepage)
    return bytes(out)


def french_date_time(moment: datetime) -> str:
    """Write a date the way a French reader expects, e.g. 'lundi 30 novembre 2026 à 14:05'."""
    day = "1er" if moment.day == 1 else str(moment.day)
    weekday = format_date(moment, "EEEE", locale="fr")
    month_year = format_date(moment, "MMMM y", locale="fr")
    return f"{weekday} {day} {month_year} à {moment:%H:%M}"


def ahead_sentence(count: int) -> str:
    """Where the visitor stands, in the kiosk's French words (ticket.ahead_none, ticket.ahead in
    the French catalogue: tests/unit/test_translations.py keeps them equal)."""
    if count <= 0:
        return "Personne avant vous"
    return "1 personne avant vous" if count == 1 else f"{count} personnes avant vous"


def wait_sentence(wait_text: str | None) -> str | None:
    """The server's announced wait, word for word (the same on every screen); nothing when
    there is no estimate, rather than a guess made here."""
    if not wait_text:
        return None
    return f"Attente estimée : {wait_text}"


def lines(text: str, width: int, codepage: str = "cp1252") -> bytes:
    """Wrap text to the paper width and encode it, one LF per printed line."""
    wrapped = textwrap.wrap(text, width=width) or [""]
    return b"".join(encode_text(line, codepage) + LF for line in wrapped)


def _qr_function(function: int, parameters: bytes) -> bytes:
    """GS ( k pL pH cn=49 fn parameters: one function of the native QR command."""
    body = bytes([49, function]) + parameters
    return GS + b"(k" + len(body).to_bytes(2, "little") + body


def native_qr(payload: str) -> bytes:
    """Native QR: model 2, module size 6, correction level M, then store and print."""
    data = payload.encode("utf-8")
    return (
        _qr_function(65, b"\x32\x00")  # model 2
        + _qr_function(67, bytes([QR_MODULE_SIZE]))
        + _qr_function(69, b"\x31")  # error correction M (~15 %)
        + _qr_function(80, b"\x30" + data)  # store in the symbol area
        + _qr_function(81, b"\x30")  # print the stored symbol
    )


def raster_qr(payload: str, max_width_dots: int) -> bytes:
    """QR as a GS v 0 raster image, for printers without the native QR command."""
    # qrcode (and the Pillow it imports) only here: megabytes a server without such a
    # printer never needs.
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    scale = max(1, min(QR_IMAGE_MODULE_DOTS, max_width_dots // len(matrix)))
    width_dots = len(matrix) * scale
    width_bytes = (width_dots + 7) // 8
    rows = bytearray()
    for module_row in matrix:
        row = bytearray(width_bytes)
        for x in range(width_dots):
            if module_row[x // scale]:
                row[x // 8] |= 0x80 >> (x % 8)
        rows += bytes(row) * scale
    height_dots = len(matrix) * scale
    header = GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + height_dots.to_bytes(2, "little")
    return header + bytes(rows)


def qr_block(payload: str, profile: PrinterProfile) -> bytes:
    """The QR code in the printer's preferred form, centred, on its own line."""
    if profile.qr_mode == "native":
        return ALIGN_CENTER + native_qr(payload) + LF
    return ALIGN_CENTER + raster_qr(payload, profile.dots_per_line) + LF


def finish() -> bytes:
    """Feed past the cutter and cut partially, so the ticket stays easy to tear off."""
    return ESC + b"d" + bytes([FEED_LINES_BEFORE_CUT]) + PARTIAL_CUT


def start(profile: PrinterProfile, codepage: str = "cp1252") -> list[bytes]:
    """Every job begins the same way: reset, the code page of its language, centred, bold."""
    return [INITIALIZE, select_codepage(profile.slot(codepage)), ALIGN_CENTER, BOLD_ON]


def french_words(printout: TicketPrintout) -> TicketWords:
    """The French ticket's sentences (the default, and the fallback of a script we cannot print)."""
    return TicketWords(
        ahead=ahead_sentence(printout.people_ahead),
        wait=wait_sentence(printout.wait_text),
        follow="Suivez votre tour sur votre téléphone",
        footer=printout.footer,
        issued=french_date_time(printout.issued_at),
    )


IMAGE = "image"  # a TicketWords code page: the sentences are drawn, not encoded


def render_ticket(printout: TicketPrintout, profile: PrinterProfile) -> bytes:
    """Render a visitor's queue ticket as a self-contained ESC/POS job, in the ticket's words:
    encoded in their code page, or drawn as images for a script no code page has (Arabic)."""
    columns = profile.columns
    words = printout.words or french_words(printout)
    drawn = words.codepage == IMAGE
    page = "cp1252" if drawn else words.codepage

    def say(text: str) -> bytes:
        if drawn:
            from printers.text_image import text_image

            return text_image(text, profile.dots_per_line, "rtl", words.language) + LF
        return lines(text, columns, page)

    parts = [
        *start(profile, page),
        lines(printout.site_name, columns, page),
        BOLD_OFF,
        lines(printout.service_label, columns, page),
        # The number: the biggest thing on the ticket, bold, 8 times the normal size.
        BOLD_ON,
        SIZE_NUMBER,
        lines(printout.number, columns // NUMBER_SCALE, page),
        SIZE_NORMAL,
        BOLD_OFF,
        lines(words.issued, columns, page),
        LF,
        say(words.ahead),
    ]
    if words.wait is not None:
        parts.append(say(words.wait))
    parts += [qr_block(printout.tracking_url, profile), say(words.follow), LF, say(words.footer)]
    if words.notice:
        parts.append(lines(words.notice, columns, page))
    if printout.ideas_url:
        parts.append(lines(f"Une idée ? {printout.ideas_url}", columns, page))
    parts.append(finish())
    return b"".join(parts)


def _numbered(items: list[str], columns: int, codepage: str = "cp1252") -> bytes:
    """Numbered steps with a hanging indent so wrapped lines stay under their number."""
    out = bytearray()
    for index, item in enumerate(items, start=1):
        prefix = f"{index}. "
        wrapped = textwrap.wrap(
            item, width=columns, initial_indent=prefix, subsequent_indent=" " * len(prefix)
        )
        out += b"".join(encode_text(line, codepage) + LF for line in wrapped or [prefix])
    return bytes(out)


def _bulleted(items: list[str], columns: int, codepage: str = "cp1252") -> bytes:
    """Bulleted list with a hanging indent."""
    out = bytearray()
    for item in items:
        wrapped = textwrap.wrap(item, width=columns, initial_indent="- ", subsequent_indent="  ")
        out += b"".join(encode_text(line, codepage) + LF for line in wrapped or ["-"])
    return bytes(out)


def render_checklist(printout: ChecklistPrintout, profile: PrinterProfile) -> bytes:
    """Render a take-away checklist: steps, documents to bring, contact and when, in the code
    page of its language."""
    columns, page, label = profile.columns, printout.codepage, printout.labels
    parts = [
        *start(profile, page),
        SIZE_DOUBLE,
        lines(printout.title, columns // 2, page),
        SIZE_NORMAL,
        BOLD_OFF,
        LF,
        ALIGN_LEFT,
    ]
    if printout.steps:
        parts += [BOLD_ON, lines(label.steps, columns, page), BOLD_OFF]
        parts += [_numbered(printout.steps, columns, page), LF]
    if printout.documents:
        parts += [
            BOLD_ON,
            lines(label.documents, columns, page),
            BOLD_OFF,
            _bulleted(printout.documents, columns, page),
            LF,
        ]
    if printout.contact:
        parts.append(lines(f"{label.contact} {printout.contact}", columns, page))
    if printout.when:
        parts.append(lines(f"{label.when} {printout.when}", columns, page))
    if printout.tracking_url is not None:
        parts += [LF, qr_block(printout.tracking_url, profile)]
    parts.append(finish())
    return b"".join(parts)
