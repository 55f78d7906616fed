"""`vendorctl kpi import`: KPI measurements in from CSV exports."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vendorctl.cli.base import (
    NoCacheOption,
    RootOption,
    complete_vendor,
    find_portfolio,
    handled,
    known_vendor,
    report_errors,
    usage_error,
)

if TYPE_CHECKING:  # imported when the command runs: `vendorctl --help` stays quick
    from vendorctl.load.kpi_export import Equals, Rollup

kpi_app = typer.Typer(
    help="KPI data: import measurements from CSV exports.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app (see cli.base)
)


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
            "--map",
            help="COLUMN=FIELD, FIELD one of kpi, period, value, weight, source, note. Repeatable.",
        ),
    ] = None,
    kpi_map: Annotated[
        list[str] | None,
        typer.Option(
            "--kpi-map",
            help="NAME=KPI-ID: a KPI name the export uses, e.g. 'P2 resolution=p2'. Repeatable.",
        ),
    ] = None,
    kpi: Annotated[
        str | None,
        typer.Option("--kpi", help="KPI id of every row, for an export without a KPI column."),
    ] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Roll rows up: their number per KPI and period.")
    ] = False,
    share: Annotated[
        str | None,
        typer.Option(
            "--share",
            help="COLUMN=VALUE. Roll rows up: the percent of them whose COLUMN equals VALUE.",
        ),
    ] = None,
    mean: Annotated[
        str | None,
        typer.Option("--mean", help="COLUMN. Roll rows up: the mean of COLUMN."),
    ] = None,
    sum_: Annotated[
        str | None,
        typer.Option("--sum", help="COLUMN. Roll rows up: the sum of COLUMN."),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where", help="COLUMN=VALUE: read only such rows. Repeatable; all must hold."
        ),
    ] = None,
    period_format: Annotated[
        str | None,
        typer.Option(
            "--period-format", help="strptime layout of the period column, e.g. %d/%m/%Y."
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="Read the file with this profile of vendor.yaml."),
    ] = None,
    save_profile: Annotated[
        str | None,
        typer.Option(
            "--save-profile", help="Save the mapping used in vendor.yaml under this name."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Source recorded on every measurement imported."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite measurements whose value differs.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the values per KPI and period; write nothing."),
    ] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Merge KPI measurements from a CSV export into the vendor's KPI files.

    Encoding, delimiter, decimal commas, dates and ISO 8601 date-times are detected. An export
    of one row per record (a ticket, an SLA task) is rolled up into one value per KPI and
    period with --count, --share, --mean or --sum. A profile saved in vendor.yaml is used
    when named with --profile, or when it is the one whose columns the file has. New
    measurements are added, identical ones left alone, a different value for an existing KPI
    and period refused unless --replace. Nothing is written unless every row is valid.

    \b
    Example: vendorctl kpi import sla.csv --vendor acme --share 'Has breached=false' --dry-run
    """
    from vendorctl.errors import EXIT_INVALID
    from vendorctl.jobs.kpi_import import import_kpis
    from vendorctl.load.kpi_export import FIELDS, Asked

    given: dict[str, str] = {}
    for item in mapping or []:
        column, _, name = item.partition("=")
        if not column or name not in FIELDS:
            usage_error(f"--map {item!r}: write COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}")
        given[column] = name
    names: dict[str, str] = {}
    for item in kpi_map or []:
        name, _, kpi_id = item.partition("=")
        if not name.strip() or not kpi_id.strip():
            usage_error(f"--kpi-map {item!r}: write NAME=KPI-ID, e.g. 'P2 resolution=p2'")
        names[name.strip()] = kpi_id.strip()
    if source is not None and not 0 < len(source) <= 200:
        usage_error("--source: give the source as text of 1 to 200 characters")
    asked = Asked(
        given,
        names,
        period_format,
        source,
        kpi,
        _rollup(count, share, mean, sum_),
        tuple(_condition("--where", item) for item in where or []),
        profile,
        save_profile,
    )
    folder = find_portfolio(root)
    known_vendor(folder, vendor)
    with report_errors("import KPI data"):
        result = import_kpis(folder, vendor, csv_file, asked, replace=replace, dry_run=dry_run)
    for line in result.lines():
        typer.echo(line)
    if result.write_error is not None:
        usage_error(result.write_error)
    if not result.ok:
        raise typer.Exit(EXIT_INVALID)


def _condition(option: str, text: str) -> "Equals":
    """COLUMN=VALUE of --share or --where, or a usage error."""
    from vendorctl.load.kpi_export import equals

    found = equals(text)
    if found is None:
        usage_error(f"{option} {text!r}: write COLUMN=VALUE, e.g. 'Has breached=false'")
    return found


def _rollup(count: bool, share: str | None, mean: str | None, sum_: str | None) -> "Rollup | None":
    """The one rollup asked for, if any; more than one is a usage error."""
    from vendorctl.load.kpi_export import Rollup

    given = (("--count", count or None), ("--share", share), ("--mean", mean), ("--sum", sum_))
    asked = [option for option, value in given if value is not None]
    if len(asked) > 1:
        usage_error(f"{' and '.join(asked)}: roll the rows up one way, with one of them")
    if count:
        return Rollup("count")
    if share is not None:
        condition = _condition("--share", share)
        return Rollup("share", condition.column, condition.value)
    for method, column in (("mean", mean), ("sum", sum_)):
        if column is not None:
            if not column.strip():
                usage_error(f"--{method}: name the column to take the {method} of")
            return Rollup("mean" if method == "mean" else "sum", column.strip())
    return None
