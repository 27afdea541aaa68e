"""A printer can only be pointed at a network printer, or (development) a file inside the
instance folder: never at another file of the server, whatever the address says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Site
from server.models.printing import Printer
from server.printing_runtime import printing_runtime

REFUSED = [
    "file:///etc/passwd",
    "file:///dev/usb/lp0",
    "serial:///dev/ttyS0",
    "usb://04b8:0202",
    "memory://x",
    "http://imprimante",
    "tcp://",
    "tcp://imprimante:0",
    "tcp://imprimante:70000",
    "tcp://imprimante:notaport",
    "tcp://user:secret@imprimante:9100",
    "tcp://imprimante:9100/path",
    "tcp://imprimante:9100?device=/etc/passwd",
    "tcp://bad_host!:9100",
    "tcp://imprimante\n:9100",
]


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    (folder / "printouts").mkdir(parents=True)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(folder))
    return folder


@pytest.fixture
def app(make_app: Any, instance: Path) -> Iterator[Any]:
    app = make_app(PRINT_WAIT_SECONDS=2.0)
    assert Path(app.instance_path) == instance
    yield app
    printing_runtime(app).stop()


@pytest.mark.parametrize("url", REFUSED)
def test_an_address_outside_the_rule_is_refused_when_saved(agent_client, url):
    created = agent_client.post("/api/v1/printers", json={"name": "p", "url": url})
    assert created.status_code == 400, (url, created.json)
    assert created.json["error"]["details"]["field"] == "url"
    assert "Adresse d'imprimante refusée" in created.json["error"]["message"]


def test_an_address_outside_the_rule_is_refused_on_update_too(agent_client):
    body = {"name": "entree", "url": "tcp://10.0.0.5:9100", "deployed": False}
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201
    for url in ("file:///etc/passwd", "tcp://10.0.0.5:65536"):
        patch = agent_client.patch("/api/v1/printers/entree", json={"url": url})
        assert patch.status_code == 400, patch.json
    saved = agent_client.get("/api/v1/printers").json[0]["url"]
    assert saved == "tcp://10.0.0.5:9100"


@pytest.mark.parametrize(
    "url", ["tcp://10.0.0.5:9100", "tcp://imprimante-accueil.local", "tcp://[fe80::1]:9100"]
)
def test_network_printers_by_name_or_address_are_accepted(agent_client, url):
    body = {"name": "p", "url": url, "deployed": False}
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("192.168.1.50", "tcp://192.168.1.50:9100"),
        (" imprimante-accueil.local:9101 ", "tcp://imprimante-accueil.local:9101"),
    ],
)
def test_a_bare_address_as_the_printer_prints_it_is_a_network_printer(agent_client, typed, saved):
    """The printer's self-test page gives its IP address: a manager types that, not tcp://."""
    body = {"name": "p", "url": typed, "deployed": False}
    created = agent_client.post("/api/v1/printers", json=body)
    assert created.status_code == 201, created.json
    assert agent_client.get("/api/v1/printers").json[0]["url"] == saved
    patched = agent_client.patch("/api/v1/printers/p", json={"url": "10.0.0.7"})
    assert patched.status_code == 200
    assert agent_client.get("/api/v1/printers").json[0]["url"] == "tcp://10.0.0.7:9100"
    for refused in ("/etc/passwd", "imprimante:70000", "bad_host!"):
        answer = agent_client.patch("/api/v1/printers/p", json={"url": refused})
        assert answer.status_code == 400, refused


def test_a_file_inside_the_instance_folder_prints_but_dot_dot_and_links_cannot_leave_it(
    agent_client, instance, tmp_path
):
    inside = instance / "printouts" / "ticket.bin"
    inside.touch()  # a file printer is there when its file is
    body = {"name": "fichier", "url": f"file://{inside}", "location": "borne-1"}
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201

    outside = tmp_path / "secret.txt"
    outside.write_text("ne pas écraser")
    escape = f"file://{instance}/printouts/../../secret.txt"
    assert agent_client.patch("/api/v1/printers/fichier", json={"url": escape}).status_code == 400
    link = instance / "printouts" / "link.bin"
    link.symlink_to(outside)
    followed = agent_client.patch("/api/v1/printers/fichier", json={"url": f"file://{link}"})
    assert followed.status_code == 400
    assert outside.read_text() == "ne pas écraser"

    assert agent_client.post("/api/v1/peak", json={"on": True}).status_code == 200
    ticket = agent_client.post(
        "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"X-Accueil-Kiosk": "borne-1"}
    )
    assert ticket.json["printed"] is True
    assert ticket.json["number"].encode() in inside.read_bytes()


def test_a_link_swapped_in_after_the_address_was_accepted_is_not_followed(
    agent_client, instance, tmp_path
):
    target = instance / "printouts" / "swap.bin"
    body = {"name": "fichier", "url": f"file://{target}", "location": "borne-1"}
    assert agent_client.post("/api/v1/printers", json=body).status_code == 201
    outside = tmp_path / "secret.txt"
    outside.write_text("ne pas écraser")
    target.symlink_to(outside)  # after the check: the transport checks again before writing

    assert agent_client.post("/api/v1/peak", json={"on": True}).status_code == 200
    ticket = agent_client.post(
        "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"X-Accueil-Kiosk": "borne-1"}
    )
    assert ticket.json["printed"] is False
    assert outside.read_text() == "ne pas écraser"


def test_an_address_written_in_the_database_by_hand_is_never_opened(app, client, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("intact")
    with app.app_context():
        site = db.session.scalar(select(Site))
        db.session.add(
            Printer(site_id=site.id, name="pirate", url=f"file://{victim}", location="borne-1")
        )
        db.session.commit()
    runtime = printing_runtime(app).ensure_started()
    runtime.reload()
    assert "pirate" not in runtime.transports()
    direct = runtime.print_directly("pirate", f"file://{victim}", b"ECRASE")
    assert direct.printed is False
    assert victim.read_text() == "intact"
