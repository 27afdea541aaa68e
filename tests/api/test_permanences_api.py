"""Partners' permanences: the admin edits them, agents book in them within their capacity, the
waiting room reads them."""

from __future__ import annotations

import pytest

# The fake clock: Monday 2026-11-30, 09:00 in Castelsarrasin. Tuesday 2026-12-08: ISO week 50.
EVEN_TUESDAY = "2026-12-08"
CAF = {
    "label": "CAF en visio (test)",
    "partner": "caf",
    "service": "caf-rsa",
    "counter": "visio",
    "remote": True,
    "weekday": 1,
    "opens": "14:00",
    "closes": "17:00",
    "weeks": "even",
    "capacity": 2,
}


@pytest.fixture
def admin(login):
    return login("demo1")


@pytest.fixture
def caf(admin):
    response = admin.post("/api/v1/permanences", json=CAF)
    assert response.status_code == 201, response.json
    return response.json


def test_only_an_admin_edits_permanences(client, login, caf):
    agent = login("demo2")
    assert agent.post("/api/v1/permanences", json=CAF).status_code == 403
    assert agent.patch(f"/api/v1/permanences/{caf['id']}", json={"capacity": 3}).status_code == 403
    assert agent.delete(f"/api/v1/permanences/{caf['id']}").status_code == 403
    assert client.post("/api/v1/permanences", json=CAF).status_code == 401
    assert client.get("/api/v1/permanences").status_code == 401
    assert agent.get("/api/v1/permanences").status_code == 200


def test_a_permanence_shows_on_its_days_with_the_places_booked(admin, caf):
    assert caf["weeks_label"] == "semaines paires" and caf["place_label"] == "Salle visio"
    odd = admin.get("/api/v1/agenda?start=2026-12-01").json["days"][0]
    assert [p["label"] for p in odd["permanences"]] == []
    even = admin.get(f"/api/v1/agenda?start={EVEN_TUESDAY}").json["days"][0]
    held = [p for p in even["permanences"] if p["id"] == caf["id"]]
    assert held and held[0]["booked"] == 0 and held[0]["capacity"] == 2


def book(client, permanence, **overrides):
    body = {"service": "caf-rsa", "date": EVEN_TUESDAY, "time": "14:00", "minutes": 30}
    return client.post("/api/v1/appointments", json={**body, "permanence": permanence, **overrides})


def test_bookings_in_a_permanence_stop_at_its_capacity(admin, caf):
    first = book(admin, caf["id"])
    assert first.status_code == 201, first.json
    assert first.json["counter"] == "visio"  # the permanence's room by default
    assert book(admin, caf["id"], time="14:30").status_code == 201
    full = book(admin, caf["id"], time="15:00")
    assert full.status_code == 409 and full.json["error"]["code"] == "capacity"
    day = admin.get(f"/api/v1/agenda?start={EVEN_TUESDAY}").json["days"][0]
    assert next(p for p in day["permanences"] if p["id"] == caf["id"])["booked"] == 2
    # A cancellation frees a place.
    admin.post(f"/api/v1/appointments/{first.json['id']}/cancel")
    assert book(admin, caf["id"], time="15:00").status_code == 201


def test_a_booking_outside_the_permanence_is_refused(admin, caf):
    assert book(admin, caf["id"], time="10:00").json["error"]["details"]["field"] == "time"
    odd = book(admin, caf["id"], date="2026-12-01")
    assert odd.status_code == 400 and odd.json["error"]["details"]["field"] == "date"
    assert book(admin, 9999).status_code == 404


def test_moving_within_a_full_permanence_is_allowed_but_not_out_of_it(admin, caf):
    one = book(admin, caf["id"]).json
    book(admin, caf["id"], time="14:30")
    moved = admin.patch(f"/api/v1/appointments/{one['id']}", json={"time": "16:00"})
    assert moved.status_code == 200, moved.json
    out = admin.patch(f"/api/v1/appointments/{one['id']}", json={"time": "17:30"})
    assert out.status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"opens": "18:00"}, "closes"),
        ({"weeks": "third"}, "weeks"),
        ({"partner": "nope"}, "partner"),
        ({"counter": "nope"}, "counter"),
        ({"opens": "9h:00"}, "opens"),
    ],
)
def test_a_wrong_permanence_is_refused_with_the_field(admin, change, field):
    response = admin.post("/api/v1/permanences", json={**CAF, **change})
    assert response.status_code in (400, 404), response.json
    assert response.json["error"]["details"].get("field") == field


def test_editing_and_withdrawing(admin, caf):
    edited = admin.patch(f"/api/v1/permanences/{caf['id']}", json={"capacity": 4, "weeks": "all"})
    assert edited.status_code == 200 and edited.json["capacity"] == 4
    assert admin.delete(f"/api/v1/permanences/{caf['id']}").status_code == 204
    assert caf["id"] not in [p["id"] for p in admin.get("/api/v1/permanences").json]
    assert admin.delete(f"/api/v1/permanences/{caf['id']}").status_code == 404


def test_the_waiting_room_reads_the_coming_permanences_without_bookings(client, admin, caf):
    book(admin, caf["id"])
    upcoming = client.get("/api/v1/permanences/upcoming?days=14").json["permanences"]
    mine = [p for p in upcoming if p["label"] == CAF["label"]]
    assert [p["date"] for p in mine] == [EVEN_TUESDAY]
    assert mine[0]["remote"] is True and mine[0]["opens"] == "14:00"
    assert "booked" not in mine[0] and "capacity" not in mine[0]
    assert client.get("/api/v1/permanences/upcoming?days=0").status_code == 400
