"""The idea wall through the API: post, moderate, read — text only, nothing personal."""

from __future__ import annotations

from server.config import Config
from server.extensions import db
from server.models import Idea


def post(client, text="Des prises pour charger le téléphone au café", category="place", **more):
    return client.post("/api/v1/ideas", json={"text": text, "category": category, **more})


def test_an_idea_is_only_public_once_an_agent_approves_it_with_an_answer(client, agent_client):
    created = post(client)
    assert created.status_code == 201
    assert created.json["status"] == "pending"
    assert client.get("/api/v1/ideas").json == []

    waiting = agent_client.get("/api/v1/ideas/moderation").json["pending"]
    assert [idea["id"] for idea in waiting] == [created.json["id"]]

    approved = agent_client.post(
        f"/api/v1/ideas/{created.json['id']}/approve",
        json={"answer": "Vous avez proposé des prises — nous en avons posé deux près du café."},
    )
    assert approved.status_code == 200
    wall = client.get("/api/v1/ideas").json
    assert [(i["id"], i["category"]) for i in wall] == [(created.json["id"], "place")]
    assert wall[0]["text"] == "Des prises pour charger le téléphone au café"
    assert wall[0]["answer"].startswith("Vous avez proposé des prises")


def test_a_rejected_idea_never_shows_and_its_text_is_erased(client, agent_client, app):
    created = post(client, "Trop de bruit dans la salle", "other")
    assert agent_client.post(f"/api/v1/ideas/{created.json['id']}/reject").status_code == 200
    assert client.get("/api/v1/ideas").json == []
    with app.app_context():
        idea = db.session.get(Idea, created.json["id"])
        assert (idea.status, idea.text, idea.category) == ("rejected", "", "other")
    again = agent_client.post(f"/api/v1/ideas/{created.json['id']}/approve", json={})
    assert again.status_code == 409


def test_script_tags_and_printer_control_bytes_are_kept_as_inert_text(client, agent_client, app):
    raw = "<script>alert(1)</script>\x1b@\x1dV\x01 Plus de\u202e chaises\x07"
    created = post(client, raw, "services")
    assert created.status_code == 201
    answer = {"answer": "<b>Oui</b>\x1bE"}
    agent_client.post(f"/api/v1/ideas/{created.json['id']}/approve", json=answer)
    shown = client.get("/api/v1/ideas").json[0]
    assert shown["text"] == "<script>alert(1)</script>@V Plus de chaises"
    assert shown["answer"] == "<b>Oui</b>E"
    assert not any(ord(char) < 32 for char in shown["text"] + shown["answer"])
    page = client.get("/idees").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;Oui&lt;/b&gt;" in page


def test_bad_input_gets_a_clear_400_and_stores_nothing(client, app):
    cases = [
        ({"text": "Une idée", "category": "cafe"}, "category"),
        ({"text": "  \x1b\x1b ", "category": "place"}, "text"),
        ({"text": "x" * 281, "category": "place"}, "text"),
        ({"text": "Appelez-moi au 06 12 34 56 78", "category": "services"}, "text"),
        ({"text": "Écrivez à jean.dupont@example.fr", "category": "services"}, "text"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/ideas", json=body)
        assert response.status_code == 400, body
        assert response.json["error"]["details"]["field"] == field
    assert client.post("/api/v1/ideas", json={"category": "place"}).status_code == 400
    assert client.post("/api/v1/ideas", data="pas du json").status_code in (400, 415)
    with app.app_context():
        assert db.session.query(Idea).count() == 0


def test_moderation_is_for_signed_in_agents_only(client):
    created = post(client)
    assert client.get("/api/v1/ideas/moderation").status_code == 401
    assert client.post(f"/api/v1/ideas/{created.json['id']}/approve", json={}).status_code == 401
    assert client.post(f"/api/v1/ideas/{created.json['id']}/reject").status_code == 401
    assert client.get("/api/v1/ideas").json == []


def test_unknown_idea_is_a_404(agent_client):
    assert agent_client.post("/api/v1/ideas/999/approve", json={}).status_code == 404


def test_one_device_is_rate_limited_but_another_kiosk_still_posts(make_app):
    client = make_app(RATELIMIT_ENABLED=True, IDEA_RATE_LIMIT=Config.IDEA_RATE_LIMIT).test_client()
    statuses = [post(client, f"Idée numéro {n} pour le lieu").status_code for n in range(4)]
    assert statuses == [201, 201, 201, 429]
    kiosk = post(client, "Encore une idée pour le lieu")
    assert kiosk.status_code == 429
    other = client.post(
        "/api/v1/ideas",
        json={"text": "Une idée de la borne", "category": "place", "source": "kiosk"},
        headers={"X-Accueil-Kiosk": "borne-1"},
    )
    assert other.status_code == 201


def test_the_statistics_and_the_monthly_report_count_ideas_by_category(client, agent_client, clock):
    from io import BytesIO

    from openpyxl import load_workbook

    for text, category in (
        ("Un coin pour les enfants", "place"),
        ("Plus de bancs", "place"),
        ("Des permanences le samedi", "services"),
    ):
        post(client, text, category)
    wall = agent_client.get("/api/v1/ideas/moderation").json["pending"]
    agent_client.post(f"/api/v1/ideas/{wall[0]['id']}/approve", json={})
    agent_client.post(f"/api/v1/ideas/{wall[2]['id']}/reject")

    figures = agent_client.get("/admin/stats/data.json?period=day&date=2026-11-30").json
    ideas = {row["code"]: (row["count"], row["approved"]) for row in figures["ideas"]}
    assert ideas == {"place": (2, 1), "services": (1, 0), "other": (0, 0)}
    page = agent_client.get("/admin/stats?period=day&date=2026-11-30").get_data(as_text=True)
    assert "Idées déposées sur le mur" in page

    report = agent_client.get("/admin/stats/report.xlsx?month=2026-11")
    sheet = load_workbook(BytesIO(report.data))["Idées"]
    rows = {row[0]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["place"] == (2, 1, 0, 1)
    assert rows["services"] == (1, 0, 1, 0)
    previous = agent_client.get("/admin/stats/data.json?period=day&date=2026-11-29").json
    assert all(row["count"] == 0 for row in previous["ideas"])


def test_a_visitors_error_comes_in_their_accept_language_when_translated(client):
    body = {"text": "Appelez le 06 12 34 56 78", "category": "place"}
    arabic = client.post("/api/v1/ideas", json=body, headers={"Accept-Language": "ar,fr;q=0.5"})
    assert arabic.status_code == 400
    assert (
        arabic.json["error"]["message"]
        == "احذف رقم الهاتف أو البريد الإلكتروني: الجدار يراه الجميع."
    )
    assert arabic.headers["Content-Language"] == "ar"
    assert arabic.json["error"]["details"] == {"field": "text", "personal": "phone"}
    turkish = client.post(
        "/api/v1/ideas",
        json={"text": "ok", "category": "place"},
        headers={"Accept-Language": "tr-TR"},
    )
    assert turkish.json["error"]["message"] == "En az 3 harf yazın."
    german = client.post("/api/v1/ideas", json=body, headers={"Accept-Language": "de"})
    assert german.json["error"]["message"].startswith("pas de numéro de téléphone")
    assert german.headers["Content-Language"] == "fr"
    plain = client.post("/api/v1/ideas", json={"text": "Une idée", "category": "jardin"})
    assert plain.json["error"]["message"].startswith("sujet attendu")


def test_the_answer_may_be_given_in_the_ideas_language_as_a_second_line(client, agent_client):
    created = post(client, text="نريد مقاعد أكثر في قاعة الانتظار", language="ar")
    idea = created.json["id"]
    approved = agent_client.post(
        f"/api/v1/ideas/{idea}/approve",
        json={
            "answer": "Trois chaises arrivent lundi.",
            "answer_translation": "تصل ثلاثة كراسٍ يوم الاثنين.",
        },
    )
    assert approved.status_code == 200, approved.json
    shown = next(i for i in client.get("/api/v1/ideas").json if i["id"] == idea)
    assert shown["answer"] == "Trois chaises arrivent lundi."
    assert shown["answer_translation"] == "تصل ثلاثة كراسٍ يوم الاثنين."
    assert (shown["language"], shown["direction"]) == ("ar", "rtl")  # for the display's line
    wall = client.get("/idees?lang=ar").get_data(as_text=True)
    assert '<p class="wall-answer wall-answer-translated" lang="ar" dir="rtl">' in wall
    # A French idea needs no translated answer: refused, the answer given stays as it was.
    french = post(client).json["id"]
    refused = agent_client.post(
        f"/api/v1/ideas/{french}/approve", json={"answer": "Oui", "answer_translation": "Yes"}
    )
    assert refused.status_code == 400
    assert refused.json["error"]["details"]["field"] == "answer_translation"
