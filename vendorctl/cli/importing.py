"""`vendorctl kpi import`: KPI measurements in from CSV exports."""

from pathlib import Path
from typing import Annotated

import typer

from vendorctl.cli.base import (
    RootOption,
    app,
    complete_vendor,
    find_portfolio,
    handled,
    report_errors,
    usage_error,
)
from vendorctl.errors import EXIT_INVALID

kpi_app = typer.Typer(
    help="KPI data: import measurements from CSV exports.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app (see cli.base)
)
app.add_typer(kpi_app, name="kpi")


@kpi_app.command("import")
@handled
def kpi_import(
    csv_file: Annotated[
        Path, typer.Argument(help="CSV export with KPI, period and value columns.")
    ],
    vendor: Annotated[
        str,
        typer.Option(
            "--vendor", help="Vendor id the measurements are for.", autocompletion=complete_vendor
        ),
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="COLUMN=FIELD, FIELD one of kpi, period, value, source, note. Repeatable."
        ),
    ] = None,
    period_format: Annotated[
        str | None,
        typer.Option(
            "--period-format", help="strptime layout of the period column, e.g. %d/%m/%Y."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite measurements whose value differs.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Merge KPI measurements from a CSV export into the vendor's KPI files.

    Encoding, delimiter and decimal commas are detected. New measurements are added, identical
    ones left alone, a different value for an existing KPI and period refused unless --replace.
    Nothing is written unless every row is valid.

    \b
    Example: vendorctl kpi import export.csv --vendor nimbus-cloud --map Metric=kpi --dry-run
    """
    from vendorctl.jobs.kpi_import import import_kpis
    from vendorctl.load.kpi_export import FIELDS

    given: dict[str, str] = {}
    for item in mapping or []:
        column, _, name = item.partition("=")
        if not column or name not in FIELDS:
            usage_error(f"--map {item!r}: write COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}")
        given[column] = name
    folder = find_portfolio(root)
    with report_errors("import KPI data"):
        result = import_kpis(
            folder, vendor, csv_file, given, period_format, replace=replace, dry_run=dry_run
        )
    for line in result.lines():
        typer.echo(line)
    if result.write_error is not None:
        usage_error(result.write_error)
    if not result.ok:
        raise typer.Exit(EXIT_INVALID)
