"""Peak mode, the printer registry and printed tickets, through the API and emulated printers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from printers.emulator import PrinterEmulator
from server.printing_runtime import printing_runtime

StartEmulator = Callable[..., PrinterEmulator]


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Iterator[Any]:
    """The app with its printing runtime stopped after each test (spooler and monitor)."""
    app = make_app(PRINT_WAIT_SECONDS=2.0, PRINTER_POLL_SECONDS=0.2)
    yield app
    printing_runtime(app).stop()


@pytest.fixture
def start_emulator() -> Iterator[StartEmulator]:
    started: list[PrinterEmulator] = []

    def start(mode: str = "ready") -> PrinterEmulator:
        emulator = PrinterEmulator(port=0, mode=mode).start()  # type: ignore[arg-type]
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


def url_of(emulator: PrinterEmulator) -> str:
    return f"tcp://127.0.0.1:{emulator.port}?timeout=0.5"


@pytest.fixture
def add_printer(agent_client: Any) -> Callable[..., dict[str, Any]]:
    def add(name: str, emulator: PrinterEmulator, **fields: Any) -> dict[str, Any]:
        body = {"name": name, "url": url_of(emulator), "location": "borne-1", **fields}
        response = agent_client.post("/api/v1/printers", json=body)
        assert response.status_code == 201, response.json
        return dict(response.json)

    return add


def peak(agent_client: Any, on: bool) -> dict[str, Any]:
    response = agent_client.post("/api/v1/peak", json={"on": on})
    assert response.status_code == 200, response.json
    return dict(response.json)


def take_ticket(client: Any, at: str | None = "borne-1", **body: Any) -> dict[str, Any]:
    """A visitor's tap on the kiosk `at` (sent as the X-Accueil-Kiosk header)."""
    headers = {"X-Accueil-Kiosk": at} if at else {}
    response = client.post("/api/v1/tickets", json={"service": "caf-rsa", **body}, headers=headers)
    assert response.status_code == 201, response.json
    return dict(response.json)


# -- peak mode ---------------------------------------------------------------------------


def test_peak_mode_is_off_until_an_agent_turns_it_on_and_anyone_can_read_it(client, agent_client):
    assert client.get("/api/v1/peak").json == {"on": False, "suggested": False, "reason": None}
    assert peak(agent_client, True) == {"on": True, "suggested": False, "reason": None}
    assert client.get("/api/v1/peak").json["on"] is True
    assert peak(agent_client, False)["on"] is False


def test_an_anonymous_caller_cannot_switch_peak_mode(client):
    response = client.post("/api/v1/peak", json={"on": True})
    assert response.status_code == 401
    assert client.get("/api/v1/peak").json["on"] is False


def test_switching_peak_mode_tells_agents_and_kiosks(socket_client, agent_client):
    console = socket_client("/agent", flask_client=agent_client)
    kiosk = socket_client("/kiosk")
    console.get_received("/agent")
    kiosk.get_received("/kiosk")
    peak(agent_client, True)
    for sio, namespace in ((console, "/agent"), (kiosk, "/kiosk")):
        events = [m["args"][0] for m in sio.get_received(namespace) if m["name"] == "peak_changed"]
        assert events == [{"on": True, "suggested": False, "reason": None}]


def test_a_growing_line_makes_the_server_suggest_peak_mode_to_agents_once(
    make_app, socket_client, login
):
    app = make_app(PEAK_SUGGEST_WAITING=3)
    client = app.test_client()
    agent = app.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    console = socket_client("/agent", flask_client=agent)
    console.get_received("/agent")
    for _ in range(3):
        take_ticket(client)
    suggestions = [
        m["args"][0] for m in console.get_received("/agent") if m["name"] == "peak_changed"
    ]
    assert suggestions == [{"on": False, "suggested": True, "reason": "3 personnes attendent"}]
    assert client.get("/api/v1/peak").json["suggested"] is True


# -- the registry ------------------------------------------------------------------------


def test_an_administrator_registers_changes_and_removes_a_printer(agent_client):
    created = agent_client.post(
        "/api/v1/printers",
        json={
            "name": "entree",
            "url": "tcp://10.0.0.5:9100",
            "location": "borne-1",
            "qr_mode": "image",
            "paper_width_mm": 58,
            "deployed": False,
        },
    )
    assert created.status_code == 201
    assert created.json == {
        "name": "entree",
        "location": "borne-1",
        "state": "unknown",
        "deployed": False,
        "url": "tcp://10.0.0.5:9100",
        "qr_mode": "image",
        "codepage_slot": 16,
        "paper_width_mm": 58,
    }
    changed = agent_client.patch(
        "/api/v1/printers/entree", json={"deployed": True, "codepage_slot": 19}
    )
    assert (changed.json["deployed"], changed.json["codepage_slot"]) == (True, 19)
    assert [p["name"] for p in agent_client.get("/api/v1/printers").json] == ["entree"]
    assert agent_client.delete("/api/v1/printers/entree").status_code == 204
    assert agent_client.get("/api/v1/printers").json == []


def test_a_printer_address_that_cannot_work_is_refused_with_the_reason(agent_client):
    response = agent_client.post("/api/v1/printers", json={"name": "x", "url": "http://imprimante"})
    assert response.status_code == 400
    assert "Adresse d'imprimante refusée" in response.json["error"]["message"]
    patch = agent_client.patch("/api/v1/printers/absente", json={"url": "tcp://"})
    assert patch.status_code == 404


def test_two_printers_cannot_share_a_name(agent_client):
    body = {"name": "entree", "url": "tcp://10.0.0.5:9100"}
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201
    assert agent_client.post("/api/v1/printers", json=body).status_code == 409


def test_only_administrators_manage_printers_and_anonymous_callers_see_none(client, login):
    agent = login("demo2")
    body = {"name": "entree", "url": "tcp://10.0.0.5:9100"}
    assert client.get("/api/v1/printers").status_code == 401
    assert client.post("/api/v1/printers", json=body).status_code == 401
    assert agent.get("/api/v1/printers").status_code == 200
    assert agent.post("/api/v1/printers", json=body).status_code == 403
    assert agent.patch("/api/v1/printers/entree", json={"deployed": False}).status_code == 403
    assert agent.delete("/api/v1/printers/entree").status_code == 403
    assert agent.post("/api/v1/printers/entree/test").status_code == 403


def test_a_test_page_comes_out_of_that_very_printer(agent_client, add_printer, start_emulator):
    emulator = start_emulator()
    add_printer("entree", emulator, deployed=False)
    response = agent_client.post("/api/v1/printers/entree/test")
    assert response.json == {"printed": True, "print_reason": None}
    assert emulator.wait_for_jobs(1, timeout=2)
    assert "Page de test : entree (borne-1)" in emulator.jobs[0].text
    assert "é è ê à ç ô œ €" in emulator.jobs[0].text


# -- printing kiosk tickets --------------------------------------------------------------


def test_nothing_prints_while_peak_mode_is_off(client, add_printer, start_emulator):
    emulator = start_emulator()
    add_printer("entree", emulator)
    ticket = take_ticket(client)
    assert (ticket["printed"], ticket["print_reason"]) == (None, None)
    assert emulator.jobs == []


def test_in_peak_mode_without_a_deployed_printer_there_is_nothing_to_print(
    client, agent_client, add_printer, start_emulator
):
    add_printer("rangee", start_emulator(), deployed=False)
    peak(agent_client, True)
    assert take_ticket(client)["printed"] is None


def test_in_peak_mode_the_printer_beside_the_kiosk_prints_the_ticket_once(
    client, agent_client, add_printer, start_emulator
):
    first, second = start_emulator(), start_emulator()
    add_printer("entree", first, location="borne-1")
    add_printer("salle", second, location="borne-2")
    peak(agent_client, True)
    ticket = take_ticket(client, at=None, kiosk="borne-2")  # the kiosk named in the body
    assert (ticket["printed"], ticket["print_reason"]) == (True, None)
    assert second.wait_for_jobs(1, timeout=2)
    assert second.qr_payloads == [ticket["tracking_url"]]
    assert ticket["number"] in second.jobs[0].large_text
    assert first.jobs == []


def test_a_kiosk_without_its_own_printer_uses_any_deployed_printer_of_the_site(
    client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator()
    add_printer("entree", emulator, location="borne-1")
    peak(agent_client, True)
    ticket = take_ticket(client, at="borne-7")
    assert ticket["printed"] is True
    assert emulator.wait_for_jobs(1, timeout=2)


def test_a_printer_out_of_paper_gives_printed_false_and_the_ticket_still_exists(
    client, agent_client, add_printer, start_emulator
):
    add_printer("entree", start_emulator(mode="paper_out"))
    peak(agent_client, True)
    ticket = take_ticket(client)
    assert ticket["printed"] is False
    assert ticket["print_reason"] == "L'imprimante n'a plus de papier."
    queue = agent_client.get("/api/v1/queue").json
    assert [waiting["number"] for waiting in queue["waiting"]] == [ticket["number"]]


def test_an_unplugged_printer_answers_within_the_wait_and_says_so(
    client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator()
    add_printer("entree", emulator)
    emulator.stop()
    peak(agent_client, True)
    ticket = take_ticket(client)
    assert (ticket["printed"], ticket["print_reason"]) == (False, "L'imprimante ne répond pas.")


def test_a_repeated_tap_returns_the_first_outcome_without_printing_again(
    client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator()
    add_printer("entree", emulator)
    peak(agent_client, True)
    headers = {"Idempotency-Key": "tap-12345678", "X-Accueil-Kiosk": "borne-1"}
    first = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers).json
    again = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers).json
    assert again["id"] == first["id"]
    assert (first["printed"], again["printed"]) == (True, True)
    assert len(emulator.jobs) == 1


def test_an_agent_reprints_a_ticket_with_the_same_number(
    client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator()
    add_printer("entree", emulator)
    ticket = take_ticket(client)  # peak mode off: nothing printed yet
    assert client.post(f"/api/v1/tickets/{ticket['id']}/reprint").status_code == 401
    response = agent_client.post(f"/api/v1/tickets/{ticket['id']}/reprint")
    assert response.status_code == 200
    assert response.json == {"printed": True, "print_reason": None}
    assert emulator.wait_for_jobs(1, timeout=2)
    assert ticket["number"] in emulator.jobs[0].large_text
    assert emulator.qr_payloads == [ticket["tracking_url"]]
    assert agent_client.post("/api/v1/tickets/999999/reprint").status_code == 404


def test_an_agent_prints_a_visitors_checklist_with_its_qr_code(
    client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator()
    add_printer("entree", emulator)
    ticket = take_ticket(client)
    agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    checklist = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/checklist",
        json={
            "title": "Demande de RSA",
            "items": ["Créer un compte sur caf.fr", "Avis d'imposition"],
        },
    ).json
    response = agent_client.post(f"/api/v1/checklists/{checklist['token']}/print")
    assert response.json == {"printed": True, "print_reason": None}
    assert emulator.wait_for_jobs(1, timeout=2)
    assert "1. Créer un compte sur caf.fr" in emulator.jobs[0].text
    assert emulator.qr_payloads == [checklist["url"]]


def test_a_ticket_told_unprinted_at_the_kiosk_does_not_print_when_the_paper_is_back(
    app, client, agent_client, add_printer, start_emulator
):
    emulator = start_emulator("paper_out")
    add_printer("entree", emulator)
    peak(agent_client, True)
    headers = {"Idempotency-Key": "tap-paper-out-1", "X-Accueil-Kiosk": "borne-1"}
    told = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers).json
    assert (told["printed"], told["print_reason"]) == (False, "L'imprimante n'a plus de papier.")
    again = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers).json
    assert (again["id"], again["printed"]) == (told["id"], False)  # the kiosk's retry: same
    assert again["print_reason"] == "Le ticket n'a pas été imprimé."

    emulator.mode = "ready"  # paper reloaded; the monitor notices
    printing_runtime(app).poll_once()
    printed = take_ticket(client)
    assert printed["printed"] is True
    # The worker takes the oldest job first: had the first one still been queued, it would
    # have come out before this one.
    assert emulator.wait_for_jobs(1, timeout=2.0)
    assert emulator.qr_payloads == [printed["tracking_url"]]


def test_a_paired_kiosk_prints_beside_its_own_name_whatever_its_requests_say(
    app, client, agent_client, add_printer, start_emulator
):
    import re

    beside_1, beside_2 = start_emulator(), start_emulator()
    add_printer("entree", beside_1, location="borne-1")
    add_printer("salle", beside_2, location="borne-2")
    peak(agent_client, True)
    code = re.search(r'data-code="(\w+)"', client.get("/appairage").get_data(as_text=True))
    assert code
    body = {"code": code.group(1), "site": "mde-castelsarrasin", "name": "borne-2", "kind": "kiosk"}
    assert agent_client.post("/api/v1/admin/devices", json=body).status_code == 201
    assert client.get("/api/v1/screens/pairing").json["state"] == "paired"
    ticket = take_ticket(client, at="borne-1", kiosk="borne-1")  # header and body both wrong
    assert ticket["printed"] is True
    assert beside_2.wait_for_jobs(1, timeout=2)
    assert beside_1.jobs == []
