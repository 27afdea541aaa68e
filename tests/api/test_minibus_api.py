"""The minibus to the Moissac permanences: seats booked a week ahead, the driver's list, and
nothing personal kept after the trip."""

from __future__ import annotations

import pytest

from server.extensions import db
from server.models import MinibusBooking
from server.services.minibus import purge_minibus

# The fake clock: Monday 2026-11-30, 09:00 in Castelsarrasin. Tuesday 8 December is 8 days ahead.
STOPS = [{"time": "08:50", "place": "Caumont, mairie"}, {"time": "08:30", "place": "Saint-Agnan"}]


@pytest.fixture
def admin(login):
    return login("demo1")


def trip(admin, day="2026-12-08", seats=2):
    response = admin.post(
        "/api/v1/minibus/trips", json={"day": day, "stops": STOPS, "seats": seats}
    )
    assert response.status_code == 201, response.json
    return response.json


def seat(client, trip_id, **overrides):
    body = {"pickup": 0, "name": "M. D.", **overrides}
    return client.post(f"/api/v1/minibus/trips/{trip_id}/seats", json=body)


def test_an_agent_books_seats_a_week_ahead_until_the_bus_is_full(admin, login):
    made = trip(admin)
    assert [s["time"] for s in made["stops"]] == ["08:30", "08:50"]  # in pick-up order
    agent = login("demo2")
    first = seat(agent, made["id"], name="Josette", phone="06 12 34 56 78", consent=True)
    assert first.status_code == 201, first.json
    assert first.json["left"] == 1
    assert first.json["bookings"][0]["pickup_place"] == "Saint-Agnan"
    assert first.json["bookings"][0]["phone"] == "+33612345678"
    assert seat(agent, made["id"], pickup=1).status_code == 201
    full = seat(agent, made["id"])
    assert full.status_code == 409 and full.json["error"]["code"] == "full"


def test_a_seat_less_than_the_set_days_ahead_is_refused(admin, login, make_app):
    soon = trip(admin, day="2026-12-04")  # four days ahead
    response = seat(admin, soon["id"])
    assert response.status_code == 400
    assert response.json["error"]["details"] == {"field": "trip", "days_ahead": 7}
    listed = admin.get("/api/v1/minibus/trips").json
    assert listed["first_bookable_day"] == "2026-12-07"


def test_the_window_is_a_setting(make_app, clock):
    app = make_app(MINIBUS_DAYS_AHEAD=2)
    admin = app.test_client()
    admin.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    soon = trip(admin, day="2026-12-04")
    assert seat(admin, soon["id"]).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({"phone": "06 12 34 56 78"}, "consent"),
        ({"phone": "12", "consent": True}, "phone"),
        ({"pickup": 5}, "pickup"),
    ],
)
def test_slips_are_refused_with_the_field(admin, body, field):
    made = trip(admin)
    response = seat(admin, made["id"], **body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"]["field"] == field


def test_roles_and_cancellations(admin, login, client):
    agent = login("demo2")
    assert (
        agent.post("/api/v1/minibus/trips", json={"day": "2026-12-08", "stops": STOPS}).status_code
        == 403
    )
    assert client.get("/api/v1/minibus/trips").status_code == 401
    made = trip(admin, seats=1)
    booked = seat(agent, made["id"], name="Rose").json["bookings"][0]
    assert agent.delete(f"/api/v1/minibus/seats/{booked['id']}").status_code == 204
    assert seat(agent, made["id"]).status_code == 201  # the seat is free again
    assert admin.post(f"/api/v1/minibus/trips/{made['id']}/cancel").status_code == 200
    assert seat(agent, made["id"]).status_code == 409
    bad = admin.post("/api/v1/minibus/trips", json={"day": "2026-11-01", "stops": STOPS})
    assert bad.status_code == 400
    assert (
        admin.post(
            "/api/v1/minibus/trips", json={"day": "2026-12-08", "stops": [{"place": "x"}]}
        ).status_code
        == 400
    )


def test_the_drivers_list_is_for_agents_only(admin, client):
    made = trip(admin)
    seat(admin, made["id"], name="Josette", phone="0612345678", consent=True)
    sheet = admin.get(f"/console/minibus/{made['id']}/liste")
    assert sheet.status_code == 200
    text = sheet.get_data(as_text=True)
    assert "Josette" in text and "+33612345678" in text and "08:30" in text
    assert client.get(f"/console/minibus/{made['id']}/liste").status_code == 401


def test_everything_personal_is_deleted_after_the_trip(app, admin, clock):
    made = trip(admin)
    seat(admin, made["id"], name="Josette", phone="0612345678", consent=True)
    with app.app_context():
        assert purge_minibus(db.session, "Europe/Paris", clock) == 0  # not yet
        clock.advance(days=9)  # Wednesday 9 December
        assert purge_minibus(db.session, "Europe/Paris", clock) == 1
        row = db.session.scalars(db.select(MinibusBooking)).one()
        assert (row.name, row.phone, row.phone_consent_at) == (None, None, None)
        assert row.purged_at is not None and row.cancelled_at is None  # still counted


def test_the_servers_own_scheduled_purge_deletes_the_names_after_the_trip(app, admin, clock):
    made = trip(admin)
    seat(admin, made["id"], name="Josette", phone="0612345678", consent=True)
    clock.advance(days=9)  # Wednesday 9 December
    assert app.extensions["accueil.retention"].run_once()["minibus_passengers"] == 1
    with app.app_context():
        row = db.session.scalars(db.select(MinibusBooking)).one()
        assert (row.name, row.phone) == (None, None)
