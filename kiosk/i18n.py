"""Translation catalogues: gettext files kiosk/translations/<locale>/LC_MESSAGES/messages.po, kept
with `make i18n-extract i18n-update i18n-compile` (pybabel). Message ids are keys
("kiosk.question"), French (the `fr` catalogue) fills every gap, plurals follow CLDR rules."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from babel.messages.mofile import read_mo
from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
DEFAULT = "fr"
# CLDR's plural categories, in the order Babel numbers a catalogue's plural forms.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Text = str | dict[str, str]  # a plural's forms by CLDR category, for Intl.PluralRules


class Language(NamedTuple):
    code: str
    name: str  # in the language itself, so a visitor recognises their own
    html_lang: str  # FALC is French: screen readers must read it as French
    direction: str
    locale: str  # the gettext/CLDR locale of its catalogue (FALC is French with a modifier)


LANGUAGES: tuple[Language, ...] = (
    Language("fr", "Français", "fr", "ltr", "fr"),
    Language("falc", "Facile à lire", "fr", "ltr", "fr@falc"),
    Language("bg", "Български", "bg", "ltr", "bg"),
    Language("tr", "Türkçe", "tr", "ltr", "tr"),
    Language("ar", "العربية", "ar", "rtl", "ar"),
    Language("es", "Español", "es", "ltr", "es"),
    Language("pt", "Português", "pt", "ltr", "pt"),
    Language("en", "English", "en", "ltr", "en"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
# Each language's CLDR plural categories, written out: asking Babel loads the language's whole
# CLDR locale, about 7 MB of memory for the kiosk's first page (issue 15).
# tests/unit/test_french_words.py keeps them equal to Babel's.
PLURALS = {
    "fr": ("one", "many", "other"),
    "falc": ("one", "many", "other"),
    "bg": ("one", "other"),
    "tr": ("one", "other"),
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "es": ("one", "many", "other"),
    "pt": ("one", "many", "other"),
    "en": ("one", "other"),
}
BY_LOCALE = {language.locale: language for language in LANGUAGES}


def language(code: str | None) -> Language:
    return BY_CODE.get(code or DEFAULT, BY_CODE[DEFAULT])


def catalogue_file(code: str, suffix: str = "mo") -> Path:
    return TRANSLATIONS / language(code).locale / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def plural_categories(code: str) -> tuple[str, ...]:
    """The CLDR categories of a language, in the order of its catalogue's msgstr[n]."""
    return PLURALS[language(code).code]


@cache
def translations(code: str) -> NullTranslations:
    """A language's compiled catalogue (gettext, ngettext), French where it has no translation."""
    with catalogue_file(code).open("rb") as compiled:
        own = Translations(compiled, domain=DOMAIN)
    # pybabel compiles an untranslated plural as its msgid (the key): French must answer instead.
    for msgid in [msgid for msgid, text in own._catalog.items() if _untranslated(msgid, text)]:
        del own._catalog[msgid]
    if code != DEFAULT:
        own.add_fallback(translations(DEFAULT))
    return own


def _untranslated(msgid: object, text: str) -> bool:
    return isinstance(msgid, tuple) and text == msgid[0]


@cache
def raw_catalogue(code: str) -> dict[str, Text]:
    """One language's own texts, exactly as translated (the coverage report reads these)."""
    with catalogue_file(code).open("rb") as compiled:
        compiled_catalogue = read_mo(compiled)
    categories = plural_categories(code)
    texts: dict[str, Text] = {}
    for message in compiled_catalogue:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple | list):
            forms = list(message.string)
            if all(form and form != message.id[0] for form in forms):
                texts[message.id[0]] = dict(zip(categories, forms, strict=True))
        elif message.string:
            texts[message.id] = message.string
    return texts


@cache
def catalogue(code: str) -> dict[str, Text]:
    """A language's texts with French wherever a translation is missing."""
    return {**raw_catalogue(DEFAULT), **raw_catalogue(code)}


def catalogues(prefixes: tuple[str, ...] = ()) -> dict[str, dict[str, Text]]:
    """Every language's texts (optionally only keys with these prefixes), for one page."""
    return {
        code: {
            key: text
            for key, text in catalogue(code).items()
            if not prefixes or key.startswith(prefixes)
        }
        for code in BY_CODE
    }


def translate(code: str, key: str) -> str:
    return str(translations(code).gettext(key))


def translate_plural(code: str, key: str, count: int) -> str:
    """A plural in `code`'s CLDR category for `count`, its {count} filled in."""
    return str(translations(code).ngettext(key, key, count)).replace("{count}", str(count))


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
