"""The CLDR's words and plural rules the server writes out instead of loading Babel's locales
(each CLDR locale is megabytes of memory in every server process): they stay equal to Babel's."""

from __future__ import annotations

from babel import Locale
from babel.dates import get_day_names, get_month_names

from kiosk.i18n import CATEGORIES, LANGUAGES, plural_categories
from server.domain.french import MONTHS, WEEKDAYS


def test_the_french_weekdays_and_months_are_the_cldr_ones() -> None:
    assert tuple(get_day_names("wide", locale="fr")[day] for day in range(7)) == WEEKDAYS
    assert tuple(get_month_names("wide", locale="fr")[month] for month in range(1, 13)) == MONTHS


def test_every_language_has_the_cldr_plural_categories_in_babel_order() -> None:
    for language in LANGUAGES:
        tags = Locale.parse(language.locale).plural_form.tags | {"other"}
        expected = tuple(category for category in CATEGORIES if category in tags)
        assert plural_categories(language.code) == expected, language.code
