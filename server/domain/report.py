"""The France Services monthly report: activity per partner and per theme, from folded visits.

Per partner:
  visits           tickets an agent served for that partner (started, including one later
                   transferred to another partner; a finished one counts for the partner the
                   agent recorded)
  distinct_visits  distinct visits among them (a visit sent back and served twice counts once)
  requests         procedures finished with an outcome for that partner (the national count)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from server.domain.statistics import (
    NO_PARTNER,
    UNKNOWN,
    Catalogue,
    _Visit,
    requests_of,
)

# The national operators of the France Services label, always listed even without activity.
NATIONAL_OPERATORS = (
    "france-titres",
    "caf",
    "cpam",
    "retraite",
    "msa",
    "dgfip",
    "france-travail",
    "la-poste",
    "justice",
)
REQUEST_TYPES = ("information", "procedure", "referral")
RESULTS = ("resolved", "referred", "escalated")


@dataclass(frozen=True)
class PartnerRow:
    partner: str
    partner_name: str
    national: bool
    visits: int
    distinct_visits: int
    requests: int
    request_types: Mapping[str, int]
    results: Mapping[str, int]
    itinerant_requests: int
    themes: Mapping[str, int]

    @property
    def itinerant_share(self) -> float | None:
        return self.itinerant_requests / self.requests if self.requests else None


def partner_rows(
    visits: Mapping[str, _Visit],
    catalogue: Catalogue,
    itinerant_sites: frozenset[str],
    themes: Sequence[str],
) -> list[PartnerRow]:
    """National operators first (in the label's order), then local partners, then the rest."""
    served: dict[str, int] = Counter()
    chains: dict[str, set[str]] = defaultdict(set)
    for chain, visit in visits.items():
        for segment in visit.segments.values():
            if segment.started_at is None:
                continue
            outcome = segment.outcome or {}
            service = str(outcome.get("service") or segment.service)
            listed = catalogue.services.get(service, (None, UNKNOWN))[0]
            partner = str(outcome.get("partner") or listed or NO_PARTNER)
            served[partner] += 1
            chains[partner].add(chain)
    requests = requests_of(visits, catalogue, itinerant_sites)
    by_partner: dict[str, list[Any]] = defaultdict(list)
    for request in requests:
        by_partner[request.partner].append(request)
    names = {**catalogue.partner_names, NO_PARTNER: "Sans partenaire (accueil général)"}
    local = sorted(
        (set(served) | set(by_partner)) - set(NATIONAL_OPERATORS) - {NO_PARTNER},
        key=lambda code: names.get(code, code),
    )
    extra = [NO_PARTNER] if NO_PARTNER in served or NO_PARTNER in by_partner else []
    rows = []
    for code in [*NATIONAL_OPERATORS, *local, *extra]:
        handled = by_partner.get(code, [])
        rows.append(
            PartnerRow(
                partner=code,
                partner_name=names.get(code, code),
                national=code in NATIONAL_OPERATORS,
                visits=served.get(code, 0),
                distinct_visits=len(chains.get(code, ())),
                requests=len(handled),
                request_types=dict(Counter(r.request_type for r in handled)),
                results=dict(Counter(r.result for r in handled)),
                itinerant_requests=sum(r.channel == "itinerant" for r in handled),
                themes={theme: sum(r.theme == theme for r in handled) for theme in themes},
            )
        )
    return rows
