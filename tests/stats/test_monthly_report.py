"""The monthly report of a seeded November, opened as a French spreadsheet would open it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from server.cli import cli
from tests.stats.scenario import seed_day

# Two days of the scenario in November, one in December that must not count. Per day, by hand:
# CAF served A and B after its transfer (2 requests), the CPAM served B before transferring it
# (a visit, no request), La Poste E, Justice F; C never came, D gave up.
EXPECTED = {
    "caf": {"visits": 4, "distinct_visits": 4, "requests": 4},
    "cpam": {"visits": 2, "distinct_visits": 2, "requests": 0},
    "la-poste": {"visits": 2, "distinct_visits": 2, "requests": 2},
    "justice": {"visits": 2, "distinct_visits": 2, "requests": 2},
    "dgfip": {"visits": 0, "distinct_visits": 0, "requests": 0},
}


@pytest.fixture
def november(app: Any, clock: Any) -> None:
    with app.app_context():
        for day in (date(2026, 11, 3), date(2026, 11, 30), date(2026, 12, 1)):
            seed_day(clock, day)


def read_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM French spreadsheets need for UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def check_partners(rows: list[dict[str, Any]]) -> None:
    by_partner = {row["partner"]: row for row in rows}
    for partner, figures in EXPECTED.items():
        for column, value in figures.items():
            assert int(by_partner[partner][column]) == value, (partner, column)
    caf = by_partner["caf"]
    assert [int(caf[c]) for c in ("result_resolved", "result_referred", "result_escalated")] == [
        2,
        2,
        0,
    ]
    assert [int(caf[c]) for c in ("type_procedure", "type_referral")] == [2, 2]
    assert (int(caf["theme_famille"]), int(caf["theme_logement"])) == (2, 2)
    assert int(by_partner["justice"]["result_escalated"]) == 2


def test_the_csv_has_one_row_per_partner_every_national_operator_listed(
    november: None, login: Any
) -> None:
    response = login("demo1").get("/admin/stats/report.csv?month=2026-11")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    # One charset: « text/csv; charset=utf-8; charset=utf-8 » is not a valid media type.
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.data)
    partners = [row["partner"] for row in rows]
    assert partners[:9] == [
        "france-titres",
        "caf",
        "cpam",
        "retraite",
        "msa",
        "dgfip",
        "france-travail",
        "la-poste",
        "justice",
    ]
    assert len(partners) == len(set(partners))
    assert rows[0]["partner_name"] == "France Titres (ANTS)"
    check_partners(rows)
    assert next(r for r in rows if r["partner"] == "caf")["itinerant_share"] == "0,000"


def test_the_xlsx_holds_the_same_figures_and_the_month_in_brief(november: None, login: Any) -> None:
    response = login("demo1").get("/admin/stats/report.xlsx?month=2026-11")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Partenaires"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    check_partners(rows)
    summary = {row[0].value: row[1].value for row in book["Synthèse"].iter_rows()}
    assert summary["Mois"] == "novembre 2026"
    assert summary["Structures"] == "Maison de l'État — France Services"  # not its code
    # Not the page's « Visites » (12, with C and D never served) nor its « Visites servies »
    # (finished ones; a visit transferred and never served again is taken in hand, not served).
    assert (summary["Passages servis"], summary["Visites prises en charge (distinctes)"]) == (
        10,
        8,
    )
    assert (summary["Demandes terminées"], summary["Présences sans démarche"]) == (8, 4)
    # Headed in French like the other sheets (it said « theme » and « requests »).
    assert [cell.value for cell in book["Thèmes"][1]] == ["thème", "libellé", "demandes"]
    themes = {row[0].value: row[2].value for row in book["Thèmes"].iter_rows(2)}
    assert themes == {
        "emploi": 0,
        "justice": 2,
        "sante": 0,
        "budget": 0,
        "famille": 2,
        "logement": 4,
    }


def test_the_xlsx_says_when_it_was_produced_in_the_sites_time(
    november: None, login: Any, clock: Any
) -> None:
    """Downloaded at 20:36 in Castelsarrasin, the summary says 20:36, not UTC's 19:36."""
    clock.current = datetime(2026, 12, 3, 19, 36, tzinfo=UTC)
    response = login("demo1").get("/admin/stats/report.xlsx?month=2026-11")
    summary = {
        row[0].value: row[1].value
        for row in load_workbook(io.BytesIO(response.data))["Synthèse"].iter_rows()
    }
    assert summary["Produit le"] == datetime(2026, 12, 3, 20, 36)


def test_the_xlsx_summary_shows_the_itinerant_share_as_a_percentage(
    november: None, login: Any
) -> None:
    """Like the partners' column: a share of 0.25 reads « 25,0 % », not « 0,25 »."""
    response = login("demo1").get("/admin/stats/report.xlsx?month=2026-11")
    sheet = load_workbook(io.BytesIO(response.data))["Synthèse"]
    share = next(row[1] for row in sheet.iter_rows() if row[0].value.startswith("Part "))
    assert share.number_format == "0.0%"


def test_the_xlsx_columns_are_wide_enough_to_read_the_partners_and_headers(
    november: None, login: Any
) -> None:
    """Opened in a spreadsheet, « Assurance retraite (CNAV, Carsat) » and « distinct_visits »
    are read whole, not cut at the default 8 characters by the next column."""
    response = login("demo1").get("/admin/stats/report.xlsx?month=2026-11")
    book = load_workbook(io.BytesIO(response.data))
    for sheet in book.worksheets:
        for column in sheet.iter_cols():
            widest = max(len(str(cell.value or "")) for cell in column)
            width = sheet.column_dimensions[column[0].column_letter].width
            assert width >= min(widest, 78), (sheet.title, column[0].value, width)


def test_the_xlsx_explains_every_column_in_french(november: None, login: Any) -> None:
    """The "Colonnes" sheet is what a manager reads to fill in the national return: the request
    types and results are said as the console says them, not as the codes stored."""
    response = login("demo1").get("/admin/stats/report.xlsx?month=2026-11")
    book = load_workbook(io.BytesIO(response.data))
    meaning = {row[0].value: row[1].value for row in book["Colonnes"].iter_rows(2)}
    assert meaning["type_procedure"] == "Demandes de type « Aide à une démarche »"
    assert meaning["type_referral"] == "Demandes de type « Orientation »"
    assert meaning["result_resolved"] == "Demandes au résultat « Résolu sur place »"
    english = ("information", "procedure", "referral", "resolved", "referred", "escalated")
    for column, text in meaning.items():
        assert not any(word in text.split() for word in english), (column, text)


def test_the_command_writes_the_report_for_a_month(
    november: None, database_url: str, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    runner = CliRunner()
    output = tmp_path / "novembre.csv"
    result = runner.invoke(
        cli, ["report", "--month", "2026-11", "--format", "csv", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    check_partners(read_csv(output.read_bytes()))
    workbook = tmp_path / "novembre.xlsx"
    result = runner.invoke(
        cli,
        [
            "report",
            "--month",
            "2026-11",
            "--site",
            "all",
            "--format",
            "xlsx",
            "--output",
            str(workbook),
        ],
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(workbook)["Partenaires"]["A1"].value == "partner"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--month", "novembre"], "AAAA-MM"),
        (["--month", "2026-13"], "AAAA-MM"),
        (["--month", "2026-11", "--site", "nowhere"], "aucun site"),
    ],
)
def test_the_command_refuses_a_bad_month_or_site(
    database_url: str, tmp_path: Any, monkeypatch: Any, arguments: list[str], message: str
) -> None:
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["report", *arguments, "--output", str(tmp_path / "r.csv")])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize(
    "query", ["month=2026-13", "month=abc", "month=9999-12", "month=2026-11&site=nowhere"]
)
def test_the_report_download_refuses_bad_input_politely(login: Any, query: str) -> None:
    response = login("demo1").get(f"/admin/stats/report.xlsx?{query}")
    assert response.status_code in (400, 404)


def test_only_the_admin_downloads_the_report(login: Any, client: Any) -> None:
    assert client.get("/admin/stats/report.csv").status_code == 401
    assert login("demo2").get("/admin/stats/report.csv").status_code == 403
    assert login("demo1").get("/admin/stats/report.pdf").status_code == 404
