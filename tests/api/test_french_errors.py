"""A refusal says why in French: the back-office and the console put the server's message on the
screen as it is, so a message in English reached an agent ("no counter with code 'bureau-9'",
"fifth week must be one of …") who cannot act on it."""

from __future__ import annotations

from typing import Any


def message(response: Any) -> str:
    return str(response.json["error"]["message"])


def test_the_console_says_in_french_that_a_counter_or_an_action_does_not_exist(
    agent_client: Any, make_ticket: Any
) -> None:
    gone = agent_client.post("/api/v1/agent/duty", json={"posture": "desk", "counter": "bureau-9"})
    assert gone.status_code == 404
    assert message(gone) == "aucun guichet n'a le code « bureau-9 »"
    ticket = make_ticket()
    odd = agent_client.post(f"/api/v1/tickets/{ticket['id']}/dance", json={})
    assert odd.status_code == 404
    assert message(odd) == "action inconnue : « dance »"
    missing = agent_client.post("/api/v1/tickets/999999/start", json={})
    assert missing.status_code == 404
    assert message(missing) == "ticket introuvable (n° 999999)"


def test_a_counter_held_by_a_colleague_is_refused_in_french(login: Any) -> None:
    first, second = login("demo1"), login("demo2")
    taken = first.post("/api/v1/agent/duty", json={"posture": "desk", "counter": "bureau-1"})
    assert taken.status_code == 200, taken.json
    refused = second.post("/api/v1/agent/duty", json={"posture": "desk", "counter": "bureau-1"})
    assert refused.status_code == 403
    assert message(refused).endswith("est tenu par un·e collègue")


def test_the_statistics_page_explains_an_impossible_period_in_french(agent_client: Any) -> None:
    page = agent_client.get("/admin/stats?period=custom&start=2026-11-30&end=2026-11-01")
    assert page.status_code == 400
    assert "la date de fin est avant la date de début" in page.get_data(as_text=True)


def test_a_slip_in_a_booking_or_a_transfer_is_explained_in_french(
    agent_client: Any, make_ticket: Any
) -> None:
    booking = {"service": "caf-rsa", "date": "2026-12-01", "time": "10:00", "counter": "bureau-1"}
    bad_phone = agent_client.post(
        "/api/v1/appointments", json={**booking, "phone": "12", "consent": True}
    )
    assert bad_phone.status_code == 400
    assert message(bad_phone).startswith("un numéro de téléphone français est attendu")
    ticket = make_ticket()
    uncalled = agent_client.post(f"/api/v1/tickets/{ticket['id']}/call", json={})
    assert uncalled.status_code == 400
    assert message(uncalled) == "pour appeler un ticket, choisissez un guichet"
    called = agent_client.post(f"/api/v1/tickets/{ticket['id']}/call", json={"counter": "bureau-1"})
    assert called.status_code == 200, called.json
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    nowhere = agent_client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={})
    assert nowhere.status_code == 400
    assert message(nowhere) == "pour transférer, choisissez une démarche ou un guichet"


def test_a_ticket_asked_while_closed_is_refused_in_french(make_app: Any) -> None:
    closed = make_app(OPENING_HOURS='{"lundi": []}').test_client()  # Monday, and closed
    refused = closed.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert refused.status_code == 409
    assert message(refused) == "France Services est fermé en ce moment"
