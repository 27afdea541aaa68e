"""A highlight may carry a line in a visitors' language: the display (French) shows it under the
French one, marked with its own lang/dir; the back office edits it; bad input is a clear 400."""

from __future__ import annotations

from typing import Any

NOVEMBER = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}  # the test clock's month


def shown(client: Any, title: str) -> dict[str, Any]:
    return next(h for h in client.get("/api/v1/highlights").json if h["title"] == title)


def test_the_display_gets_the_second_language_line_with_its_lang_and_direction(
    agent_client: Any, client: Any
) -> None:
    body = {
        "title": "Atelier numérique",
        "body": "Mardi matin.",
        "second_language": "ar",
        "second_title": "ورشة رقمية",
        "second_body": "صباح الثلاثاء.",
        **NOVEMBER,
    }
    created = agent_client.post("/api/v1/admin/highlights", json=body)
    assert created.status_code == 201, created.json
    assert created.json["second_language"] == "ar"
    second = shown(client, "Atelier numérique")["second"]
    assert second == {
        "language": "ar",
        "lang": "ar",
        "dir": "rtl",
        "title": "ورشة رقمية",
        "body": "صباح الثلاثاء.",
    }
    page = agent_client.get("/admin/a-la-une").get_data(as_text=True)
    assert 'name="second_language"' in page and 'value="ar" selected' in page
    assert '<p class="highlight-second" lang="ar" dir="rtl">' in page  # the preview too
    # Removing the language alone would leave a text with no language: refused, nothing lost.
    item = created.json["id"]
    refused = agent_client.patch(f"/api/v1/admin/highlights/{item}", json={"second_language": ""})
    assert refused.status_code == 400
    assert refused.json["error"]["details"]["field"] == "second_language"
    assert shown(client, "Atelier numérique")["second"]["title"] == "ورشة رقمية"
    cleared = agent_client.patch(
        f"/api/v1/admin/highlights/{item}",
        json={"second_language": "", "second_title": "", "second_body": ""},
    )
    assert cleared.status_code == 200, cleared.json
    assert shown(client, "Atelier numérique")["second"] is None


def test_a_bad_second_language_line_is_a_clear_400(agent_client: Any) -> None:
    german = {"title": "Atelier", "second_language": "de", "second_title": "Werkstatt", **NOVEMBER}
    answer = agent_client.post("/api/v1/admin/highlights", json=german)
    assert answer.status_code == 400
    assert answer.json["error"]["details"]["field"] == "second_language"
    untitled = {"title": "Atelier", "second_language": "tr", "second_body": "Salı", **NOVEMBER}
    answer = agent_client.post("/api/v1/admin/highlights", json=untitled)
    assert answer.status_code == 400
    assert answer.json["error"]["message"].startswith("Titre traduit : obligatoire")
