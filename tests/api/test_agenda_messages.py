"""Agents read the agenda's, the minibus's and the itinerant editor's refusals: in French."""

from __future__ import annotations

import re

import pytest

ENGLISH = re.compile(r"\b(the|is|no|not|needs|already|with|one of|seat|trip|booked)\b")


@pytest.fixture
def admin(login):
    return login("demo1")


def french(response, status):
    assert response.status_code == status, response.json
    message = response.json["error"]["message"]
    assert not ENGLISH.search(message), message
    return message


def test_appointment_refusals_are_in_french(admin):
    past = admin.post(
        "/api/v1/appointments",
        json={"service": "caf-rsa", "date": "2026-11-30", "time": "08:00", "counter": "bureau-1"},
    )
    assert "déjà passée" in french(past, 400)
    assert "introuvable" in french(admin.post("/api/v1/appointments/999999/cancel"), 404)


def test_minibus_refusals_are_in_french(admin):
    trip = admin.post(
        "/api/v1/minibus/trips",
        json={
            "day": "2026-12-08",
            "stops": [{"time": "08:30", "place": "Saint-Agnan"}],
            "seats": 1,
        },
    ).json
    seat = {"pickup": 0, "name": "M. D."}
    assert admin.post(f"/api/v1/minibus/trips/{trip['id']}/seats", json=seat).status_code == 201
    full = admin.post(f"/api/v1/minibus/trips/{trip['id']}/seats", json=seat)
    assert "plus aucune place" in french(full, 409)
    soon = admin.post(
        "/api/v1/minibus/trips",
        json={"day": "2026-12-02", "stops": [{"time": "08:30", "place": "Caumont"}]},
    ).json
    early = admin.post(f"/api/v1/minibus/trips/{soon['id']}/seats", json=seat)
    assert "au moins 7 jours" in french(early, 400)
    assert "introuvable" in french(admin.post("/api/v1/minibus/trips/99999/seats", json=seat), 404)


def test_itinerant_editor_refusals_are_in_french(admin):
    stop = admin.post("/api/v1/itinerant/stops", json={"commune": "", "place": "Salle"})
    assert "Données invalides" in french(stop, 400)
    empty = admin.post("/api/v1/itinerant/stops", json={"commune": " ", "place": "Salle"})
    assert "commune" in french(empty, 400)
    assert "introuvable" in french(admin.delete("/api/v1/itinerant/stops/99999"), 404)


def test_signed_out_and_non_admin_refusals_are_in_french(client, login):
    assert "connectez-vous" in french(client.get("/api/v1/minibus/trips"), 401)
    agent = login("demo2")
    refused = agent.post("/api/v1/itinerant/stops", json={"commune": "Boudou", "place": "Mairie"})
    assert "administrateurs" in french(refused, 403)
