"""A vendor's SLA work made once per loaded files (`compute/vendor_slas`) and shared by the
claims check and the credit ledger: it never outlives its files nor serves other files (another
load, another vendor, other settings), and it is made afresh when they change. Claims judged
together earn what each judged alone does."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace
from pathlib import Path

from tests.conftest import Run
from vendorctl.compute.credits import credit_for
from vendorctl.compute.scoring import series_of
from vendorctl.compute.sla import ContractSlas
from vendorctl.compute.vendor_slas import vendor_slas
from vendorctl.load.portfolio import VendorFiles, load_portfolio
from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurement

MSA = "vendors/acme/contracts/msa.yaml"
CLAIMS = "vendors/acme/claims.yaml"


def _acme(root: Path) -> VendorFiles:
    return load_portfolio(root).vendors["acme"]


def _every(files: VendorFiles) -> list[Measurement]:
    return [m for record in files.measurements for m in record.model.measurements]


def test_one_book_per_files_with_the_series_of_the_kpis_slas_name(portfolio: Path) -> None:
    files = _acme(portfolio)
    book = vendor_slas(files, 1, "EUR")
    assert vendor_slas(files, 1, "EUR") is book
    named = {"availability", "response"}
    assert book.series == series_of(_every(files), 1, kpis=named)
    # The measurements from a month on: picked from the series made, or made alone before it.
    month = parse("2026-09").first
    expected = series_of(_every(files), 1, kpis=named, months=range(month, month + 1000))
    assert expected and expected != book.series
    assert book.since(month) == expected
    assert vendor_slas(_acme(portfolio), 1, "EUR").since(month) == expected
    contract = files.contracts[0].model
    assert book.slas(contract) is book.slas(contract)


def test_a_book_serves_its_own_files_and_settings_only(portfolio: Path) -> None:
    files, again = _acme(portfolio), _acme(portfolio)
    book = vendor_slas(files, 1, "EUR")
    assert vendor_slas(again, 1, "EUR") is not book  # another load of the same folder
    assert vendor_slas(files, 4, "EUR") is not book  # another fiscal year
    assert vendor_slas(files, 4, "USD").currency == "USD"
    # A redacted or edited copy of the files (`dataclasses.replace`) has its own.
    copy = replace(files, measurements=[])
    assert vendor_slas(copy, 4, "USD").series == {}
    assert vendor_slas(files, 4, "USD").series != {}


def test_a_book_goes_with_its_files(portfolio: Path) -> None:
    files = _acme(portfolio)
    book = weakref.ref(vendor_slas(files, 1, "EUR"))
    vendor_slas(files, 1, "EUR").series  # noqa: B018 (made, and held only by the files)
    del files
    gc.collect()
    assert book() is None


def test_files_changed_since_get_a_book_of_what_they_hold_now(portfolio: Path) -> None:
    files = _acme(portfolio)
    before = vendor_slas(files, 1, "EUR")
    assert parse("2026-10") not in before.series["availability"]
    # A measurement added to a file read before: the series is made again, with it.
    added = Measurement(kpi="availability", period="2026-10", value=90.0)
    files.measurements[0].model.measurements.append(added)
    after = vendor_slas(files, 1, "EUR")
    assert after is not before
    assert after.series["availability"][parse("2026-10")] == 90
    # A file of measurements dropped from the list the files hold.
    files.measurements.clear()
    assert vendor_slas(files, 1, "EUR").series == {}


def test_claims_judged_together_earn_what_each_alone_does(portfolio: Path) -> None:
    """Across an amendment that changes the SLAs mid-year, months, quarters and years alike."""
    path = portfolio / MSA
    path.write_text(
        path.read_text(encoding="utf-8")
        + "amendments:\n  - id: stricter\n    effective: 2026-09-01\n    summary: stricter\n"
        "    credit_cap: 7\n    slas:\n      - id: availability\n        kpi: availability\n"
        "        target: 99.97\n        window: quarterly\n        credits:\n"
        "          - {below: 99.97, credit: 4}\n          - {below: 99.6, credit: 9}\n",
        encoding="utf-8",
    )
    kpis_file = portfolio / "vendors/acme/kpis/2026.yaml"
    kpis_file.write_text(
        kpis_file.read_text(encoding="utf-8")
        + "".join(
            f"  - {{kpi: availability, period: 2026-{m}, value: 99.8}}\n" for m in (10, 11, 12)
        )
        + "  - {kpi: response, period: 2026-11, value: 30}\n",
        encoding="utf-8",
    )
    files = _acme(portfolio)
    assert files.vendor is not None
    kpis = {kpi.id: kpi for kpi in files.vendor.model.kpis}
    contract = files.contracts[0].model
    series = series_of(_every(files), 1)
    windows = [
        *(Period(parse("2026-01").first + i, "month") for i in range(12)),
        *(parse(f"2026-Q{q}") for q in range(1, 5)),
        parse("2026"),
        parse("2024-12"),
        parse("2027-02"),
    ]
    alone = {w for w in windows if credit_for(contract, kpis, series, w, "EUR") is not None}
    # Windows that earned by either terms, and windows that did not.
    assert alone == {parse("2026-09"), parse("2026-11"), parse("2026-Q4")}
    assert ContractSlas(contract, kpis, "EUR").earned(series, windows) == alone


def test_a_claim_and_the_ledger_judge_the_same_files_in_one_run(run: Run, portfolio: Path) -> None:
    """The claims check makes the vendor's book, the credit policies read it: the 2026-09 credit
    is claimed (judged earned), the 2026-08 claim is not (its SLAs were met)."""
    (portfolio / CLAIMS).write_text(
        "claims:\n"
        "  - {contract: acme-msa, window: 2026-09, claimed_on: 2026-10-01, status: claimed}\n"
        "  - {contract: acme-msa, window: 2026-08, claimed_on: 2026-10-01, status: claimed}\n",
        encoding="utf-8",
    )
    result = run("validate", "--root", portfolio, "--as-of", "2026-12-15", "--jobs", "1")
    window_errors = [line for line in result.lines if line.endswith("[claim-window]")]
    assert len(window_errors) == 1
    assert "earned no service credit for 2026-08" in window_errors[0]
    assert "windows that earned one: 2026-09" in window_errors[0]
