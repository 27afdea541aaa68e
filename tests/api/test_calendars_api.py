"""The shared agenda: secret revocable .ics feeds per partner and per counter, read back with
the icalendar library, and the import of a partner's slots from .ics or CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from server.demo import DEMO_APPOINTMENTS

DEMO_CODES = {code for code, *_ in DEMO_APPOINTMENTS}  # seeded on the day the suite runs
EVEN_TUESDAY = "2026-12-08"  # ISO week 50; the fake clock is Monday 2026-11-30, 09:00 in Paris


@pytest.fixture
def admin(login):
    return login("demo1")


def feed_path(link):
    return "/" + link["url"].split("/", 3)[3]


def events_of(client, link):
    response = client.get(feed_path(link))
    assert response.status_code == 200, response.data[:200]
    assert response.mimetype == "text/calendar"
    return list(Calendar.from_ical(response.data).walk("VEVENT"))


def book(client, **overrides):
    body = {"service": "caf-rsa", "date": "2026-12-01", "time": "10:00", "minutes": 30}
    response = client.post("/api/v1/appointments", json={**body, **overrides})
    assert response.status_code == 201, response.json
    return response.json


def test_a_partner_reads_its_bookings_and_permanences_by_a_secret_link(admin, client):
    caf = book(admin, counter="bureau-1", phone="06 12 34 56 78", consent=True)
    book(admin, service="carte-grise", time="11:00")  # ANTS: not the CAF's
    link = admin.post("/api/v1/calendar-links", json={"partner": "caf"}).json
    assert len(feed_path(link)) > 40  # a long secret, not a guessable id
    events = events_of(client, link)
    bookings = [
        e
        for e in events
        if str(e["uid"]).startswith("appointment-")
        and not any(code in str(e.get("description")) for code in DEMO_CODES)
    ]
    assert [str(e["uid"]) for e in bookings] == [f"appointment-{caf['id']}@accueil"]
    booked = bookings[0]
    assert str(booked["summary"]) == "Rendez-vous : RSA"
    assert booked.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert "Bureau 1" in str(booked["location"])
    raw = client.get(feed_path(link)).get_data(as_text=True)
    assert "612345678" not in raw  # the reminder number never leaves the console
    # The demo's « CAF en visio » permanence on even Tuesdays is in the partner's feed too.
    held = [e for e in events if str(e["uid"]).startswith("permanence-")]
    assert date(2026, 12, 8) in {e.decoded("dtstart").date() for e in held}


def test_a_counters_feed_and_cancellations(admin, client):
    kept = book(admin, counter="visio", time="14:00")
    gone = book(admin, counter="visio", time="15:00")
    book(admin, counter="bureau-2", time="15:00")
    admin.post(f"/api/v1/appointments/{gone['id']}/cancel")
    link = admin.post("/api/v1/calendar-links", json={"counter": "visio"}).json
    events = {str(e["uid"]): str(e["status"]) for e in events_of(client, link)}
    assert events == {
        f"appointment-{kept['id']}@accueil": "CONFIRMED",
        f"appointment-{gone['id']}@accueil": "CANCELLED",
    }


def test_a_revoked_link_answers_404_and_only_admins_manage_links(admin, client, login):
    link = admin.post("/api/v1/calendar-links", json={"partner": "caf"}).json
    assert client.get(feed_path(link)).status_code == 200
    assert [row["id"] for row in admin.get("/api/v1/calendar-links").json] == [link["id"]]
    agent = login("demo2")
    assert agent.post("/api/v1/calendar-links", json={"partner": "caf"}).status_code == 403
    assert agent.post(f"/api/v1/calendar-links/{link['id']}/revoke").status_code == 403
    assert client.get("/api/v1/calendar-links").status_code == 401
    assert admin.post(f"/api/v1/calendar-links/{link['id']}/revoke").status_code == 200
    assert client.get(feed_path(link)).status_code == 404
    assert admin.get("/api/v1/calendar-links").json == []
    assert admin.post(f"/api/v1/calendar-links/{link['id']}/revoke").status_code == 404
    assert client.get("/agenda/guess.ics").status_code == 404
    bad = admin.post("/api/v1/calendar-links", json={"partner": "caf", "counter": "visio"})
    assert bad.status_code == 400
    assert admin.post("/api/v1/calendar-links", json={"partner": "nope"}).status_code == 404


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Partenaire//FR
BEGIN:VEVENT
UID:1@partner
DTSTART;TZID=Europe/Paris:20261208T140000
DTEND;TZID=Europe/Paris:20261208T170000
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU
SUMMARY:Permanence MSA en visio
END:VEVENT
BEGIN:VEVENT
UID:2@partner
DTSTART;TZID=Europe/Paris:20261217T090000
DTEND;TZID=Europe/Paris:20261217T120000
SUMMARY:Permanence exceptionnelle
END:VEVENT
END:VCALENDAR
"""


def test_importing_a_partners_ics_makes_permanences(admin):
    response = admin.post(
        "/api/v1/permanences/import",
        json={"filename": "msa.ics", "content": ICS, "partner": "msa", "counter": "visio",
              "capacity": 4, "remote": True},
    )  # fmt: skip
    assert response.status_code == 201, response.json
    made = {p["label"]: p for p in response.json["permanences"]}
    visio = made["Permanence MSA en visio"]
    assert (visio["weekday"], visio["opens"], visio["closes"], visio["weeks"]) == (
        1,
        "14:00",
        "17:00",
        "even",  # every two weeks from ISO week 50
    )
    assert visio["capacity"] == 4 and visio["place_label"] == "Salle visio" and visio["remote"]
    once = made["Permanence exceptionnelle"]
    assert once["starts_on"] == once["ends_on"] == "2026-12-17"
    held = admin.get(f"/api/v1/agenda?start={EVEN_TUESDAY}").json["days"][0]["permanences"]
    assert "Permanence MSA en visio" in [p["label"] for p in held]


CSV = """intitule;jour;debut;fin;semaines;capacite;lieu
Conciliateur de justice;jeudi;14:00;17:00;1-3;5;bureau-2
Point conseil budget;mardi;9h30;12h00;toutes;3;
"""


def test_importing_a_csv_and_a_wrong_line_imports_nothing(admin):
    response = admin.post(
        "/api/v1/permanences/import",
        json={"filename": "partenaire.csv", "content": CSV, "partner": "caf"},
    )
    assert response.status_code == 201, response.json
    made = {p["label"]: p for p in response.json["permanences"]}
    assert made["Conciliateur de justice"]["weeks"] == "1-3"
    assert made["Conciliateur de justice"]["place_label"] == "Bureau 2"
    assert made["Point conseil budget"]["opens"] == "09:30"
    before = len(admin.get("/api/v1/permanences").json)
    wrong = CSV + "Atelier;jour férié;10:00;11:00;toutes;2;\nAutre;lundi;10:00;09:00;;2;\n"
    refused = admin.post("/api/v1/permanences/import", json={"filename": "p.csv", "content": wrong})
    assert refused.status_code == 400
    lines = refused.json["error"]["details"]["lines"]
    assert [line["line"] for line in lines] == [4, 5]
    assert len(admin.get("/api/v1/permanences").json) == before


@pytest.mark.parametrize(
    "content",
    [
        "BEGIN:VCALENDAR\nnot really",
        "nom,prenom\nDupont,Jean\n",
        "",
        "jour;debut;fin\nmardi;09:00;\x0012:00\n",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage\nEND:VEVENT\nEND:VCALENDAR\n",
    ],
)
def test_garbage_files_are_refused_cleanly(admin, content):
    response = admin.post(
        "/api/v1/permanences/import", json={"filename": "x.ics", "content": content or " "}
    )
    assert response.status_code == 400, response.json


def test_only_an_admin_imports(login, client):
    body = {"filename": "p.csv", "content": CSV}
    assert login("demo2").post("/api/v1/permanences/import", json=body).status_code == 403
    assert client.post("/api/v1/permanences/import", json=body).status_code == 401
