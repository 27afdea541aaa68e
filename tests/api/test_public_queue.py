"""What public screens and the public API show of the line: counts per theme and the numbers
called, nothing per ticket (no request, no appointment or priority flag tied to a number)."""

from __future__ import annotations

import json
import re
from typing import Any

PUBLIC_KEYS = {"site", "site_name", "generated_at", "waiting_count", "themes", "last_calls"}
SENSITIVE = ("MDPH, AAH", "mdph-aah", "priority", "appointment", "service_label")


def a_sensitive_line(make_ticket: Any, agent_client: Any) -> dict[str, Any]:
    """A priority visitor for the disability allowance, called; another one waiting."""
    called = make_ticket(service="mdph-aah", priority=True)
    make_ticket(service="mdph-aah", priority=True)
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
    assert response.json["number"] == called["number"]
    return called


def assert_public(payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    for word in SENSITIVE:
        assert word not in text, word


def test_the_public_queue_api_says_nothing_about_any_ticket(
    client: Any, agent_client: Any, make_ticket: Any
) -> None:
    called = a_sensitive_line(make_ticket, agent_client)
    snapshot = client.get("/api/v1/queue").json
    assert set(snapshot) == PUBLIC_KEYS
    assert_public(snapshot)
    assert snapshot["waiting_count"] == 1
    assert {t["code"]: t["waiting"] for t in snapshot["themes"]}["sante"] == 1
    assert snapshot["last_calls"][0]["number"] == called["number"]
    assert snapshot["last_calls"][0]["counter_label"] == "Bureau 2"


def test_public_sockets_get_the_public_snapshot_and_calls(
    socket_client: Any, client: Any, agent_client: Any, make_ticket: Any
) -> None:
    display, kiosk = socket_client("/display"), socket_client("/kiosk")
    a_sensitive_line(make_ticket, agent_client)
    late_display = socket_client("/display")
    ticket = make_ticket()
    phone = socket_client("/ticket", auth={"token": ticket["tracking_url"].rsplit("/", 1)[1]})
    for sio, namespace in ((display, "/display"), (kiosk, "/kiosk"), (late_display, "/display")):
        received = sio.get_received(namespace)
        assert received
        for message in received:
            assert_public(message["args"])
            if message["name"] in ("queue_snapshot", "queue_changed"):
                assert set(message["args"][0]) == PUBLIC_KEYS
    snapshots = [m for m in phone.get_received("/ticket") if m["name"] == "queue_snapshot"]
    assert set(snapshots[0]["args"][0]) == PUBLIC_KEYS


def test_agents_still_see_the_whole_line(
    socket_client: Any, agent_client: Any, make_ticket: Any
) -> None:
    a_sensitive_line(make_ticket, agent_client)
    console = socket_client("/agent", flask_client=agent_client)
    snapshot = console.get_received("/agent")[0]["args"][0]
    assert snapshot["waiting"][0]["priority"] is True
    assert snapshot["waiting"][0]["service_label"] == "MDPH, AAH"
    assert agent_client.get("/api/v1/queue").json["waiting"][0]["service"] == "mdph-aah"


def test_the_phone_view_of_the_queue_speaks_the_visitors_language(client: Any) -> None:
    """/queue?lang= (the phone page links with its ticket's language): lang/dir right, the page's
    own words and the texts its script writes in that language, plurals by CLDR category."""
    arabic = client.get("/queue?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1>قائمة الانتظار مباشرة</h1>" in arabic
    settings = json.loads(re.search(r'id="display-settings">(.*?)</script>', arabic, re.S)[1])
    assert settings["language"] == "ar"
    texts = settings["texts"]["ar"]
    assert texts["theme.sante"] == "الصحة"
    assert texts["queue.waiting"]["few"] == "{count} أشخاص ينتظرون."  # for Intl.PluralRules
    assert set(texts["queue.waiting"]) == {"zero", "one", "two", "few", "many", "other"}
    falc = client.get("/queue?lang=falc").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in falc  # FALC is French for screen readers
    assert "<h1>La file d&#39;attente, en direct</h1>" in falc
    french = client.get("/queue").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in french
    assert "<h1>File d&#39;attente en direct</h1>" in french


def test_the_phone_page_of_a_ticket_links_to_the_queue_in_the_tickets_language(
    client: Any, make_ticket: Any
) -> None:
    ticket = make_ticket(language="tr")
    html = client.get("/t/" + ticket["tracking_url"].rsplit("/", 1)[1]).get_data(as_text=True)
    assert re.search(r'id="queue-link" href="[^"]*/queue\?lang=tr"', html)
    assert "Canlı sırayı görün" in html
