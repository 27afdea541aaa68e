"""The appointment book: book, list, move, cancel; the visitor's code at the kiosk; the late rule;
no name stored and the reminder number deleted after."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from server.demo import DEMO_APPOINTMENTS
from server.extensions import db
from server.models import Appointment, Visit, VisitEvent
from server.services.appointments import purge_phones

# The fake clock starts on Monday 2026-11-30 at 09:00 in Castelsarrasin.
TODAY = "2026-11-30"
DEMO_CODES = {code for code, *_ in DEMO_APPOINTMENTS}  # seeded on the real day the suite runs


def own(day):
    """The appointments of an agenda day, without the demo ones."""
    return [a for a in day["appointments"] if a["code"] not in DEMO_CODES]


def book(agent_client, **overrides):
    body = {"service": "caf-rsa", "date": TODAY, "time": "10:00", "minutes": 30, **overrides}
    return agent_client.post("/api/v1/appointments", json=body)


def test_a_closed_counter_is_no_place_to_book(agent_client):
    """Closed in the back-office, Bureau 2 was still offered by the agenda's « Lieu » (and the
    permanences'), and an appointment was booked there."""
    closed = agent_client.patch("/api/v1/admin/counters/bureau-2", json={"active": False})
    assert closed.status_code == 200
    places = [p["code"] for p in agent_client.get(f"/api/v1/agenda?start={TODAY}").json["places"]]
    assert "bureau-2" not in places and "bureau-1" in places
    refused = book(agent_client, counter="bureau-2")
    assert refused.status_code == 400
    assert refused.json["error"]["message"] == "Bureau 2 est fermé : choisissez un autre lieu"
    assert book(agent_client, counter="bureau-1").status_code == 201


def test_every_agenda_route_needs_a_signed_in_agent(client):
    for method, path, body in [
        ("get", "/api/v1/agenda", None),
        ("post", "/api/v1/appointments", {"service": "caf-rsa", "date": TODAY, "time": "10:00"}),
        ("get", "/api/v1/appointments/1", None),
        ("patch", "/api/v1/appointments/1", {"time": "11:00"}),
        ("post", "/api/v1/appointments/1/cancel", None),
        ("get", "/api/v1/appointments/1/qr.svg", None),
    ]:
        response = getattr(client, method)(path, json=body)
        assert response.status_code == 401, (path, response.status_code)


def test_an_agent_books_and_the_visitor_checks_in_at_the_kiosk_with_the_code(
    app, agent_client, client, clock, login
):
    response = book(agent_client, counter="bureau-1")
    assert response.status_code == 201, response.json
    booked = response.json
    assert booked["code"].startswith("RDV-") and len(booked["code"]) == 10
    assert booked["counter_label"] == "Bureau 1"
    assert booked["state"] == "booked"
    assert booked["visitor_url"].endswith("/rdv/" + booked["visitor_url"].rsplit("/", 1)[1])

    listed = agent_client.get(f"/api/v1/agenda?start={TODAY}").json
    codes = [a["code"] for a in listed["days"][0]["appointments"]]
    assert booked["code"] in codes
    assert {"code": "bureau-1", "label": "Bureau 1", "kind": "office"} in listed["places"]

    clock.advance(minutes=58)  # 09:58, two minutes early
    digits = booked["code"].removeprefix("RDV-")
    checked = client.post("/api/v1/appointments/check-in", json={"code": digits})
    assert checked.status_code == 201, checked.json
    assert checked.json["appointment_time"] == "10:00"
    assert checked.json["late"] is False
    after = login().get(f"/api/v1/agenda?start={TODAY}").json
    mine = next(a for a in after["days"][0]["appointments"] if a["code"] == booked["code"])
    assert mine["state"] == "arrived"


def test_the_week_view_starts_on_monday_and_lists_seven_days(agent_client):
    book(agent_client, date="2026-12-03", time="14:00")
    week = agent_client.get("/api/v1/agenda?days=7&start=2026-12-03").json
    assert week["start"] == "2026-11-30"
    assert [d["date"] for d in week["days"]][-1] == "2026-12-06"
    thursday = week["days"][3]
    assert [a["time"] for a in own(thursday)] == ["14:00"]


def test_a_place_cannot_be_booked_twice_at_the_same_time(agent_client):
    assert book(agent_client, counter="visio", time="14:00", minutes=60).status_code == 201
    clash = book(agent_client, counter="visio", time="14:30")
    assert clash.status_code == 409
    assert clash.json["error"]["code"] == "slot_taken"
    assert clash.json["error"]["details"]["starts_at"] == "14:00"
    # Right after, or in another room, is fine.
    assert book(agent_client, counter="visio", time="15:00").status_code == 201
    assert book(agent_client, counter="bureau-2", time="14:30").status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time": "25:00"}, "time"),
        ({"time": "06:00"}, "time"),
        ({"time": "08:00"}, "time"),  # already past at 09:00
        ({"date": "30/11/2026"}, "date"),
        ({"date": "2028-01-01"}, "date"),
        ({"minutes": 500}, "minutes"),
        ({"phone": "06 12 34 56 78"}, "consent"),
        ({"phone": "12", "consent": True}, "phone"),
    ],
)
def test_a_booking_with_a_slip_is_refused_with_the_field_to_fix(agent_client, overrides, field):
    response = book(agent_client, **overrides)
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"].get("field") == field


def test_unknown_service_or_place_is_a_404_and_garbage_is_a_400(agent_client):
    assert book(agent_client, service="nope").status_code == 404
    assert book(agent_client, counter="nope").status_code == 404
    assert agent_client.post("/api/v1/appointments", json={"x": 1}).status_code == 400
    assert agent_client.post("/api/v1/appointments", data="not json").status_code == 400
    assert agent_client.get("/api/v1/agenda?start=yesterday").status_code == 400
    assert agent_client.get("/api/v1/agenda?days=3").status_code == 400
    assert agent_client.patch("/api/v1/appointments/999", json={}).status_code == 404


def test_moving_keeps_the_code_and_checks_the_new_place(agent_client):
    first = book(agent_client, counter="bureau-1", time="10:00").json
    other = book(agent_client, counter="bureau-2", time="11:00").json
    moved = agent_client.patch(
        f"/api/v1/appointments/{first['id']}", json={"date": "2026-12-01", "time": "15:30"}
    )
    assert moved.status_code == 200, moved.json
    assert (moved.json["code"], moved.json["date"], moved.json["time"]) == (
        first["code"],
        "2026-12-01",
        "15:30",
    )
    assert moved.json["counter"] == "bureau-1"  # unchanged unless given
    assert moved.json["ends"] == "16:00"
    clash = agent_client.patch(
        f"/api/v1/appointments/{other['id']}",
        json={"date": "2026-12-01", "time": "15:45", "counter": "bureau-1"},
    )
    assert clash.status_code == 409
    # Moving onto its own slot is not a clash with itself.
    same = agent_client.patch(f"/api/v1/appointments/{first['id']}", json={"minutes": 45})
    assert same.status_code == 200 and same.json["ends"] == "16:15"
    unplaced = agent_client.patch(f"/api/v1/appointments/{first['id']}", json={"counter": None})
    assert unplaced.json["counter"] is None


def test_cancelling_frees_the_place_deletes_the_phone_and_the_kiosk_no_longer_knows_it(
    app, agent_client, client
):
    booked = book(
        agent_client, counter="bureau-1", phone="06 12 34 56 78", consent=True, time="10:00"
    ).json
    assert agent_client.get(f"/api/v1/appointments/{booked['id']}").json["phone"] == "+33612345678"
    response = agent_client.post(f"/api/v1/appointments/{booked['id']}/cancel")
    assert response.status_code == 200 and response.json["state"] == "cancelled"
    assert response.json["phone"] is None
    assert agent_client.post(f"/api/v1/appointments/{booked['id']}/cancel").status_code == 409
    assert (
        agent_client.patch(f"/api/v1/appointments/{booked['id']}", json={"time": "11:00"})
    ).status_code == 409
    assert book(agent_client, counter="bureau-1", time="10:00").status_code == 201
    refused = client.post("/api/v1/appointments/check-in", json={"code": booked["code"]})
    assert refused.status_code == 404


def test_no_name_is_stored_and_the_phone_goes_once_the_appointment_is_over(
    app, agent_client, clock
):
    booked = book(agent_client, phone="+33 6 12 34 56 78", consent=True).json
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("appointments")}
        assert not {"name", "first_name", "last_name", "visitor_name"} & columns
        assert purge_phones(db.session(), clock) == 0  # not over yet
        clock.advance(hours=2)  # 11:00, the 10:00-10:30 appointment is over
        assert purge_phones(db.session(), clock) == 1
        row = db.session.get(Appointment, booked["id"])
        assert row.phone is None and row.phone_consent_at is None


def test_the_servers_own_scheduled_purge_deletes_the_phone_once_the_appointment_is_over(
    app, agent_client, clock
):
    """With ACCUEIL_RETENTION_AUTOSTART on (the default) nobody runs `accueil purge` from cron:
    the server's purge must delete the reminder number itself."""
    booked = book(agent_client, phone="+33 6 12 34 56 78", consent=True).json
    clock.advance(hours=2)  # 11:00, the 10:00-10:30 appointment is over
    counts = app.extensions["accueil.retention"].run_once()
    assert counts["appointment_phones"] == 1
    with app.app_context():
        row = db.session.get(Appointment, booked["id"])
        assert row.phone is None and row.phone_consent_at is None


def test_a_visitor_late_beyond_the_set_time_is_flagged_and_loses_priority(
    app, agent_client, client, clock, make_ticket, login
):
    booked = book(agent_client, time="10:00").json
    make_ticket()  # a walk-in, waiting since 09:00
    clock.advance(hours=1, minutes=16)  # 10:16: late by more than 15 minutes
    agent_client = login()  # signed in again after an hour away
    listed = agent_client.get(f"/api/v1/agenda?start={TODAY}").json
    assert own(listed["days"][0])[-1]["state"] == "late"
    checked = client.post("/api/v1/appointments/check-in", json={"code": booked["code"]})
    assert checked.status_code == 201
    assert checked.json["late"] is True
    queue = agent_client.get("/api/v1/queue").json
    flagged = next(t for t in queue["waiting"] if t["number"] == checked.json["number"])
    assert flagged["appointment"] is True and flagged["appointment_late"] is True
    assert queue["waiting"][0]["number"] != checked.json["number"]  # the walk-in stays first
    called = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert called["number"] != checked.json["number"]
    with app.app_context():
        visit = db.session.scalar(select(Visit).where(Visit.number == checked.json["number"]))
        event = db.session.scalar(select(VisitEvent).where(VisitEvent.visit_id == visit.id))
        assert visit.appointment_id == booked["id"] and visit.appointment_at is None
        assert event.detail == {"late": True}


def test_a_visitor_on_time_goes_first(app, agent_client, client, clock, make_ticket, login):
    booked = book(agent_client, time="10:00").json
    make_ticket()
    clock.advance(hours=1, minutes=10)  # 10:10: within the 15 minutes
    checked = client.post("/api/v1/appointments/check-in", json={"code": booked["code"]}).json
    assert checked["late"] is False
    called = login().post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert called["number"] == checked["number"]


def test_the_late_threshold_is_a_setting(make_app, login, clock):
    app = make_app(APPOINTMENT_LATE_MINUTES=5)
    agent = app.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    booked = book(agent, time="10:00").json
    clock.advance(hours=1, minutes=6)
    checked = app.test_client().post("/api/v1/appointments/check-in", json={"code": booked["code"]})
    assert checked.json["late"] is True


def test_the_visitor_page_shows_time_place_and_code_and_nothing_else(agent_client, client):
    booked = book(agent_client, counter="visio", time="14:00").json
    path = "/rdv/" + booked["visitor_url"].rsplit("/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert booked["code"] in text and "14 h 00" in text and "Salle visio" in text
    assert "<svg" in text  # the QR code is inline
    # French typography: « J'ai un rendez-vous » keeps its guillemets on its lines (a phone cut
    # it before the closing one, which began the next line alone), and no colon starts a line.
    assert "Touchez «\u202fJ'ai un rendez-vous\u202f» et tapez ce code\u202f:" in html.unescape(
        text
    )
    assert client.get("/rdv/not-a-token").status_code == 404
    qr = agent_client.get(booked["qr_url"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"


def test_codes_are_unique_and_the_kiosk_field_accepts_them(app, agent_client):
    codes = {
        book(agent_client, time=f"{10 + n // 4}:{(n % 4) * 15:02d}").json["code"] for n in range(12)
    }
    assert len(codes) == 12
    assert all(len(code.removeprefix("RDV-")) == 6 for code in codes)


def test_an_old_demo_appointment_without_token_still_lists(app, agent_client):
    with app.app_context():
        demo = db.session.scalar(select(Appointment).where(Appointment.checkin_code == "RDV-1234"))
        day = demo.starts_at.date().isoformat()
    listed = agent_client.get(f"/api/v1/agenda?start={day}").json
    shown = [a for a in listed["days"][0]["appointments"] if a["code"] == "RDV-1234"]
    assert shown and shown[0]["visitor_url"] is None


def test_a_booking_for_later_today_and_tomorrow_is_in_the_right_day(agent_client):
    book(agent_client, date="2026-12-01", time="09:00")
    listed = agent_client.get("/api/v1/agenda?start=2026-12-01").json
    assert [a["time"] for a in own(listed["days"][0])] == ["09:00"]
    assert listed["days"][0]["weekday"] == "mardi"


def test_booking_is_recorded_with_who_and_when(app, agent_client, clock):
    booked = book(agent_client).json
    with app.app_context():
        row = db.session.get(Appointment, booked["id"])
        assert row.booked_at == clock.now() and row.booked_by_agent_id is not None
        assert row.ends_at - row.starts_at == timedelta(minutes=30)
