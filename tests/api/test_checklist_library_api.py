"""The checklist library: national drafts to check, edits kept as versions, and a visitor's
checklist composed from it and read in their language where the team translated it."""

from __future__ import annotations

import pytest

from server.extensions import db
from server.models import ChecklistTemplateVersion


@pytest.fixture
def serving_rsa(agent_client):
    """A visitor who chose Arabic at the kiosk, now served for the RSA."""
    ticket = agent_client.post(
        "/api/v1/tickets", json={"service": "caf-rsa", "language": "ar"}
    ).json
    called = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert called["id"] == ticket["id"]
    started = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/start", json={"version": called["version"]}
    ).json
    body = {
        "outcome": {"request_type": "procedure", "result": "referred"},
        "version": started["version"],
    }
    return agent_client.post(f"/api/v1/tickets/{ticket['id']}/finish", json=body).json


def test_the_national_catalogue_ships_french_drafts_to_be_checked(agent_client):
    requests = {
        r["service"]: r for r in agent_client.get("/api/v1/checklist-library").json["requests"]
    }
    assert requests["carte-grise"]["has_checklist"] and requests["carte-grise"]["to_check"] is True
    assert requests["caf-rsa"]["title"] == "RSA — demande et suite"
    entry = agent_client.get("/api/v1/checklist-library/carte-grise").json
    assert entry["title"] == "Carte grise — cession ou changement de titulaire"
    assert {step["kind"] for step in entry["steps"]} == {
        "step",
        "document",
        "when",
        "link",
        "contact",
    }
    assert [h["saved_by"] for h in entry["history"]] == ["brouillon national"]
    assert agent_client.get("/api/v1/checklist-library/poste-courrier").status_code == 404


def test_an_edit_is_a_new_version_and_a_stale_edit_is_refused(agent_client, app):
    entry = agent_client.get("/api/v1/checklist-library/caf-rsa").json
    steps = [
        *entry["steps"][:2],
        {"kind": "contact", "text": "La CAF de Montauban\x1b, sur rendez-vous"},
    ]
    saved = agent_client.put(
        "/api/v1/checklist-library/caf-rsa",
        json={
            "title": "RSA — la suite",
            "steps": steps,
            "to_check": False,
            "version": entry["version"],
            "translations": {
                "ar": {
                    "title": "الدخل التضامني — الخطوات",
                    "steps": {steps[0]["key"]: "قدّم طلب الدخل التضامني على موقع caf.fr"},
                },
                "xx": {"title": "?"},
            },
        },
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["version"] == entry["version"] + 1 and saved.json["to_check"] is False
    assert saved.json["steps"][2]["text"] == "La CAF de Montauban, sur rendez-vous"
    assert set(saved.json["translations"]) == {"ar"}
    assert [h["version"] for h in saved.json["history"]] == [2, 1]
    assert saved.json["history"][0]["saved_by"] == "Camille (démo)"
    assert saved.json["history"][1]["title"] == "RSA — demande et suite"  # the draft is kept
    stale = agent_client.put(
        "/api/v1/checklist-library/caf-rsa",
        json={"title": "Autre", "steps": steps, "version": entry["version"]},
    )
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.query(ChecklistTemplateVersion).count() >= 2


def test_a_library_checklist_needs_a_title_and_a_step(agent_client, client):
    for body in (
        {"title": "", "steps": [{"text": "x"}]},
        {"title": "T", "steps": []},
        {"title": "T", "steps": [{"kind": "recipe", "text": "x"}]},
        {"title": "T", "steps": [{"text": "x" * 301}]},
    ):
        assert agent_client.put("/api/v1/checklist-library/caf-rsa", json=body).status_code == 400
    assert (
        agent_client.put(
            "/api/v1/checklist-library/nothing", json={"title": "T", "steps": [{"text": "x"}]}
        ).status_code
        == 404
    )
    assert client.get("/api/v1/checklist-library").status_code == 401
    assert (
        client.put(
            "/api/v1/checklist-library/caf-rsa", json={"title": "T", "steps": [{"text": "x"}]}
        ).status_code
        == 401
    )


def test_the_agent_keeps_reorders_and_adds_steps_and_the_visitor_reads_them_in_arabic(
    agent_client, client, serving_rsa
):
    entry = agent_client.get("/api/v1/checklist-library/caf-rsa").json
    first, second, third = (step["key"] for step in entry["steps"][:3])
    agent_client.put(
        "/api/v1/checklist-library/caf-rsa",
        json={
            "title": entry["title"],
            "steps": entry["steps"],
            "version": entry["version"],
            "to_check": True,
            "translations": {
                "ar": {
                    "title": "الدخل التضامني",
                    "steps": {first: "قدّم الطلب على موقع caf.fr", third: "أحضر كشف الهوية البنكية"},
                }
            },
        },
    )
    given = agent_client.post(
        f"/api/v1/tickets/{serving_rsa['id']}/checklist",
        json={
            "title": entry["title"],
            "steps": [third, first],
            "items": ["Revenir mardi matin"],
            "note": "Apportez aussi <b>le bail</b>.",
        },
    )
    assert given.status_code == 201, given.json
    assert given.json["items"] == [
        entry["steps"][2]["text"],
        entry["steps"][0]["text"],
        "Revenir mardi matin",
    ]
    assert second not in str(given.json)

    page = client.get(f"/c/{given.json['token']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الدخل التضامني" in html and "أحضر كشف الهوية البنكية" in html
    assert html.index("أحضر كشف الهوية البنكية") < html.index("قدّم الطلب على موقع caf.fr")
    assert 'data-coverage="some"' in html  # the agent's own step stays in French, and it says so
    assert "بعض الخطوات غير مترجمة بعد" in html
    assert "Revenir mardi matin" in html and "&lt;b&gt;le bail&lt;/b&gt;" in html
    french = client.get(f"/c/{given.json['token']}?lang=fr").get_data(as_text=True)
    assert (
        '<html lang="fr" dir="ltr">' in french
        and entry["steps"][2]["text"].replace("'", "&#39;") in french
    )
    spanish = client.get(f"/c/{given.json['token']}?lang=es").get_data(as_text=True)
    assert 'data-coverage="none"' in spanish and "Esta lista aún no está traducida" in spanish


def test_a_step_that_is_not_in_the_library_is_refused(agent_client, serving_rsa):
    response = agent_client.post(
        f"/api/v1/tickets/{serving_rsa['id']}/checklist", json={"steps": ["nope"], "items": []}
    )
    assert response.status_code == 400
    assert (
        agent_client.post(
            f"/api/v1/tickets/{serving_rsa['id']}/checklist", json={"steps": [], "items": []}
        ).status_code
        == 400
    )
