"""The eleven public holidays of mainland France (Code du travail, article L3133-1).

Asked of `jours-feries-france` (from the author of `vacances-scolaires-france`, no
dependencies, half a megabyte), not of the `holidays` package: the latter's country lookup
imports the modules of every country it knows, about 17 MB in each server process for
eleven dates a year (issue 15). The test suite checks both agree on every year `holidays`
knows.
"""

from __future__ import annotations

from datetime import date

from jours_feries_france import JoursFeries


def french_public_holidays(years: range) -> frozenset[date]:
    """Every public holiday of the given years (the lundi de Pentecôte included: a holiday in
    law, the journée de solidarité is each employer's choice)."""
    return frozenset(day for year in years for day in JoursFeries.for_year(year).values())
