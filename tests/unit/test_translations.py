"""The gettext catalogues (kiosk/translations): French is whole, FALC is whole, every language
covers the path to a ticket, the compiled .mo files say what the .po files say, plurals follow
CLDR, and no screen asks for a text that French lacks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk import i18n
from kiosk.i18n import (
    BY_CODE,
    DEFAULT,
    catalogue,
    catalogue_file,
    plural_categories,
    translate,
    translate_plural,
)

ROOT = Path(__file__).resolve().parents[2]

# What a visitor reads on the way to a ticket, on the ticket, and when things go wrong.
CORE_KEYS = {
    "language.label",
    "common.back",
    "common.home",
    "kiosk.question",
    "kiosk.need_heading",
    "kiosk.appointment",
    "kiosk.reading",
    "kiosk.services_question",
    "kiosk.priority",
    "ticket.heading",
    "ticket.number_label",
    "ticket.ahead_none",
    "ticket.ahead",
    "ticket.wait",
    "ticket.qr_heading",
    "ticket.screen_is_ticket",
    "ticket.done",
    "closed.heading",
    "closed.next",
    "unavailable.heading",
    "idle.heading",
    "idle.countdown",
    "idle.extend",
    "phone.your_turn",
    "phone.go_to",
    "phone.coming_to_you",
    "phone.give_up",
    "phone.confirm_yes",
    "phone.confirm_no",
    *(f"theme.{code}" for code in ("emploi", "justice", "sante", "budget", "famille", "logement")),
}


def source(code: str) -> Catalog:
    with catalogue_file(code, "po").open("rb") as po:
        return read_po(po)


def translated(code: str) -> dict[str, str | tuple[str, ...]]:
    """A language's .po entries with every form filled in (an empty msgstr is untranslated)."""
    return {
        message.id[0] if isinstance(message.id, tuple) else message.id: message.string
        for message in source(code)
        if message.id
        and message.string
        and (isinstance(message.string, str) or all(message.string))
    }


def coverage(code: str) -> tuple[float, list[str]]:
    french, own = translated(DEFAULT), translated(code)
    missing = sorted(key for key in french if key not in own)
    return 1 - len(missing) / len(french), missing


def test_coverage_report_lists_what_each_language_lacks_french_and_falc_are_complete(capsys):
    rows = []
    for code in BY_CODE:
        share, missing = coverage(code)
        rows.append(
            f"{code:5} {share:7.1%}  {' '.join(missing[:8])}{' …' if len(missing) > 8 else ''}"
        )
    with capsys.disabled():
        print("\ntranslation coverage (missing keys)\n" + "\n".join(rows))
    assert coverage("fr") == (1.0, [])
    assert coverage("falc") == (1.0, [])


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_every_language_covers_the_core_kiosk_path(code):
    missing = sorted(CORE_KEYS - set(translated(code)))
    assert not missing, f"{code} lacks {missing}"


def _placeholders(text: str | tuple[str, ...]) -> set[str]:
    forms = [text] if isinstance(text, str) else list(text)
    return set().union(*(re.findall(r"\{\w+\}", form) for form in forms))


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_translations_keep_the_placeholders_and_add_no_unknown_keys(code):
    french = translated(DEFAULT)
    for key, text in translated(code).items():
        assert key in french, f"{code}: {key} is not a French key"
        if isinstance(text, str):
            assert _placeholders(text) == _placeholders(french[key]), (code, key)
        else:  # a plural may spell "one" out ("un seul"): no new placeholder, {count} somewhere
            assert _placeholders(text) <= _placeholders(french[key]), (code, key)


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_the_compiled_catalogue_is_the_po_file_compiled(code):
    """A .po edited without `make i18n-compile` fails here (the server reads the .mo)."""
    compiled = io.BytesIO()
    write_mo(compiled, source(code))
    assert catalogue_file(code).read_bytes() == compiled.getvalue(), "run make i18n-compile"


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_each_catalogue_has_one_plural_form_per_cldr_category(code):
    assert source(code).num_plurals == len(plural_categories(code))


def test_plurals_follow_the_cldr_category_of_the_count():
    # Arabic has six categories: 2 is "two", 3-10 "few", 11-99 "many", 100 "other".
    assert translate_plural("ar", "ticket.ahead", 2) == "شخصان قبلك"
    assert translate_plural("ar", "ticket.ahead", 3) == "3 أشخاص قبلك"
    assert translate_plural("ar", "ticket.ahead", 11) == "11 شخصًا قبلك"
    assert translate_plural("ar", "ticket.ahead", 103) == "103 أشخاص قبلك"  # 103 % 100 = 3: "few"
    assert translate_plural("bg", "ideas.remaining", 1) == "Остава 1 знак"
    assert translate_plural("bg", "ideas.remaining", 5) == "Остават 5 знака"
    assert translate_plural("fr", "ideas.remaining", 1) == "Encore 1 caractère possible"
    # The browser gets the same forms by category name, for Intl.PluralRules.
    assert catalogue("ar")["ticket.ahead"]["few"] == "{count} أشخاص قبلك"  # type: ignore[index]
    assert set(catalogue("tr")["ticket.ahead"]) == {"one", "other"}  # type: ignore[arg-type]


def test_a_missing_translation_falls_back_to_french(tmp_path, monkeypatch):
    for code, entries in (
        ("fr", {"a.b": "Bonjour", ("p.q", "p.q"): ("{count} j", "{count} de j", "{count} j")}),
        ("bg", {"c.d": "Здравей", ("p.q", "p.q"): ("", "")}),
    ):
        catalog = Catalog(locale=code)
        for msgid, text in entries.items():
            catalog.add(msgid, text)
        target = tmp_path / code / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.mo").open("wb") as mo:
            write_mo(mo, catalog)
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    for cached in (i18n.translations, i18n.raw_catalogue, i18n.catalogue):
        cached.cache_clear()
    try:
        assert i18n.translate("bg", "a.b") == "Bonjour"
        assert i18n.translate("bg", "c.d") == "Здравей"
        assert translate_plural("bg", "p.q", 5) == "5 j"  # not the key pybabel compiles it to
        assert catalogue("bg") == {
            "a.b": "Bonjour",
            "c.d": "Здравей",
            "p.q": catalogue("fr")["p.q"],
        }
    finally:
        for cached in (i18n.translations, i18n.raw_catalogue, i18n.catalogue):
            cached.cache_clear()


def test_every_text_a_screen_asks_for_exists_in_french():
    asked = set()
    for script in ROOT.glob("*/**/static/**/*.js"):
        if "vendor" not in script.parts:
            asked |= set(
                re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.-]+)["']""", script.read_text())
            )
    for template in ROOT.glob("*/**/templates/**/*.html"):
        asked |= set(
            re.findall(r"""\btn?\(\s*["']([a-z_]+\.[a-z_.-]+)["']\s*[,)]""", template.read_text())
        )
    assert len(asked) > 50, "few t(...) calls found: the pattern no longer matches"
    assert not asked - set(catalogue(DEFAULT)), asked - set(catalogue(DEFAULT))


def test_the_printed_ticket_says_the_place_in_line_in_the_kiosks_french_words():
    from printers.render import ahead_sentence

    assert ahead_sentence(0) == translate("fr", "ticket.ahead_none")
    for count in (1, 2, 5, 21):
        assert ahead_sentence(count) == translate_plural("fr", "ticket.ahead", count)
