"""The fixed public contract of /api/v1 that screens, phones and outside tests rely on."""

from server.extensions import db
from server.models import VisitEvent


def test_services_list_the_france_services_catalogue_with_prefixes(client):
    services = client.get("/api/v1/services").json
    by_code = {s["code"]: s for s in services}
    assert {"code", "label", "partner", "theme", "prefix"} <= set(services[0])
    assert by_code["caf-rsa"]["partner"] == "CAF"
    assert by_code["carte-grise"]["prefix"] == "T"
    assert {s["theme"] for s in services} == {
        "emploi",
        "justice",
        "sante",
        "budget",
        "famille",
        "logement",
    }


def test_a_visitor_takes_a_ticket_and_gets_a_number_a_position_and_a_tracking_link(client):
    response = client.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert response.status_code == 201
    ticket = response.json
    assert ticket["number"] == "C001"
    assert ticket["status"] == "waiting"
    assert ticket["position"] == 1
    assert ticket["estimated_wait_minutes"] == 0
    # Nobody is signed in yet: no range is promised, whatever the number says.
    assert ticket["wait"] == {
        "kind": "unknown",
        "low": None,
        "high": None,
        "minutes": 0,
        "text": "inconnue",
    }
    assert ticket["tracking_url"].startswith("http://localhost/t/")
    assert {
        "id",
        "number",
        "service",
        "status",
        "position",
        "estimated_wait_minutes",
        "tracking_url",
    } <= set(ticket)


def test_numbers_follow_each_other_per_prefix(make_ticket):
    assert [make_ticket()["number"] for _ in range(3)] == ["C001", "C002", "C003"]
    assert make_ticket(service="impots-declaration")["number"] == "I001"


def test_the_second_visitor_is_second_and_waits_longer(make_ticket):
    make_ticket()
    second = make_ticket(service="caf-logement")
    assert second["position"] == 2
    assert second["estimated_wait_minutes"] > 0


def test_the_phone_page_data_has_no_personal_data_and_follows_the_ticket(client, make_ticket):
    ticket = make_ticket(priority=True, language="ar")
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    assert len(token) >= 40
    tracked = client.get(f"/api/v1/tickets/by-token/{token}").json
    assert {"number", "status", "position", "estimated_wait_minutes", "counter_label"} <= set(
        tracked
    )
    assert tracked["number"] == ticket["number"]
    assert "id" not in tracked and "language" not in tracked


def test_an_unknown_token_is_a_json_404(client):
    response = client.get("/api/v1/tickets/by-token/nope")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_bad_input_gives_a_json_400_never_a_500(client):
    for body in (
        {},
        {"service": ""},
        {"service": "caf-rsa", "priority": "yes please"},
        {"service": "caf-rsa", "language": "klingon"},
        {"service": 12},
    ):
        response = client.post("/api/v1/tickets", json=body)
        assert response.status_code == 400, body
        assert response.is_json
        assert response.json["error"]["message"]
    response = client.post("/api/v1/tickets", data="not json", content_type="text/plain")
    assert response.status_code in (400, 415) and response.is_json


def test_an_unknown_service_is_a_json_404_and_nothing_is_numbered(client, make_ticket):
    response = client.post("/api/v1/tickets", json={"service": "teleportation"})
    assert response.status_code == 404
    assert response.json["error"]["details"]["field"] == "service"
    assert make_ticket()["number"] == "C001"


def test_the_agents_queue_snapshot_lists_the_waiting_tickets(agent_client, make_ticket):
    make_ticket()
    make_ticket(service="carte-grise", priority=True)
    snapshot = agent_client.get("/api/v1/queue").json
    assert snapshot["waiting_count"] == 2
    assert [t["number"] for t in snapshot["waiting"]] == ["T001", "C001"]  # priority first
    assert snapshot["waiting"][0]["priority"] is True
    assert set(snapshot["waiting"][0]) == {
        "id",
        "number",
        "service",
        "service_label",
        "priority",
        "appointment",
        "appointment_late",
        "minutes_waited",
    }
    rsa = next(s for s in snapshot["services"] if s["code"] == "caf-rsa")
    assert rsa["waiting"] == 1


def test_every_ticket_creation_is_logged(app, make_ticket):
    ticket = make_ticket()
    with app.app_context():
        events = db.session.query(VisitEvent).filter_by(visit_id=ticket["id"]).all()
    assert [(e.action, e.to_status) for e in events] == [("issue", "waiting")]


def test_the_openapi_document_describes_the_fixed_routes(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/services",
        "/api/v1/tickets",
        "/api/v1/tickets/by-token/{token}",
        "/api/v1/auth/login",
        "/api/v1/agent/call-next",
        "/api/v1/queue",
        "/api/v1/tickets/{ticket_id}/{action}",
    ):
        assert path in spec["paths"], path


def test_the_visitor_can_give_up_from_the_phone(client, make_ticket):
    ticket = make_ticket()
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    response = client.post(f"/api/v1/tickets/by-token/{token}/cancel")
    assert response.status_code == 200
    assert response.json["status"] == "cancelled"
    assert client.get("/api/v1/queue").json["waiting_count"] == 0
    again = client.post(f"/api/v1/tickets/by-token/{token}/cancel")
    assert again.status_code == 409


def test_the_snapshot_lists_the_head_of_a_very_long_line_and_counts_it_all(
    agent_client, make_ticket
):
    from server.services.queue_view import WAITING_LIST_LIMIT

    for _ in range(WAITING_LIST_LIMIT + 5):
        make_ticket()
    snapshot = agent_client.get("/api/v1/queue").json
    assert snapshot["waiting_count"] == WAITING_LIST_LIMIT + 5
    assert len(snapshot["waiting"]) == WAITING_LIST_LIMIT
    assert snapshot["waiting"][0]["number"] == "C001"
