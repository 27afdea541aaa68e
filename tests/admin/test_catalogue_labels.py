"""A request's label per kiosk language and its pictogram: the back-office stores them, checks
them (clear French 400s, nothing changed), and the kiosk's catalogue carries them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from server.catalogue import PICTOGRAMS
from tests.admin.test_agent_sites import OTHER, sign_in, sites  # noqa: F401  (fixture)

LOCAL = {
    "code": "mission-locale",
    "label": "Mission locale : emploi des 16-25 ans",
    "partner": "Mission locale",
    "theme": "emploi",
    "prefix": "L",
}


def kiosk_service(client: Any, code: str, path: str = "") -> dict[str, Any]:
    return next(s for s in client.get(f"{path}/api/v1/services").json if s["code"] == code)


def test_a_local_request_has_labels_per_language_and_a_pictogram_the_kiosk_reads(
    agent_client: Any, client: Any
) -> None:
    body = {**LOCAL, "labels": {"en": " Youth employment ", "ar": "التوظيف", "es": ""}}
    added = agent_client.post("/api/v1/admin/services", json={**body, "pictogram": "emploi"})
    assert added.status_code == 201, added.json
    assert added.json["labels"] == {"en": "Youth employment", "ar": "التوظيف"}
    assert added.json["pictogram"] == "emploi"

    kiosk = kiosk_service(client, "mission-locale")
    assert kiosk["labels"] == {"en": "Youth employment", "ar": "التوظيف"}
    assert kiosk["pictogram"] == "emploi" and kiosk["label"] == LOCAL["label"]

    changed = agent_client.patch(
        "/api/v1/admin/services/mission-locale",
        json={"labels": {"en": "", "tr": "Gençlik istihdamı"}, "pictogram": ""},
    )
    assert changed.status_code == 200
    kiosk = kiosk_service(client, "mission-locale")
    assert kiosk["labels"] == {"tr": "Gençlik istihdamı"} and kiosk["pictogram"] is None
    trail = agent_client.get("/api/v1/admin/audit").json[0]
    assert trail["action"] == "service.updated"
    assert trail["changes"]["labels"]["tr"] == "Gençlik istihdamı"


def test_a_national_request_takes_a_pictogram_per_site_but_keeps_its_wording(
    agent_client: Any, client: Any
) -> None:
    on = agent_client.patch("/api/v1/admin/services/caf-rsa", json={"pictogram": "budget"})
    assert on.status_code == 200 and on.json["pictogram"] == "budget"
    assert kiosk_service(client, "caf-rsa")["pictogram"] == "budget"
    refused = agent_client.patch(
        "/api/v1/admin/services/caf-rsa", json={"labels": {"en": "Benefits"}}
    )
    assert refused.status_code == 400
    assert kiosk_service(client, "caf-rsa")["labels"] == {}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"labels": {"xx": "Hello"}}, "langue inconnue"),
        ({"labels": {"fr": "Doublon du libellé"}}, "langue inconnue"),
        ({"labels": {"en": "x" * 201}}, "200 caractères au plus"),
        ({"labels": {"en": "Youth\u0007 employment"}}, "caractères de contrôle"),
        ({"labels": {"ar": "\u202etnemyolpme"}}, "caractères de contrôle"),
        ({"labels": {"en": 12}}, "du texte est attendu"),
        ({"labels": ["en", "Youth"]}, "un libellé par langue"),
        ({"pictogram": "skull"}, "Pictogramme"),
    ],
)
def test_a_bad_label_or_pictogram_is_a_clear_400_and_changes_nothing(
    agent_client: Any, client: Any, change: dict[str, Any], words: str
) -> None:
    first = {**LOCAL, "labels": {"en": "Youth employment"}, "pictogram": "emploi"}
    assert agent_client.post("/api/v1/admin/services", json=first).status_code == 201
    refused = agent_client.post(
        "/api/v1/admin/services", json={**LOCAL, "code": "cio", "prefix": "O", **change}
    )
    assert refused.status_code == 400 and words in str(refused.json), refused.json
    edit = {"active": False, "position": 0, **change}
    refused = agent_client.patch("/api/v1/admin/services/mission-locale", json=edit)
    assert refused.status_code == 400 and words in str(refused.json), refused.json
    codes = [s["code"] for s in client.get("/api/v1/services").json]
    assert "cio" not in codes
    kiosk = kiosk_service(client, "mission-locale")  # still offered, as it was
    assert kiosk["labels"] == {"en": "Youth employment"} and kiosk["pictogram"] == "emploi"


def test_only_the_site_that_added_a_local_request_rewords_it(
    app: Any,
    sites: None,  # noqa: F811
) -> None:
    moissac = sign_in(app, "moissac-chef")
    body = {**LOCAL, "labels": {"en": "Youth employment"}}
    assert moissac.post("/api/v1/admin/services", json=body).status_code == 201
    home = sign_in(app, "demo1", pin="1234")
    refused = home.patch(
        "/api/v1/admin/services/mission-locale", json={"labels": {"en": "Changed"}}
    )
    assert refused.status_code == 403 and "autre site" in refused.json["error"]["message"]
    # Its own choices stay its own: offered here, with its own pictogram.
    chosen = home.patch(
        "/api/v1/admin/services/mission-locale", json={"active": True, "pictogram": "idea"}
    )
    assert chosen.status_code == 200 and chosen.json["rewordable"] is False
    public = app.test_client()
    assert kiosk_service(public, "mission-locale")["pictogram"] == "idea"
    at_moissac = kiosk_service(public, "mission-locale", f"/s/{OTHER}")
    assert at_moissac["labels"] == {"en": "Youth employment"} and at_moissac["pictogram"] is None


def test_the_pictograms_are_names_of_the_kiosk_icon_set() -> None:
    icons = Path(__file__).resolve().parents[2] / "kiosk/static/kiosk/icons.js"
    block = icons.read_text().split("const ICONS = {", 1)[1].split("};", 1)[0]
    names = set(re.findall(r"^\s*([a-z_]+):", block, flags=re.MULTILINE))
    assert PICTOGRAMS and set(PICTOGRAMS) <= names


def test_the_catalogue_page_offers_a_field_per_language_and_a_pictogram_select(
    agent_client: Any,
) -> None:
    assert agent_client.post("/api/v1/admin/services", json=LOCAL).status_code == 201
    page = agent_client.get("/admin/catalogue").get_data(as_text=True)
    assert 'name="labels.ar" maxlength="200" lang="ar" dir="rtl"' in page
    assert 'id="mission-locale-label-en"' in page and 'id="caf-rsa-label-en"' not in page
    assert 'id="caf-rsa-pictogram" name="pictogram"' in page and '<option value="sante"' in page
