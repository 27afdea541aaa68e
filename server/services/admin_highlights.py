"""Back-office use cases for the highlights on the waiting-room display.

Each highlight is shown from a first to a last day (by default its whole month); at most a
handful are live on the same day (the site setting `highlights_max`, 5 by default), so the
screen stays readable. Retiring one (active false) keeps it for the record. A highlight may
carry a picture, always re-encoded by the server (server/services/pictures.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.i18n import LANGUAGES
from server.domain.events import Event, SettingChanged
from server.domain.french import day_and_month
from server.models import Highlight, Site
from server.services.admin_common import change, flag, text
from server.services.admin_settings import site_setting
from server.services.audit import record
from server.services.errors import NotFound, ServiceError
from server.services.pictures import from_data_url, reencode_picture

MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LONGEST = timedelta(days=366)
# The display is French; a second line may be in a visitors' language other than French or FALC.
SECOND_LANGUAGES = tuple(language.code for language in LANGUAGES if language.html_lang != "fr")


def image_url(item: Highlight) -> str | None:
    if not item.image_version:
        return None
    return f"/api/v1/highlights/{item.id}/image?v={item.image_version}"


def shown_from(item: Highlight) -> date:
    return item.starts_on or item.month


def shown_until(item: Highlight) -> date:
    return item.ends_on or _last_day(item.month)


def highlight_json(item: Highlight) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "body": item.body,
        "month": item.month.strftime("%Y-%m"),
        "starts_on": shown_from(item).isoformat(),
        "ends_on": shown_until(item).isoformat(),
        "position": item.position,
        "active": item.active,
        "image_url": image_url(item),
        "image_alt": item.image_alt or "",
        "second_language": item.second_language or "",
        "second_title": item.second_title or "",
        "second_body": item.second_body or "",
    }


def second_language_choices() -> list[dict[str, str]]:
    """The form's choices: « arabe — العربية », with what the typed text's field needs."""
    from babel import Locale

    from kiosk.i18n import BY_CODE

    french_names = Locale("fr").languages
    return [
        {
            "code": code,
            "label": f"{french_names[code]} — {BY_CODE[code].name}",
            "dir": BY_CODE[code].direction,
        }
        for code in SECOND_LANGUAGES
    ]


def _second_language(item: Highlight, body: dict[str, Any]) -> None:
    """The optional second-language line: a language, its title (required) and its text."""
    if "second_language" in body:
        code = body["second_language"] or ""
        if code not in ("", *SECOND_LANGUAGES):
            raise ServiceError(
                f"Deuxième langue : une de {', '.join(SECOND_LANGUAGES)}, ou aucune",
                field="second_language",
            )
        item.second_language = code
    if "second_title" in body:
        item.second_title = text(
            body["second_title"], "second_title", "Titre traduit", maximum=120, required=False
        )
    if "second_body" in body:
        item.second_body = text(
            body["second_body"], "second_body", "Texte traduit", maximum=400, required=False
        )
    if item.second_language and not item.second_title:
        raise ServiceError(
            "Titre traduit : obligatoire avec une deuxième langue", field="second_title"
        )
    if not item.second_language and (item.second_title or item.second_body):
        raise ServiceError(
            "Deuxième langue : choisissez la langue du texte traduit, ou videz-le",
            field="second_language",
        )


def list_highlights(session: Session, site: Site) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Highlight)
        .where(Highlight.site_id == site.id)
        .order_by(Highlight.month.desc(), Highlight.active.desc(), Highlight.position)
    )
    return [highlight_json(item) for item in rows]


def _last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _month(value: Any) -> date:
    found = MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if found:
            return date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        pass
    raise ServiceError("Mois : AAAA-MM, ex. 2026-12", field="month")


def _day(value: Any, field: str, label: str) -> date:
    if isinstance(value, str) and DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ServiceError(f"{label} : une date AAAA-MM-JJ, ex. 2026-12-01", field=field)


def _dates(body: dict[str, Any], starts: date, ends: date) -> tuple[date, date]:
    """The days a highlight is shown: given dates, or a whole month, or what it had."""
    if "month" in body and "starts_on" not in body and "ends_on" not in body:
        first = _month(body["month"])
        return first, _last_day(first)
    if "starts_on" in body:
        starts = _day(body["starts_on"], "starts_on", "Du")
    if "ends_on" in body:
        ends = _day(body["ends_on"], "ends_on", "Au")
    if ends < starts:
        raise ServiceError("Au : le dernier jour vient après le premier", field="ends_on")
    if ends - starts > LONGEST:
        raise ServiceError(
            "Au : un an au plus entre le premier et le dernier jour", field="ends_on"
        )
    return starts, ends


def _position(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 99:
        raise ServiceError("Ordre : un nombre entre 0 et 99", field="position")
    return value


def _room_for_one_more(
    session: Session, site: Site, starts: date, ends: date, except_id: int | None
) -> None:
    """Refuse if, on any day from `starts` to `ends`, the limit is already reached."""
    limit = int(site_setting(session, site, "highlights_max"))
    query = select(Highlight).where(
        Highlight.site_id == site.id,
        Highlight.active,
        or_(Highlight.starts_on.is_(None), Highlight.starts_on <= ends),
        or_(Highlight.ends_on.is_(None), Highlight.ends_on >= starts),
    )
    if except_id is not None:
        query = query.where(Highlight.id != except_id)
    others = [
        (shown_from(other), shown_until(other))
        for other in session.scalars(query)
        if shown_from(other) <= ends and shown_until(other) >= starts
    ]
    # Only a day on which some highlight starts can have more at once than the day before.
    for day in sorted({starts, *(first for first, _ in others if first > starts)}):
        if day > ends:
            break
        if sum(1 for first, last in others if first <= day <= last) >= limit:
            raise ServiceError(
                f"au plus {limit} informations à la une en même temps, et le "
                f"{day_and_month(day)} en compte déjà {limit} : retirez-en une, changez les "
                "dates ou la limite dans les réglages",
                field="active",
            )


def create_highlight(
    session: Session, site: Site, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    title = text(body.get("title"), "title", "Titre", maximum=120)
    content = text(body.get("body"), "body", "Texte", maximum=400, required=False)
    if "starts_on" in body:
        first = _day(body["starts_on"], "starts_on", "Du")
    elif "month" in body:
        first = _month(body["month"])
    else:
        raise ServiceError("Du : le premier jour à l'écran est obligatoire", field="starts_on")
    days: dict[str, Any] = {key: body[key] for key in ("starts_on", "ends_on") if key in body}
    starts, ends = _dates(days, first, _last_day(first))
    position = _position(body.get("position", 0) if body.get("position") is not None else 0)
    with change(session):
        _room_for_one_more(session, site, starts, ends, None)
        item = Highlight(
            site_id=site.id,
            title=title,
            body=content,
            month=starts.replace(day=1),
            starts_on=starts,
            ends_on=ends,
            position=position,
            active=True,
            image_alt="",
            image_version=0,
            second_language="",
            second_title="",
            second_body="",
        )
        _second_language(item, body)
        session.add(item)
        session.flush()
        view = highlight_json(item)
        record(session, site, "highlight.created", str(item.id), body)
    return view, [SettingChanged(site.code, key="highlights")]


def _own_highlight(session: Session, site: Site, item_id: int) -> Highlight:
    item = session.get(Highlight, item_id)
    if item is None or item.site_id != site.id:
        raise NotFound("aucune information à la une de ce numéro", field="id")
    return item


def update_highlight(
    session: Session, site: Site, item_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    with change(session):
        item = _own_highlight(session, site, item_id)
        if "title" in body:
            item.title = text(body["title"], "title", "Titre", maximum=120)
        if "body" in body:
            item.body = text(body["body"], "body", "Texte", maximum=400, required=False)
        if {"month", "starts_on", "ends_on"} & body.keys():
            item.starts_on, item.ends_on = _dates(body, shown_from(item), shown_until(item))
            item.month = item.starts_on.replace(day=1)
        if "position" in body:
            item.position = _position(body["position"])
        if "active" in body:
            item.active = flag(body["active"], "active", "À l'écran")
        if "image_alt" in body:
            item.image_alt = text(
                body["image_alt"],
                "image_alt",
                "Description de l'image",
                maximum=200,
                required=False,
            )
        _second_language(item, body)
        if item.active:
            _room_for_one_more(session, site, shown_from(item), shown_until(item), item.id)
        view = highlight_json(item)
        record(session, site, "highlight.updated", str(item.id), body)
    return view, [SettingChanged(site.code, key="highlights")]


def set_highlight_image(
    session: Session, site: Site, item_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """Attach a picture ({"image": data URL, "alt": text}): re-encoded, never kept as sent."""
    alt = text(body.get("alt"), "alt", "Description de l'image", maximum=200)
    picture = reencode_picture(from_data_url(body.get("image")))
    with change(session):
        item = _own_highlight(session, site, item_id)
        item.image = picture
        item.image_alt = alt
        item.image_version = (item.image_version or 0) + 1
        view = highlight_json(item)
        record(session, site, "highlight.image", str(item.id), {"alt": alt, "bytes": len(picture)})
    return view, [SettingChanged(site.code, key="highlights")]


def remove_highlight_image(
    session: Session, site: Site, item_id: int
) -> tuple[dict[str, Any], list[Event]]:
    with change(session):
        item = _own_highlight(session, site, item_id)
        item.image = None
        item.image_alt = ""
        item.image_version = 0
        view = highlight_json(item)
        record(session, site, "highlight.image_removed", str(item.id), {})
    return view, [SettingChanged(site.code, key="highlights")]


def highlight_image(session: Session, site: Site, item_id: int) -> tuple[bytes, int]:
    """The stored picture and its version, for the public image route (404 when none)."""
    item = session.get(Highlight, item_id)
    if item is None or item.site_id != site.id or not item.image_version or item.image is None:
        raise NotFound("pas d'image pour cette information", field="id")
    return item.image, item.image_version
