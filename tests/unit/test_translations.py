"""The kiosk's translation catalogues: French is whole, FALC is whole, every language covers the
path to a ticket, and no screen asks for a text that French lacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.i18n import BY_CODE, DEFAULT, catalogue, raw_catalogue

STATIC = Path(__file__).resolve().parents[2] / "kiosk" / "static" / "kiosk"

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
    "ticket.ahead_one",
    "ticket.ahead_many",
    "ticket.wait",
    "ticket.wait_none",
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


def coverage(code: str) -> float:
    french = raw_catalogue(DEFAULT)
    own = raw_catalogue(code)
    return sum(1 for key in french if own.get(key)) / len(french)


def test_coverage_table_french_and_falc_are_complete(capsys):
    rows = [f"{code:5} {coverage(code):7.1%}" for code in BY_CODE]
    with capsys.disabled():
        print("\nkiosk translation coverage\n" + "\n".join(rows))
    assert coverage("fr") == 1.0
    assert coverage("falc") == 1.0


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_every_language_covers_the_core_kiosk_path(code):
    missing = sorted(key for key in CORE_KEYS if not raw_catalogue(code).get(key))
    assert not missing, f"{code} lacks {missing}"


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_translations_keep_the_placeholders_and_add_no_unknown_keys(code):
    french = raw_catalogue(DEFAULT)
    for key, text in raw_catalogue(code).items():
        assert key in french, f"{code}: {key} is not a French key"
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", french[key])), key


def test_a_missing_translation_falls_back_to_french():
    assert raw_catalogue("fr")["kiosk.question"] == "Que venez-vous faire ?"
    assert set(catalogue("bg")) == set(raw_catalogue("fr"))


def test_every_text_a_screen_asks_for_exists_in_french():
    asked = set()
    for script in STATIC.glob("*.js"):
        asked |= set(re.findall(r"""\bt\(\s*["'`]([a-z_]+\.[a-z_]+)["'`]""", script.read_text()))
    assert asked, "no t(...) call found: the pattern no longer matches the scripts"
    assert not asked - set(raw_catalogue("fr")), asked - set(raw_catalogue("fr"))
