"""`accueil report`: the France Services monthly report, from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from server.commands import command


@command
@click.command()
@click.option("--month", required=True, help="The month, as YYYY-MM (e.g. 2026-11).")
@click.option(
    "--site", "site_code", default=None, help="A site code, or 'all' (default: this site)."
)
@click.option(
    "--format", "kind", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def report(month: str, site_code: str | None, kind: str, output: Path) -> None:
    """Write the month's activity per partner and theme (CSV for French spreadsheets, or XLSX)."""
    from server.commands import make_app as _app
    from server.context import home_site
    from server.domain.periods import InvalidPeriod, parse_month
    from server.extensions import db
    from server.services.clock import SystemClock
    from server.services.errors import NotFound
    from server.services.report import monthly_report, to_csv, to_xlsx
    from server.services.statistics import sites_for

    try:
        period = parse_month(month)
    except InvalidPeriod as error:
        raise click.BadParameter(str(error), param_hint="--month") from None
    app = _app()
    with app.app_context():
        try:
            sites = sites_for(db.session, site_code or home_site())
        except NotFound as error:
            raise click.ClickException(error.message) from None
        if not sites:
            raise click.ClickException("pas encore de site : lancez `accueil init` d'abord")
        built = monthly_report(db.session(), sites, period, SystemClock().now())
    output.write_bytes(to_csv(built) if kind == "csv" else to_xlsx(built))
    click.echo(
        f"{period.label} : {built.requests} demande(s), {built.distinct_visits} visite(s) "
        f"distincte(s) -> {output}"
    )
