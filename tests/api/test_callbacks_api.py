"""The call-back list: due two weeks after the visit, oldest first, one tap for the outcome, and
the number gone from the database as soon as the call-back is closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import CallbackRequest
from server.services.followup import purge_expired


def served(agent_client, service="caf-rsa"):
    ticket = agent_client.post("/api/v1/agent/walk-in", json={"service": service}).json
    body = {
        "outcome": {"request_type": "procedure", "result": "referred"},
        "version": ticket["version"],
    }
    response = agent_client.post(f"/api/v1/tickets/{ticket['id']}/finish", json=body)
    assert response.status_code == 200, response.json
    return response.json


def consent(agent_client, ticket, phone="06 12 34 56 78"):
    response = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/callback", json={"phone": phone, "consent": True}
    )
    assert response.status_code == 201, response.json
    return response.json


def stored(app, visit_id):
    with app.app_context():
        return db.session.scalar(
            select(CallbackRequest).where(CallbackRequest.visit_id == visit_id)
        )


@pytest.fixture
def two_weeks_later(clock, login):
    def advance(days=14):
        clock.advance(days=days)
        return login("demo1")  # the morning's session expired meanwhile

    return advance


def test_a_call_back_is_listed_when_due_oldest_first_with_the_request_and_checklist(
    agent_client, clock, login, two_weeks_later
):
    first = served(agent_client, "caf-rsa")
    consent(agent_client, first, "0612345678")
    agent_client.post(
        f"/api/v1/tickets/{first['id']}/checklist",
        json={"title": "RSA — la suite", "items": ["Créer son compte caf.fr"]},
    )
    clock.advance(days=1)
    next_day = login("demo1")
    second = served(next_day, "impots-declaration")
    consent(next_day, second, "0712345678")

    agent = two_weeks_later(12)
    assert agent.get("/api/v1/callbacks/due").json == []  # not yet: two weeks after the visit
    agent = two_weeks_later(1)
    due = agent.get("/api/v1/callbacks/due").json
    assert [c["phone"] for c in due] == ["+33612345678"]
    assert due[0]["checklist"]["title"] == "RSA — la suite"
    assert due[0]["service"] == "caf-rsa" and due[0]["number"] == first["number"]
    agent = two_weeks_later(1)
    due = agent.get("/api/v1/callbacks/due").json
    assert [c["phone"] for c in due] == ["+33612345678", "+33712345678"]  # oldest first
    assert due[1]["checklist"] is None
    assert agent.get("/api/v1/followup/counts").json["callbacks_due"] == 2


def test_closing_a_call_back_erases_its_number_at_once_and_keeps_the_outcome(
    app, agent_client, two_weeks_later
):
    ticket = served(agent_client)
    consent(agent_client, ticket)
    agent = two_weeks_later()
    [callback] = agent.get("/api/v1/callbacks/due").json
    response = agent.post(
        f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": "in_progress"}
    )
    assert response.status_code == 200
    assert response.json["closed"] is True
    row = stored(app, ticket["id"])
    assert (row.phone, row.outcome, row.attempts) == (None, "in_progress", 1)
    assert agent.get("/api/v1/callbacks/due").json == []
    again = agent.post(f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": "done"})
    assert again.status_code == 409


def test_no_answer_comes_back_tomorrow_until_the_last_try_then_the_number_goes(
    app, agent_client, clock, two_weeks_later
):
    ticket = served(agent_client)
    consent(agent_client, ticket)
    agent = two_weeks_later()
    for attempt in (1, 2):
        [callback] = agent.get("/api/v1/callbacks/due").json
        assert callback["attempts"] == attempt - 1
        answer = agent.post(
            f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": "no_answer"}
        )
        assert answer.json["closed"] is False
        assert agent.get("/api/v1/callbacks/due").json == []  # tried today: tomorrow again
        assert stored(app, ticket["id"]).phone == "+33612345678"
        agent = two_weeks_later(1)
    [callback] = agent.get("/api/v1/callbacks/due").json
    last = agent.post(f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": "no_answer"})
    assert last.json == {**last.json, "closed": True, "outcome": "unreachable", "attempts": 3}
    assert stored(app, ticket["id"]).phone is None


def test_a_call_back_nobody_made_in_time_loses_its_number_in_the_scheduled_purge(
    app, agent_client, clock
):
    ticket = served(agent_client)
    consent(agent_client, ticket)
    clock.advance(days=14 + 14)
    with app.app_context():
        assert purge_expired(db.session, clock)["callbacks"] == 0  # the last day to call
    clock.advance(days=1)
    with app.app_context():
        assert purge_expired(db.session, clock)["callbacks"] == 1
    row = stored(app, ticket["id"])
    assert (row.phone, row.outcome) == (None, "expired")


def test_the_site_policy_sets_when_the_call_is_due(app, agent_client, login, clock):
    login("demo1").put("/api/v1/admin/settings", json={"policy": {"callback_after_days": 7}})
    ticket = served(agent_client)
    assert (
        consent(agent_client, ticket)["due_on"]
        == (clock.now().date() + timedelta(days=7)).isoformat()
    )
    page = agent_client.get("/console").get_data(as_text=True)
    assert "Proposer un rappel dans 1 semaine" in page


def test_the_list_and_the_outcome_are_for_signed_in_agents_and_bad_outcomes_are_400(
    client, agent_client, two_weeks_later
):
    ticket = served(agent_client)
    consent(agent_client, ticket)
    assert client.get("/api/v1/callbacks/due").status_code == 401
    assert client.post("/api/v1/callbacks/1/outcome", json={"outcome": "done"}).status_code == 401
    assert client.get("/api/v1/followup/counts").status_code == 401
    agent = two_weeks_later()
    [callback] = agent.get("/api/v1/callbacks/due").json
    bad = agent.post(f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": "maybe"})
    assert bad.status_code == 400 and bad.json["error"]["details"]["field"] == "outcome"
    assert (
        agent.post("/api/v1/callbacks/99999/outcome", json={"outcome": "done"}).status_code == 404
    )
    assert agent.post(f"/api/v1/callbacks/{callback['id']}/outcome", json={}).status_code == 400


def test_the_statistics_count_call_backs_by_outcome(agent_client, login, two_weeks_later):
    for _ in range(3):
        consent(agent_client, served(agent_client))
    agent = two_weeks_later()
    for callback, outcome in zip(
        agent.get("/api/v1/callbacks/due").json, ("done", "done", "stuck"), strict=True
    ):
        agent.post(f"/api/v1/callbacks/{callback['id']}/outcome", json={"outcome": outcome})
    figures = agent.get("/admin/stats/data.json?period=day&date=2026-11-30").json
    assert {row["code"]: row["count"] for row in figures["callbacks"]} == {"done": 2, "stuck": 1}
