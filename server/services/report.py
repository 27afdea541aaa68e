"""The France Services monthly report of a site (or all sites), as CSV and XLSX.

CSV as French spreadsheets open it: UTF-8 with a byte-order mark, `;` between fields, decimal
comma. One row per partner; the columns are documented in COLUMNS (and in the README).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.catalogue import THEMES
from server.domain.periods import Period
from server.domain.report import REQUEST_TYPES, RESULTS, PartnerRow, partner_rows
from server.domain.statistics import REQUEST_TYPE_LABELS, RESULT_LABELS, UNKNOWN, fold
from server.models import Presence, Site
from server.services.ideas import CATEGORY_LABELS, idea_counts
from server.services.statistics import bounds, catalogue, event_records, itinerant_sites
from server.services.transaction import reading

COLUMNS: list[tuple[str, str]] = [
    ("partner", "Code du partenaire"),
    ("partner_name", "Partenaire"),
    ("national", "Opérateur national France Services (oui/non)"),
    ("visits", "Passages servis pour ce partenaire (tickets pris en charge par un agent)"),
    (
        "distinct_visits",
        "Visites prises en charge distinctes (une visite réorientée ou rappelée compte une fois)",
    ),
    ("requests", "Demandes terminées avec un résultat (décompte national)"),
    *[
        (f"type_{code}", f"Demandes de type « {REQUEST_TYPE_LABELS[code]} »")
        for code in REQUEST_TYPES
    ],
    *[(f"result_{code}", f"Demandes au résultat « {RESULT_LABELS[code]} »") for code in RESULTS],
    ("result_not_recorded", "Demandes sans résultat saisi"),
    ("itinerant_share", "Part des demandes traitées par la France Services itinérante"),
    *[(f"theme_{code}", f"Demandes du thème « {label} »") for code, label in THEMES.items()],
]


@dataclass(frozen=True)
class MonthlyReport:
    period: Period
    sites: list[str]
    rows: list[PartnerRow]
    visits: int
    distinct_visits: int
    requests: int
    presences: int
    itinerant_visits: int
    generated_at: datetime
    ideas: dict[str, dict[str, int]] = field(default_factory=dict)  # idea wall, by category
    site_names: list[str] = field(default_factory=list)  # as the summary names them

    @property
    def itinerant_share(self) -> float | None:
        return self.itinerant_visits / self.distinct_visits if self.distinct_visits else None


def monthly_report(
    session: Session, sites: Sequence[Site], period: Period, now: datetime
) -> MonthlyReport:
    """The month's activity per partner: from the log, or from the archive of each site whose
    details were past retention (the same figures, kept when the details went)."""
    from server.services.retention import archives_for

    # « Produit le » is read on the site's wall clock, not in UTC (an hour behind in winter).
    now = now.astimezone(ZoneInfo(sites[0].timezone)) if sites else now
    archives = archives_for(session, list(sites), period.start) if period.kind == "month" else {}
    if not archives:
        report = live_report(session, sites, period, now)
    else:
        parts = [
            from_archive(archives[site.id].report, period, site.code, now)
            if site.id in archives
            else live_report(session, [site], period, now)
            for site in sites
        ]
        report = merge(parts, period, now)
    return replace(
        report,
        ideas=period_ideas(session, sites, period),
        site_names=[site.name for site in sites],
    )


def period_ideas(
    session: Session, sites: Sequence[Site], period: Period
) -> dict[str, dict[str, int]]:
    """Ideas posted on the wall during the period, by category (they outlive visit details)."""
    zone = ZoneInfo(sites[0].timezone if sites else "Europe/Paris")
    start, end = bounds(period, zone)
    return idea_counts(session, [site.id for site in sites], start, end)


def from_archive(data: dict[str, Any], period: Period, site: str, now: datetime) -> MonthlyReport:
    return MonthlyReport(
        period=period,
        sites=[site],
        rows=[PartnerRow(**row) for row in data["rows"]],
        visits=data["visits"],
        distinct_visits=data["distinct_visits"],
        requests=data["requests"],
        presences=data["presences"],
        itinerant_visits=data["itinerant_visits"],
        generated_at=now,
    )


def merge(parts: Sequence[MonthlyReport], period: Period, now: datetime) -> MonthlyReport:
    """Several sites' reports as one: partners in the first part's order, figures added up."""
    rows: dict[str, PartnerRow] = {}
    for part in parts:
        for row in part.rows:
            rows[row.partner] = add_rows(rows[row.partner], row) if row.partner in rows else row
    return MonthlyReport(
        period=period,
        sites=[code for part in parts for code in part.sites],
        rows=list(rows.values()),
        visits=sum(p.visits for p in parts),
        distinct_visits=sum(p.distinct_visits for p in parts),
        requests=sum(p.requests for p in parts),
        presences=sum(p.presences for p in parts),
        itinerant_visits=sum(p.itinerant_visits for p in parts),
        generated_at=now,
    )


def add_rows(first: PartnerRow, second: PartnerRow) -> PartnerRow:
    def added(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
        return {key: a.get(key, 0) + b.get(key, 0) for key in {*a, *b}}

    return replace(
        first,
        visits=first.visits + second.visits,
        distinct_visits=first.distinct_visits + second.distinct_visits,
        requests=first.requests + second.requests,
        request_types=added(first.request_types, second.request_types),
        results=added(first.results, second.results),
        itinerant_requests=first.itinerant_requests + second.itinerant_requests,
        themes=added(first.themes, second.themes),
    )


def live_report(
    session: Session, sites: Sequence[Site], period: Period, now: datetime
) -> MonthlyReport:
    """The period's activity per partner from the log, read in one transaction (no write lock)."""
    zone = ZoneInfo(sites[0].timezone if sites else "Europe/Paris")
    start, end = bounds(period, zone)
    with reading(session):
        records = event_records(session, sites, start, end)
        names = catalogue(session)
        roaming = itinerant_sites(session)
        presences = session.scalar(
            select(func.count(Presence.id)).where(
                Presence.site_id.in_([s.id for s in sites]),
                Presence.at >= start,
                Presence.at < end,
            )
        )
    visits = fold(records)
    served = {
        chain: visit
        for chain, visit in visits.items()
        if any(s.started_at is not None for s in visit.segments.values())
    }
    rows = partner_rows(visits, names, roaming, list(THEMES))
    return MonthlyReport(
        period=period,
        sites=[s.code for s in sites],
        rows=rows,
        visits=sum(row.visits for row in rows),
        distinct_visits=len(served),
        requests=sum(row.requests for row in rows),
        presences=presences or 0,
        itinerant_visits=sum(visit.site in roaming for visit in served.values()),
        generated_at=now,
    )


def row_values(row: PartnerRow) -> dict[str, Any]:
    """One partner's figures under the column codes (numbers stay numbers)."""
    return {
        "partner": row.partner,
        "partner_name": row.partner_name,
        "national": "oui" if row.national else "non",
        "visits": row.visits,
        "distinct_visits": row.distinct_visits,
        "requests": row.requests,
        **{f"type_{code}": row.request_types.get(code, 0) for code in REQUEST_TYPES},
        **{f"result_{code}": row.results.get(code, 0) for code in RESULTS},
        "result_not_recorded": row.results.get(UNKNOWN, 0),
        "itinerant_share": row.itinerant_share,
        **{f"theme_{code}": row.themes.get(code, 0) for code in THEMES},
    }


def french_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return str(value)


def to_csv(report: MonthlyReport) -> bytes:
    """UTF-8 with BOM, `;` separator, decimal comma: opens as is in a French spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([code for code, _ in COLUMNS])
    for row in report.rows:
        values = row_values(row)
        writer.writerow([french_number(values[code]) for code, _ in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: MonthlyReport) -> bytes:
    """A workbook: the partners, the month in brief, the themes, and what each column means."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    partners = book.active
    partners.title = "Partenaires"
    partners.append([code for code, _ in COLUMNS])
    for row in report.rows:
        values = row_values(row)
        partners.append([values[code] for code, _ in COLUMNS])
    for cell in partners[1]:
        cell.font = Font(bold=True)
    share = get_column_letter([code for code, _ in COLUMNS].index("itinerant_share") + 1)
    for cell in partners[share][1:]:
        cell.number_format = "0.0%"

    summary = book.create_sheet("Synthèse")
    for label, value in (
        ("Mois", report.period.label),
        ("Du", report.period.start),
        ("Au", report.period.end),
        # Their names: the summary goes to the prefecture, who knows no site code (« cs »).
        ("Structures", ", ".join(report.site_names or report.sites)),
        ("Passages servis", report.visits),
        # Taken in hand by an agent, finished or not: the statistics page's « Visites » also
        # counts who never came to a counter, its « Visites servies » only those finished.
        ("Visites prises en charge (distinctes)", report.distinct_visits),
        ("Demandes terminées", report.requests),
        ("Présences sans démarche", report.presences),
        ("Part des visites itinérantes", report.itinerant_share),
        ("Produit le", report.generated_at.replace(tzinfo=None)),
    ):
        summary.append([label, value])
        if label.startswith("Part "):
            summary.cell(summary.max_row, 2).number_format = "0.0%"  # 0.25 reads « 25,0 % »

    themes = book.create_sheet("Thèmes")
    themes.append(["thème", "libellé", "demandes"])
    for code, label in THEMES.items():
        themes.append([code, label, sum(row.themes.get(code, 0) for row in report.rows)])

    ideas = book.create_sheet("Idées")
    ideas.append(["catégorie", "libellé", "déposées", "publiées", "refusées", "en attente"])
    for code, counts in report.ideas.items():
        ideas.append(
            [
                code,
                CATEGORY_LABELS.get(code, code),
                counts.get("posted", 0),
                counts.get("approved", 0),
                counts.get("rejected", 0),
                counts.get("pending", 0),
            ]
        )

    legend = book.create_sheet("Colonnes")
    legend.append(["colonne", "signification"])
    for code, meaning in COLUMNS:
        legend.append([code, meaning])

    for sheet in book.worksheets:  # columns as wide as their text: no name cut at 8 characters
        for cells in sheet.iter_cols():
            widest = max(len(str(cell.value or "")) for cell in cells)
            sheet.column_dimensions[cells[0].column_letter].width = min(widest + 2, 80)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
