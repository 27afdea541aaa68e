"""Translation catalogues (kiosk/translations/<lang>.json): loaded once, French fills the gaps."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT = "fr"


class Language(NamedTuple):
    code: str
    name: str  # in the language itself, so a visitor recognises their own
    html_lang: str  # FALC is French: screen readers must read it as French
    direction: str


LANGUAGES: tuple[Language, ...] = (
    Language("fr", "Français", "fr", "ltr"),
    Language("falc", "Facile à lire", "fr", "ltr"),
    Language("bg", "Български", "bg", "ltr"),
    Language("tr", "Türkçe", "tr", "ltr"),
    Language("ar", "العربية", "ar", "rtl"),
    Language("es", "Español", "es", "ltr"),
    Language("pt", "Português", "pt", "ltr"),
    Language("en", "English", "en", "ltr"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str | None) -> Language:
    return BY_CODE.get(code or DEFAULT, BY_CODE[DEFAULT])


@cache
def raw_catalogue(code: str) -> dict[str, str]:
    """One language's own texts, exactly as translated (the coverage test reads these)."""
    return dict(json.loads((TRANSLATIONS / f"{code}.json").read_text(encoding="utf-8")))


@cache
def catalogue(code: str) -> dict[str, str]:
    """A language's texts with French wherever a translation is missing."""
    return {**raw_catalogue(DEFAULT), **raw_catalogue(code)}


def catalogues(prefixes: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """Every language's texts (optionally only keys with these prefixes), for one page."""
    return {
        code: {
            key: text
            for key, text in catalogue(code).items()
            if not prefixes or key.startswith(prefixes)
        }
        for code in BY_CODE
    }


def languages_for_page() -> list[dict[str, str]]:
    return [language._asdict() for language in LANGUAGES]


NARROW_NBSP = "\u202f"
FRENCH = {"fr", "falc"}
CODE = re.compile(r"\b([A-Z]{2,4})-(\d)")
BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]+([?!:;»])")
UNIT = re.compile(r"(\d) (min|h|s)(?!\w)")


def typeset(text: str, lang: str = DEFAULT) -> str:
    """French typography, as static/common/i18n.js does it in the browser: a narrow no-break
    space before ? ! : ; and a non-breaking hyphen in codes ("RDV-1234" is never cut)."""
    result = UNIT.sub("\\1\u00a0\\2", CODE.sub("\\1\u2011\\2", text))
    if lang in FRENCH:
        result = BEFORE_PUNCTUATION.sub(f"{NARROW_NBSP}\\1", result)
        result = result.replace("« ", f"«{NARROW_NBSP}")
    return result
