"""The announced wait through the API: one range for the kiosk, the phone, the ticket and the
display, counting only the agents really available, and re-announced when that changes."""

from __future__ import annotations

from server.extensions import db
from server.models import Visit
from server.services.printing import ticket_printout


def theme_wait(client, theme="famille"):
    snapshot = client.get("/api/v1/queue").json
    return next(t for t in snapshot["themes"] if t["code"] == theme)["wait"]


def test_the_kiosk_the_phone_and_the_printed_ticket_announce_the_same_range(
    app, client, login, make_ticket
):
    login("demo1")
    for _ in range(4):
        make_ticket()
    ticket = make_ticket()
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    tracked = client.get(f"/api/v1/tickets/by-token/{token}").json
    assert ticket["wait"]["kind"] in ("range", "upto")
    assert tracked["wait"] == ticket["wait"]
    with app.app_context():
        visit = db.session.get(Visit, ticket["id"])
        printout = ticket_printout(visit.site, visit, ticket)
    assert printout.wait_text == ticket["wait"]["text"]


def test_nobody_signed_in_means_no_promise_on_the_display(client, make_ticket):
    make_ticket()
    assert theme_wait(client)["kind"] == "unknown"


def test_an_administrator_in_the_back_office_is_not_counted_as_serving(client, app, make_ticket):
    """The back-office signs in with on_duty false: a manager setting the site up from a laptop
    made the kiosk promise « moins de 5 min » while nobody served."""
    make_ticket()
    laptop = app.test_client()
    answer = laptop.post(
        "/api/v1/auth/login", json={"login": "demo1", "pin": "1234", "on_duty": False}
    )
    assert answer.status_code == 200
    assert laptop.get("/admin").status_code == 200  # signed in all the same
    assert theme_wait(client)["kind"] == "unknown"
    tablet = app.test_client()
    tablet.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    assert theme_wait(client)["kind"] != "unknown"  # the console's sign-in still counts


def test_only_agents_signed_in_count_and_a_paused_one_is_expected_back(client, login, make_ticket):
    first, second = login("demo1"), login("demo2")
    for _ in range(8):
        make_ticket()
    both = theme_wait(client)
    second.post("/api/v1/agent/duty", json={"paused": True})
    paused = theme_wait(client)
    second.post("/api/v1/auth/logout")
    alone = theme_wait(client)
    assert both["minutes"] <= paused["minutes"] < alone["minutes"]
    assert alone["minutes"] > both["minutes"] * 1.5
    first.post("/api/v1/auth/logout")
    assert theme_wait(client)["kind"] == "unknown"


def test_a_pause_refreshes_the_phones_and_screens(client, login, make_ticket, socket_client):
    agent = login("demo1")
    ticket = make_ticket()
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    phone = socket_client("/ticket", auth={"token": token})
    phone.get_received("/ticket")
    agent.post("/api/v1/agent/duty", json={"paused": True})
    names = [message["name"] for message in phone.get_received("/ticket")]
    assert "queue_changed" in names


def test_the_back_office_sign_out_ends_only_its_own_session(app, client, make_ticket):
    """The back-office's « Se déconnecter » (keep_duty): the laptop's session ends, while the
    same person's console on a tablet keeps its counter and stays on duty."""
    tablet = app.test_client()
    tablet.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    assert tablet.post("/api/v1/agent/duty", json={"counter": "bureau-1"}).status_code == 200
    laptop = app.test_client()
    laptop.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234", "on_duty": False})
    make_ticket()
    assert laptop.post("/api/v1/auth/logout", json={"keep_duty": True}).status_code == 204
    assert laptop.get("/api/v1/auth/me").status_code == 401
    assert tablet.get("/api/v1/auth/me").status_code == 200
    assert theme_wait(client)["kind"] != "unknown"  # still serving
    called = tablet.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert called.status_code == 200
    # The console's own sign-out (no body) still frees the counter and leaves duty.
    assert tablet.post("/api/v1/auth/logout").status_code == 204
    assert theme_wait(client)["kind"] == "unknown"


def test_the_back_office_sign_out_of_the_last_session_leaves_nobody_on_duty(
    app, client, make_ticket
):
    """The same browser at a counter, then in the back-office, then « Se déconnecter »: no
    session is left, so the agent must not stay on duty holding the counter."""
    browser = app.test_client()
    browser.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    assert browser.post("/api/v1/agent/duty", json={"counter": "bureau-1"}).status_code == 200
    make_ticket()
    assert theme_wait(client)["kind"] != "unknown"
    assert browser.post("/api/v1/auth/logout", json={"keep_duty": True}).status_code == 204
    assert theme_wait(client)["kind"] == "unknown"
    other = app.test_client()
    other.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    assert other.post("/api/v1/agent/duty", json={"counter": "bureau-1"}).status_code == 200
