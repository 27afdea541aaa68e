"""Text typed by the public, kept as text: no control characters, no direction tricks.

Whatever a visitor types may reach a web page, the waiting-room screen or a thermal printer.
Markup is escaped where it is shown (Jinja, textContent); here we remove what no screen should
ever receive: C0/C1 control characters (ESC and GS would be executed by an ESC/POS printer) and
the invisible bidirectional overrides that can reverse a line. Joiners that Arabic needs stay.
"""

from __future__ import annotations

import re
import unicodedata

_KEPT_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}  # ZWNJ, ZWJ, LRM, RLM
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Eight digits or more, spaced or dotted the way phone numbers are written; an e-mail address.
_PHONE = re.compile(r"(?:\+|\b)(?:\d[\s.\-]?){8,}\d")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")


def _allowed(char: str, multiline: bool) -> str:
    if char == "\n":
        return "\n" if multiline else " "
    if char == "\t":
        return " "
    category = unicodedata.category(char)
    if category == "Cc" or category in ("Cs", "Co", "Cn"):
        return ""
    if category == "Cf" and char not in _KEPT_FORMAT:
        return ""
    if category in ("Zl", "Zp"):
        return "\n" if multiline else " "
    return char


def plain_text(raw: str, *, multiline: bool = False) -> str:
    """The text as a person meant it: composed, without control or override characters."""
    text = unicodedata.normalize("NFC", (raw or "").replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = "".join(_allowed(char, multiline) for char in text)
    lines = [_SPACES.sub(" ", line).strip() for line in cleaned.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def looks_personal(text: str) -> str | None:
    """'phone' or 'email' when the text seems to hold a phone number or an address, else None."""
    if _PHONE.search(text):
        return "phone"
    if _EMAIL.search(text):
        return "email"
    return None
