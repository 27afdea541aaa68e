"""Flask-Babel wiring: which language a request speaks, and the gettext catalogues it reads.

A visitor page says its language (`use_language`, from ?lang= or the ticket); the public API answers
in the request's Accept-Language; everything else (console, back office) stays French."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from flask_babel import Babel, Domain, get_locale

from kiosk.i18n import BY_CODE, BY_LOCALE, DEFAULT, TRANSLATIONS, language, translations


def use_language(code: str) -> None:
    """This request renders a visitor page in `code` (templates' t() and tn() follow)."""
    from flask_babel import refresh

    g.visitor_language = language(code).code
    refresh()


def current_language() -> str:
    """The request's language code ("falc", "ar" …), French outside a request."""
    locale = get_locale()
    if locale is None:
        return DEFAULT
    return BY_LOCALE.get(str(locale), BY_CODE[DEFAULT]).code


def select_locale() -> str:
    chosen = g.get("visitor_language")
    if chosen:
        return language(chosen).locale
    if request.path.startswith("/api/"):
        # FALC is never asked for by a browser: it is chosen on the kiosk, not in a header.
        offered = [lang.locale for lang in BY_CODE.values() if lang.code != "falc"]
        asked = request.accept_languages.best_match(offered)
        g.asked_language = asked is not None
        return asked or DEFAULT
    return DEFAULT


class VisitorDomain(Domain):  # type: ignore[misc]
    """The app's catalogues, loaded once per language, with French filling the gaps."""

    def get_translations(self) -> Any:
        return translations(current_language())


def asked_for_a_language() -> bool:
    """The request's Accept-Language named one of ours (else errors keep their own words)."""
    current_language()
    return bool(g.get("asked_language") or g.get("visitor_language"))


def t(key: str) -> str:
    return str(translations(current_language()).gettext(key))


def tn(key: str, count: int) -> str:
    """The plural of `key` in the CLDR category of `count` (ngettext), with {count} filled."""
    text = translations(current_language()).ngettext(key, key, count)
    return str(text).replace("{count}", str(count))


def install(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=select_locale)
    app.extensions["babel"].domain_instance = VisitorDomain(str(TRANSLATIONS))
    app.add_template_global(t, "t")
    app.add_template_global(tn, "tn")
