"""The printed ticket and checklist in the visitor's language: the kiosk's own translations,
printed in the code page of the language's script. A script the printers cannot print gets the
French ticket, which says so — never question marks in place of letters — unless it can be drawn
(Arabic, as an image)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kiosk.i18n import Text, catalogue, translate, translate_plural
from printers.model import ChecklistLabels, ChecklistPrintout, TicketPrintout, TicketWords
from printers.render import french_words

# Which code page prints each language's script; "image": none has it, the sentences are drawn.
CODEPAGES: dict[str, str] = {
    "fr": "cp1252",
    "falc": "cp1252",
    "es": "cp1252",
    "pt": "cp1252",
    "en": "cp1252",
    "tr": "cp857",
    "bg": "cp866",
    "ar": "image",  # drawn, shaped right to left, when the server can (else French)
}
FRENCH_NOTICE = "Ticket en français : l'imprimante n'écrit pas la langue choisie."


def _filled(template: str, params: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m.group(1), m.group(0))), template)


def printed_language(language: str | None) -> str:
    """The language the paper ticket is printed in: the visitor's, or French."""
    code = language or "fr"
    if CODEPAGES.get(code) == "image":
        return code if _drawable(catalogue(code)) else "fr"
    return code if CODEPAGES.get(code) else "fr"


def words_for(
    printout: TicketPrintout, language: str | None, wait: dict[str, Any] | None
) -> TicketWords | None:
    """The ticket's sentences in `language`; None keeps the French ticket as it always was."""
    code = language or "fr"
    if code == "fr" or code not in CODEPAGES:
        return None  # FALC has its own, simpler words: it goes on
    codepage = CODEPAGES[code]
    if codepage == "image" and not _drawable(catalogue(code)):
        return replace(french_words(printout), notice=FRENCH_NOTICE)
    count = printout.people_ahead
    ahead = (
        translate_plural(code, "ticket.ahead", count)
        if count
        else translate(code, "ticket.ahead_none")
    )
    sentence = None
    if wait and printout.wait_text:
        kind = wait.get("kind", "unknown")
        key = f"wait.{kind}" if kind in ("soon", "upto", "range") else "wait.unknown"
        sentence = _filled(
            translate(code, "ticket.wait"), {"wait": _filled(translate(code, key), wait)}
        )
    return TicketWords(
        ahead=ahead,
        wait=sentence,
        follow=translate(code, "ticket.qr_heading"),
        footer=translate(code, "ticket.qr_hint"),
        issued=f"{printout.issued_at:%d/%m/%Y %H:%M}",
        codepage=codepage,
        language=code,
    )


def _drawable(texts: dict[str, Text]) -> bool:
    """This server can draw the language's ticket sentences (layout engine and font)."""
    from printers.text_image import can_draw

    keys = ("ticket.ahead", "ticket.wait", "ticket.qr_heading", "ticket.qr_hint", "wait.range")
    sentences = [texts[key] for key in keys]
    return all(
        can_draw(form)
        for sentence in sentences
        for form in (sentence.values() if isinstance(sentence, dict) else [sentence])
    )


def checklist_in_language(
    language: str | None, view: dict[str, Any], site_name: str, url: str
) -> ChecklistPrintout | None:
    """The take-away checklist in the visitor's language (`view`: followup.visitor_view, French
    where the team did not translate); None keeps the French sheet — for French, and for a
    script the printer has no code page for (Arabic: its page, by the QR code, is in Arabic)."""
    code = language or "fr"
    codepage = CODEPAGES.get(code)
    if code == "fr" or codepage in (None, "image"):
        return None
    colon = " :" if code == "falc" else ":"

    def label(key: str) -> str:
        return f"{translate(code, key)}{colon}"

    def texts(*kinds: str) -> list[str]:
        return [entry["text"] for entry in view["entries"] if entry["kind"] in kinds]

    steps = texts("step", "link")
    if view["note"]:
        steps.append(f"{label('checklist.note')} {view['note']}")
    return ChecklistPrintout(
        title=view["title"],
        steps=steps,
        documents=texts("document"),
        contact=" ; ".join([*texts("contact"), site_name]),
        when=" ; ".join(texts("when")),
        tracking_url=url,
        labels=ChecklistLabels(
            steps=label("checklist.kind.step"),
            documents=label("checklist.kind.document"),
            contact=label("checklist.kind.contact"),
            when=label("checklist.kind.when"),
        ),
        codepage=codepage,
    )
