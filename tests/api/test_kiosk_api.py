"""What the kiosk and the phone page rely on: check-in, presences, closed hours, one tap one
ticket, the QR code and the pages themselves."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import qrcode
import qrcode.image.svg

from server.demo import seed_demo_appointments
from server.extensions import db
from server.models import Appointment, Presence, Visit, VisitEvent
from server.services.lookup import service_by_code, site_by_code

MONDAY = date(2026, 11, 30)
MONDAY_EVENING = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)  # 19:00 in Castelsarrasin


@pytest.fixture
def appointments(app):
    """The demo appointments (RDV-1234 at 09:30 for the RSA, …) on the test clock's Monday."""
    with app.app_context():
        seed_demo_appointments(db.session, site_by_code(db.session, "mde-castelsarrasin"), MONDAY)


def token_of(ticket):
    return ticket["tracking_url"].rsplit("/", 1)[1]


def test_checking_in_with_the_code_marks_the_appointment_arrived_and_gives_a_ticket(
    app, client, appointments, login
):
    response = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"})
    assert response.status_code == 201, response.json
    ticket = response.json
    assert ticket["number"] == "C001"
    assert ticket["service"] == "caf-rsa"
    assert ticket["appointment_time"] == "09:30"
    assert ticket["tracking_url"].startswith("http://localhost/t/")
    with app.app_context():
        appointment = db.session.query(Appointment).filter_by(checkin_code="RDV-1234").one()
        visit = db.session.get(Visit, ticket["id"])
        assert appointment.arrived_at is not None
        assert (visit.source, visit.appointment_id) == ("appointment", appointment.id)
    waiting = login("demo1").get("/api/v1/queue").json["waiting"]
    assert [(t["number"], t["appointment"]) for t in waiting] == [("C001", True)]


def test_the_code_may_be_typed_as_digits_or_in_lower_case(client, appointments):
    assert client.post("/api/v1/appointments/check-in", json={"code": "2345"}).status_code == 201
    response = client.post("/api/v1/appointments/check-in", json={"code": "rdv 3456"})
    assert response.status_code == 201
    assert response.json["appointment_time"] == "14:00"


def test_an_appointment_that_is_due_goes_before_walk_in_visitors(
    client, clock, make_ticket, appointments, agent_client
):
    walk_in = make_ticket(service="caf-logement")
    checked_in = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"}).json
    clock.advance(minutes=26)  # 09:26: the 09:30 slot is due (5 minutes early at most)
    waiting = agent_client.get("/api/v1/queue").json["waiting"]
    assert [t["number"] for t in waiting] == [checked_in["number"], walk_in["number"]]


def test_nobody_checks_in_by_time_slot_at_the_kiosk_nor_lists_todays_slots(
    app, client, appointments
):
    assert client.get("/api/v1/appointments/today").status_code == 401
    response = client.post(
        "/api/v1/appointments/check-in", json={"slot": "09:30", "service": "caf-rsa"}
    )
    assert response.status_code == 400  # someone else's appointment cannot be taken
    assert response.json["error"]["details"]["field"] == "code"
    with app.app_context():
        appointment = db.session.query(Appointment).filter_by(checkin_code="RDV-1234").one()
        assert appointment.arrived_at is None


def test_an_agent_checks_in_a_visitor_without_code_by_time_slot(agent_client, appointments):
    slots = agent_client.get("/api/v1/appointments/today").json["appointments"]
    assert {"time": "10:30", "service": "carte-grise", "service_label": "Carte grise"} in slots
    assert all(set(slot) == {"time", "service", "service_label"} for slot in slots)
    response = agent_client.post(
        "/api/v1/appointments/check-in", json={"slot": "10:30", "service": "carte-grise"}
    )
    assert response.status_code == 201
    assert response.json["number"] == "T001"
    remaining = agent_client.get("/api/v1/appointments/today").json["appointments"]
    assert "10:30" not in [slot["time"] for slot in remaining]


def test_two_appointments_at_the_same_time_ask_for_the_code(app, agent_client, appointments):
    with app.app_context():
        first = db.session.query(Appointment).filter_by(checkin_code="RDV-1234").one()
        db.session.add(
            Appointment(
                site_id=first.site_id,
                service_id=service_by_code(db.session, "cpam-css").id,
                starts_at=first.starts_at,
                ends_at=first.ends_at,
                checkin_code="RDV-9999",
            )
        )
        db.session.commit()
    response = agent_client.post("/api/v1/appointments/check-in", json={"slot": "09:30"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "ambiguous"


def test_a_wrong_code_is_a_helpful_json_404_and_marks_nothing(app, client, appointments):
    response = client.post("/api/v1/appointments/check-in", json={"code": "RDV-0000"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert "reception" in response.json["error"]["message"]
    with app.app_context():
        assert (
            db.session.query(Appointment).filter(Appointment.arrived_at.is_not(None)).count() == 0
        )
    for body in ({}, {"slot": "25:99"}, {"code": ""}):
        assert client.post("/api/v1/appointments/check-in", json=body).status_code == 400


def test_checking_in_twice_returns_the_existing_ticket_number(client, appointments):
    first = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"}).json
    again = client.post("/api/v1/appointments/check-in", json={"code": "1234"})
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_checked_in"
    assert again.json["error"]["details"]["number"] == first["number"]
    assert client.get("/api/v1/queue").json["waiting_count"] == 1


def test_coming_to_read_is_counted_and_nothing_personal_is_kept(app, client):
    response = client.post("/api/v1/presences", json={"kind": "reading"})
    assert response.status_code == 201
    assert response.json == {"kind": "reading"}
    assert client.post("/api/v1/presences", json={}).status_code == 201
    assert client.post("/api/v1/presences", json={"kind": "gossip"}).status_code == 400
    with app.app_context():
        presences = db.session.query(Presence).all()
        assert [p.kind for p in presences] == ["reading", "reading"]
    assert client.get("/api/v1/queue").json["waiting_count"] == 0


def test_presences_are_rate_limited_like_tickets(make_app):
    client = make_app(RATELIMIT_ENABLED=True, TICKET_RATE_LIMIT="2 per minute").test_client()
    codes = [client.post("/api/v1/presences", json={}).status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_outside_opening_hours_no_ticket_is_given_and_the_next_opening_is_said(
    make_app, clock, appointments
):
    clock.current = MONDAY_EVENING
    client = make_app().test_client()
    response = client.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "closed"
    assert response.json["error"]["details"]["next_opening"].startswith("2026-12-01T09:00")
    check_in = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"})
    assert check_in.json["error"]["code"] == "closed"
    assert client.get("/api/v1/queue").json["waiting_count"] == 0


def test_when_always_open_the_evening_gives_tickets(make_app, clock):
    clock.current = MONDAY_EVENING
    client = make_app(OPENING_HOURS="always").test_client()
    assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201


def test_the_same_idempotency_key_gives_the_same_ticket_once(app, client):
    headers = {"Idempotency-Key": "tap-0123456789abcdef"}
    first = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    second = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json["number"] == second.json["number"] == "C001"
    assert first.json["tracking_url"] == second.json["tracking_url"]
    assert client.get("/api/v1/queue").json["waiting_count"] == 1
    with app.app_context():
        assert db.session.query(VisitEvent).count() == 1
    other = client.post(
        "/api/v1/tickets",
        json={"service": "caf-rsa"},
        headers={"Idempotency-Key": "tap-fedcba9876543210"},
    )
    assert other.json["number"] == "C002"


def test_an_idempotency_key_is_forgotten_after_a_few_minutes(client, clock):
    headers = {"Idempotency-Key": "tap-0123456789abcdef"}
    client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    clock.advance(minutes=11)
    later = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    assert later.json["number"] == "C002"


def test_a_refused_ticket_does_not_use_up_its_key(client):
    headers = {"Idempotency-Key": "tap-0123456789abcdef"}
    refused = client.post("/api/v1/tickets", json={"service": "teleportation"}, headers=headers)
    assert refused.status_code == 404
    retried = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    assert retried.status_code == 201 and retried.json["number"] == "C001"


def test_a_malformed_idempotency_key_is_a_json_400(client):
    response = client.post(
        "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"Idempotency-Key": "short"}
    )
    assert response.status_code == 400
    assert response.json["error"]["details"]["field"] == "Idempotency-Key"
    assert client.get("/api/v1/queue").json["waiting_count"] == 0


def test_the_qr_code_is_an_svg_of_the_tracking_url_drawn_by_the_server(client, make_ticket):
    ticket = make_ticket()
    response = client.get(f"/kiosk/qr/{token_of(ticket)}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    expected = qrcode.make(
        ticket["tracking_url"], image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4
    ).to_string(encoding="unicode")
    assert response.get_data(as_text=True) == expected
    assert client.get("/kiosk/qr/not-a-ticket.svg").status_code == 404


def page_data(response, element_id):
    html = response.get_data(as_text=True)
    match = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    )
    assert match, html[:500]
    return json.loads(match.group(1))


def test_the_phone_page_speaks_the_language_chosen_at_the_kiosk(client, make_ticket):
    ticket = make_ticket(language="ar")
    response = client.get(f"/t/{token_of(ticket)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    data = page_data(response, "phone-data")
    assert data["language"] == "ar"
    assert data["ticket"]["number"] == ticket["number"]
    assert data["texts"]["ar"]["phone.your_turn"] == "حان دورك!"


def test_an_unknown_phone_link_is_a_friendly_404_page(client):
    response = client.get("/t/this-is-not-a-ticket")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert "Ticket introuvable" in response.get_data(as_text=True)


def test_the_kiosk_page_carries_catalogue_hours_and_idle_timing(client):
    data = page_data(client.get("/kiosk"), "kiosk-data")
    assert data["timing"] == {"idle_seconds": 60, "warning_seconds": 20, "ticket_seconds": 30}
    assert data["hours"]["open_now"] is True
    assert len(data["themes"]) == 6
    assert {s["code"] for s in data["services"]} >= {"caf-rsa", "accueil-general"}
    assert set(data["texts"]) == {"fr", "falc", "bg", "tr", "ar", "es", "pt", "en"}
    shortened = page_data(client.get("/kiosk?idle=5&warning=3&ticket=4"), "kiosk-data")
    assert shortened["timing"] == {"idle_seconds": 5, "warning_seconds": 3, "ticket_seconds": 4}


def test_outside_tests_the_idle_timing_can_only_be_shortened_by_a_flag(make_app):
    production = make_app(TESTING=False).test_client()
    timing = page_data(production.get("/kiosk?idle=5&warning=3&ticket=2"), "kiosk-data")["timing"]
    assert timing == {"idle_seconds": 60, "warning_seconds": 20, "ticket_seconds": 30}
    allowed = make_app(TESTING=False, KIOSK_ALLOW_TIMING_OVERRIDE=1).test_client()
    timing = page_data(allowed.get("/kiosk?idle=5&warning=3&ticket=2"), "kiosk-data")["timing"]
    assert timing == {"idle_seconds": 5, "warning_seconds": 3, "ticket_seconds": 2}


def test_the_demo_appointments_move_to_the_new_day(app):
    with app.app_context():
        site = site_by_code(db.session, "mde-castelsarrasin")
        seed_demo_appointments(db.session, site, MONDAY)
        appointment = db.session.query(Appointment).filter_by(checkin_code="RDV-1234").one()
        appointment.arrived_at = datetime(2026, 11, 30, 8, 25, tzinfo=UTC)
        db.session.commit()
        seed_demo_appointments(db.session, site, MONDAY + timedelta(days=1))
        db.session.refresh(appointment)
        assert appointment.arrived_at is None
        assert appointment.starts_at == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


def test_trying_codes_at_random_is_stopped_after_ten_wrong_ones(client, clock, appointments):
    for index in range(9):
        wrong = client.post("/api/v1/appointments/check-in", json={"code": f"RDV-{9000 + index}"})
        assert wrong.status_code == 404
    tenth = client.post("/api/v1/appointments/check-in", json={"code": "RDV-9999"})
    assert tenth.status_code == 423
    assert tenth.json["error"]["details"]["retry_after_seconds"] == 60
    assert "borne" in tenth.json["error"]["message"]  # about codes, not PINs
    locked = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"})
    assert locked.status_code == 423  # even a right code waits: a guess is not checked
    clock.advance(minutes=1, seconds=1)
    right = client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"})
    assert right.status_code == 201


def test_a_right_code_clears_the_kiosks_wrong_ones(client, appointments):
    for index in range(9):
        client.post("/api/v1/appointments/check-in", json={"code": f"RDV-{9000 + index}"})
    assert (
        client.post("/api/v1/appointments/check-in", json={"code": "RDV-1234"}).status_code == 201
    )
    for index in range(9):
        wrong = client.post("/api/v1/appointments/check-in", json={"code": f"RDV-{8000 + index}"})
        assert wrong.status_code == 404


def test_a_visitors_check_in_error_comes_in_their_accept_language(client, appointments):
    """Flask-Babel's locale follows Accept-Language on the public API: a translated error is
    answered in it (Content-Language says which); an untranslated language gets the message."""
    body = {"code": "RDV-9999"}
    english = client.post(
        "/api/v1/appointments/check-in", json=body, headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert english.status_code == 404
    assert english.json["error"]["message"] == (
        "We cannot find this appointment. Check the code or ask at the reception desk."
    )
    assert english.headers["Content-Language"] == "en"
    assert english.json["error"]["details"] == {"field": "code"}
    arabic = client.post(
        "/api/v1/appointments/check-in", json=body, headers={"Accept-Language": "ar"}
    )
    assert (
        arabic.json["error"]["message"] == "لا نجد هذا الموعد. تحقّق من الرمز أو توجّه إلى الاستقبال."
    )
    assert arabic.headers["Content-Language"] == "ar"
    german = client.post(
        "/api/v1/appointments/check-in", json=body, headers={"Accept-Language": "de"}
    )
    assert german.json["error"]["message"].startswith("no appointment today with this code")


def test_the_closed_kiosk_answers_in_the_visitors_language(make_app, clock):
    clock.current = MONDAY_EVENING
    client = make_app().test_client()
    answer = client.post(
        "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"Accept-Language": "tr"}
    )
    assert answer.status_code == 409 and answer.json["error"]["code"] == "closed"
    assert answer.json["error"]["message"] == "France Services kapalı"
    assert answer.json["error"]["details"]["next_opening"].startswith("2026-12-01T09:00")
