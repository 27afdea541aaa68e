"""The itinerant tour as data: the admin edits stops, half-days, the fifth week and single-date
exceptions; the public reads it on /itinerance, as .ics calendars and on an offline map."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

# The fake clock: Monday 2026-11-30 (a fifth week), 09:00 in Castelsarrasin.


@pytest.fixture
def admin(login):
    return login("demo1")


def setup(admin):
    response = admin.get("/api/v1/itinerant/setup")
    assert response.status_code == 200, response.json
    return response.json


def slot_of(body, pattern, weekday, half_day):
    return next(
        s
        for s in body["slots"]
        if (s["pattern"], s["weekday"], s["half_day"]) == (pattern, weekday, half_day)
    )


def stop_named(body, commune):
    return next(s for s in body["stops"] if s["commune"] == commune)


def events(response):
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return [c for c in calendar.walk("VEVENT")]


def test_a_new_database_holds_the_workshops_tour_with_positions(admin):
    body = setup(admin)
    assert body["fifth_week"] == "none"
    communes = {s["commune"] for s in body["stops"]}
    assert {"Saint-Agnan", "Moissac", "Boudou", "Cordes-Tolosannes"} <= communes
    assert all(s["latitude"] and s["longitude"] for s in body["stops"])
    meeting = slot_of(body, "A", 3, "morning")
    assert meeting["public"] is False and meeting["stop"] is None


def test_only_an_admin_edits_the_tour(client, login):
    agent = login("demo2")
    for method, path, payload in [
        ("get", "/api/v1/itinerant/setup", None),
        ("post", "/api/v1/itinerant/stops", {"commune": "X", "place": "Y"}),
        ("patch", "/api/v1/itinerant/stops/1", {"notes": "x"}),
        ("delete", "/api/v1/itinerant/stops/1", None),
        ("post", "/api/v1/itinerant/slots", {}),
        ("delete", "/api/v1/itinerant/slots/1", None),
        ("post", "/api/v1/itinerant/exceptions", {}),
        ("delete", "/api/v1/itinerant/exceptions/1", None),
        ("put", "/api/v1/itinerant/fifth-week", {"fifth_week": "A"}),
    ]:
        assert getattr(agent, method)(path, json=payload).status_code in (400, 403), path
        assert getattr(client, method)(path, json=payload).status_code in (400, 401), path
    # Valid bodies are refused for the role, not for their shape.
    assert agent.put("/api/v1/itinerant/fifth-week", json={"fifth_week": "A"}).status_code == 403
    assert client.put("/api/v1/itinerant/fifth-week", json={"fifth_week": "A"}).status_code == 401


def test_editing_a_stop_reaches_the_public_tour(admin, client):
    body = setup(admin)
    agnan = stop_named(body, "Saint-Agnan")
    edited = admin.patch(
        f"/api/v1/itinerant/stops/{agnan['id']}",
        json={
            "place": "Agence postale",
            "address": "1 place de la Mairie",
            "notes": "salle à l'étage, accès à confirmer",
            "to_confirm": True,
        },
    )
    assert edited.status_code == 200, edited.json
    week = client.get("/api/v1/itinerant?weeks=2").json["weeks"][1]
    monday = week["stops"][0]
    assert (monday["commune"], monday["place"], monday["to_confirm"]) == (
        "Saint-Agnan",
        "Agence postale",
        True,
    )
    assert monday["notes"] == "salle à l'étage, accès à confirmer"
    page = client.get("/itinerance").get_data(as_text=True)
    assert "Agence postale" in page and "lieu à confirmer" in page


def test_the_fifth_week_is_chosen_from_the_screen(admin, client):
    assert client.get("/api/v1/itinerant").json["weeks"][0]["stops"] == []
    saved = admin.put("/api/v1/itinerant/fifth-week", json={"fifth_week": "B"})
    assert saved.status_code == 200
    this_week = client.get("/api/v1/itinerant").json["weeks"][0]
    assert this_week["pattern"] == "B" and this_week["stops"][0]["commune"] == "Boudou"
    refused = admin.put("/api/v1/itinerant/fifth-week", json={"fifth_week": "C"})
    assert refused.status_code == 400


def test_a_half_day_cancelled_or_moved_on_one_date_only(admin, client):
    body = setup(admin)
    monday_morning = slot_of(body, "A", 0, "morning")  # Saint-Agnan, weeks 1 and 3
    cancelled = admin.post(
        "/api/v1/itinerant/exceptions",
        json={
            "day": "2026-12-07",
            "slot": monday_morning["id"],
            "kind": "cancelled",
            "note": "Agent en formation",
        },
    )
    assert cancelled.status_code == 201, cancelled.json
    caumont = stop_named(body, "Caumont")
    moved = admin.post(
        "/api/v1/itinerant/exceptions",
        json={
            "day": "2026-12-21",
            "slot": monday_morning["id"],
            "kind": "moved",
            "stop": caumont["id"],
            "opens": "10:00",
            "closes": "12:00",
        },
    )
    assert moved.status_code == 201, moved.json
    weeks = client.get("/api/v1/itinerant?weeks=4").json["weeks"]
    first = weeks[1]["stops"][0]  # Monday 7 December
    assert (first["commune"], first["status"], first["status_note"]) == (
        "Saint-Agnan",
        "cancelled",
        "Agent en formation",
    )
    third = weeks[3]["stops"][0]  # Monday 21 December
    assert (third["commune"], third["opens"], third["status"]) == ("Caumont", "10:00", "moved")
    # The pattern itself is untouched: week 3 of January is Saint-Agnan again (not in range here),
    # and the .ics marks the cancelled half-day as such.
    feed = events(client.get("/itinerance.ics"))
    dec7 = [e for e in feed if e.decoded("dtstart").date() == date(2026, 12, 7)]
    assert [str(e["status"]) for e in dec7 if "Saint-Agnan" in str(e["summary"])] == ["CANCELLED"]
    # Asked again for the same date, the change replaces the first one.
    again = admin.post(
        "/api/v1/itinerant/exceptions",
        json={"day": "2026-12-07", "slot": monday_morning["id"], "kind": "moved", "opens": "10:00"},
    )
    assert again.json["id"] == cancelled.json["id"]
    assert admin.delete(f"/api/v1/itinerant/exceptions/{again.json['id']}").status_code == 204


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day": "2026-12-08"}, "day"),  # a Tuesday, but the slot is on Mondays
        ({"kind": "postponed"}, "kind"),
        ({"kind": "moved"}, "stop"),  # a move needs somewhere or some time
        ({"day": "07/12/2026"}, None),
    ],
)
def test_a_wrong_exception_is_refused(admin, change, field):
    slot = slot_of(setup(admin), "A", 0, "morning")
    body = {"day": "2026-12-07", "slot": slot["id"], "kind": "cancelled", **change}
    response = admin.post("/api/v1/itinerant/exceptions", json=body)
    assert response.status_code == 400, response.json
    if field:
        assert response.json["error"]["details"]["field"] == field


def test_adding_a_stop_and_a_half_day(admin, client):
    stop = admin.post(
        "/api/v1/itinerant/stops",
        json={"commune": "Lizac", "place": "Mairie", "latitude": 44.09, "longitude": 1.19},
    )
    assert stop.status_code == 201, stop.json
    slot = admin.post(
        "/api/v1/itinerant/slots",
        json={
            "pattern": "A",
            "weekday": 3,
            "half_day": "morning",
            "opens": "09:30",
            "closes": "11:30",
            "stop": stop.json["id"],
            "public": True,
        },
    )
    assert slot.status_code == 201, slot.json
    week = client.get("/api/v1/itinerant?weeks=2").json["weeks"][1]
    thursday = [s for s in week["stops"] if s["date"] == "2026-12-10"]
    assert [(s["commune"], s["opens"]) for s in thursday] == [
        ("Lizac", "09:30"),
        ("Labourgade", "14:00"),
    ]
    feed = events(client.get("/itinerance/lizac.ics"))
    assert {str(e["location"]) for e in feed} == {"Mairie, Lizac"}
    assert {e.decoded("dtstart").astimezone(UTC) for e in feed} == {
        datetime(2026, 12, 10, 8, 30, tzinfo=UTC),
        datetime(2026, 12, 24, 8, 30, tzinfo=UTC),
        datetime(2027, 1, 7, 8, 30, tzinfo=UTC),  # weeks 1 and 3 of January (eight weeks ahead)
        datetime(2027, 1, 21, 8, 30, tzinfo=UTC),
    }
    # A public half-day needs a stop; the end comes after the start; coordinates are numbers.
    assert (
        admin.post(
            "/api/v1/itinerant/slots",
            json={
                "pattern": "A",
                "weekday": 3,
                "half_day": "morning",
                "opens": "09:30",
                "closes": "11:30",
                "public": True,
            },
        ).json["error"]["details"]["field"]
        == "stop"
    )
    assert (
        admin.patch(
            f"/api/v1/itinerant/slots/{slot.json['id']}", json={"closes": "08:00"}
        ).status_code
        == 400
    )
    assert (
        admin.post(
            "/api/v1/itinerant/stops", json={"commune": "X", "place": "Y", "latitude": 120}
        ).status_code
        == 400
    )
    # Removing the stop takes its half-days off the public tour.
    assert admin.delete(f"/api/v1/itinerant/stops/{stop.json['id']}").status_code == 204
    week = client.get("/api/v1/itinerant?weeks=2").json["weeks"][1]
    assert "Lizac" not in {s["commune"] for s in week["stops"]}
    assert client.get("/itinerance/lizac.ics").status_code == 404


def test_the_whole_tour_feed_has_one_event_per_half_day_stop_with_its_place(client):
    feed = events(client.get("/itinerance.ics"))
    assert len(feed) == len({str(e["uid"]) for e in feed})  # stable, distinct UIDs
    week_one = [
        e for e in feed if date(2026, 12, 7) <= e.decoded("dtstart").date() <= date(2026, 12, 13)
    ]
    assert len(week_one) == 7  # pattern A: seven public half-days
    agnan = next(e for e in week_one if "Saint-Agnan" in str(e["summary"]))
    assert str(agnan["location"]) == "La Poste, Saint-Agnan"
    assert agnan.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    fajolles = next(e for e in week_one if "Fajolles" in str(e["summary"]))
    assert "à confirmer" in str(fajolles["summary"])
    christmas = [e for e in feed if e.decoded("dtstart").date() == date(2026, 12, 25)]
    assert christmas == []  # a public holiday


def test_the_map_is_drawn_from_the_coordinates_without_any_network(client):
    response = client.get("/itinerance/carte.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "Montesquieu" in svg and "Castelsarrasin" in svg and "5 km" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert svg.count("<circle") == 11


def test_the_waiting_room_map_numbers_the_communes_from_north_to_south(client):
    legend = client.get("/api/v1/itinerant/map-legend").json["communes"]
    assert [e["number"] for e in legend] == list(range(1, len(legend) + 1))
    assert legend[0]["commune"] == "Montesquieu"  # the northernmost stop
    svg = client.get("/itinerance/carte.svg?grand=1").get_data(as_text=True)
    assert svg.count("<circle") == len(legend)
    assert f">{len(legend)}</text>" in svg
