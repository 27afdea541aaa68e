"""The waiting room's information: the itinerant tour and the month's highlights."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete

from server.demo import seed_demo_highlights as seed_highlights
from server.extensions import db
from server.models import Highlight, Site


def test_on_a_fifth_week_without_a_tour_the_itinerant_shows_next_week_only(client):
    body = client.get("/api/v1/itinerant?weeks=2").json  # Monday 30 November: week 5
    this_week, next_week = body["weeks"]
    assert body["fifth_week"] == "none"
    assert (this_week["week_start"], this_week["pattern"], this_week["stops"]) == (
        "2026-11-30",
        None,
        [],
    )
    assert (next_week["week_start"], next_week["week_of_month"], next_week["pattern"]) == (
        "2026-12-07",
        1,
        "A",
    )
    assert next_week["stops"][0] == {
        "date": "2026-12-07",
        "weekday": "lundi",
        "half_day": "morning",
        "half_day_label": "matin",
        "commune": "Saint-Agnan",
        "place": "La Poste",
        "opens": "09:00",
        "closes": "12:00",
        "to_confirm": False,
        "address": "",
        "notes": "",
        "status": "planned",
        "status_note": "",
    }


def test_the_fifth_week_setting_puts_a_pattern_on_this_week(make_app):
    body = make_app(ITINERANT_FIFTH_WEEK="B").test_client().get("/api/v1/itinerant").json
    assert body["weeks"][0]["pattern"] == "B"
    assert body["weeks"][0]["stops"][0]["commune"] == "Boudou"
    assert body["weeks"][0]["stops"][0]["to_confirm"] is True


def test_the_itinerant_is_closed_on_christmas_day(client, clock):
    clock.current = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)  # week 4: pattern B
    week = client.get("/api/v1/itinerant?weeks=1").json["weeks"][0]
    assert week["closed_days"] == [
        {"date": "2026-12-25", "weekday": "vendredi", "reason": "jour férié"}
    ]
    assert all(stop["date"] != "2026-12-25" for stop in week["stops"])


@pytest.mark.parametrize("weeks", ["0", "9", "deux"])
def test_an_out_of_range_number_of_weeks_is_a_clear_json_error(client, weeks):
    response = client.get(f"/api/v1/itinerant?weeks={weeks}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input"


def test_a_wrong_fifth_week_setting_is_reported_not_guessed(make_app):
    response = make_app(ITINERANT_FIFTH_WEEK="C").test_client().get("/api/v1/itinerant")
    assert response.status_code == 400
    assert "ITINERANT_FIFTH_WEEK" in response.json["error"]["message"]


@pytest.fixture
def highlights(app):
    """add(title, month, position=0, active=True): a highlight of the demo site."""
    with app.app_context():
        db.session.execute(delete(Highlight))
        db.session.commit()

    def add(title, month, position=0, active=True):
        with app.app_context():
            site = db.session.scalars(db.select(Site)).first()
            db.session.add(
                Highlight(
                    site_id=site.id,
                    title=title,
                    body=f"{title}.",
                    month=month,
                    position=position,
                    active=active,
                )
            )
            db.session.commit()

    return add


def test_highlights_are_this_months_active_ones_in_editorial_order(client, highlights):
    highlights("Deuxième", date(2026, 11, 1), position=2)
    highlights("Première", date(2026, 11, 1), position=1)
    highlights("Retirée", date(2026, 11, 1), position=0, active=False)
    highlights("Le mois dernier", date(2026, 10, 1))
    highlights("Le mois prochain", date(2026, 12, 1))
    body = client.get("/api/v1/highlights").json
    assert [h["title"] for h in body] == ["Première", "Deuxième"]
    assert body[0]["body"] == "Première." and body[0]["month"] == "2026-11-01"


def test_without_highlights_this_month_the_list_is_empty(client, highlights):
    assert client.get("/api/v1/highlights").json == []


def test_the_demo_seeds_a_few_highlights_once_per_month(app, highlights):
    with app.app_context():
        site = db.session.scalars(db.select(Site)).first()
        seed_highlights(db.session, site, today=date(2026, 11, 30))
        seed_highlights(db.session, site, today=date(2026, 11, 30))
        count = len(db.session.scalars(db.select(Highlight)).all())
    assert 2 <= count <= 3


def _settings(page_html: str) -> dict:
    import json
    import re

    match = re.search(r'id="display-settings">(.*?)</script>', page_html, re.S)
    assert match, "the page carries its settings as JSON"
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    ("query", "volume"),
    [("", 0.8), ("?volume=0.3", 0.3), ("?volume=7", 1.0), ("?volume=fort", 0.8)],
)
def test_the_display_volume_comes_from_the_address_or_the_setting(client, query, volume):
    settings = _settings(client.get(f"/display{query}").get_data(as_text=True))
    assert settings["volume"] == volume


def test_the_display_volume_setting_is_a_default_for_every_screen(make_app):
    page = make_app(DISPLAY_VOLUME=0.0).test_client().get("/display").get_data(as_text=True)
    assert _settings(page)["volume"] == 0.0


def test_the_qr_code_points_phones_to_the_public_queue_view(make_app):
    client = make_app(PUBLIC_URL="https://accueil.example/").test_client()
    assert _settings(client.get("/display").get_data(as_text=True))["queue_url"] == (
        "https://accueil.example/queue"
    )
    svg = client.get("/display/queue-qr.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith("<svg")
    phone = client.get("/queue")
    assert phone.status_code == 200
    assert 'lang="fr"' in phone.get_data(as_text=True)


def test_a_display_for_an_unknown_site_is_a_clear_404(client):
    response = client.get("/s/nulle-part/display")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
