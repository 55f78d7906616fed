"""Checks on service-credit claims: each names a contract and a window that earned a credit."""

from __future__ import annotations

from collections.abc import Iterator, Set
from datetime import date
from decimal import Decimal

from vendorctl.checks.common import FirstSeen, did_you_mean
from vendorctl.checks.registry import check, result_check
from vendorctl.compute import credits, sla
from vendorctl.compute.numbers import grouped
from vendorctl.compute.scoring import series_of
from vendorctl.compute.vendor_slas import vendor_slas
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio, Record, VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model import VENDORS_DIR, periods
from vendorctl.model.claims import Claim, ClaimLog
from vendorctl.model.contract import Contract
from vendorctl.model.periods import Period
from vendorctl.model.records import Measurement

# How many earned windows an error lists, newest last, before "and N more".
_LISTED = 6
_KIND_OF = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}


@check
def claim_records(portfolio: Portfolio) -> Iterator[Diagnostic]:
    """A claim names a contract of its vendor, once per window; its dates are in order; a
    received amount goes with `status: received`. Judged whatever else is wrong."""
    fiscal = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    # A contract file that did not load leaves its contract unknown: its claims are not blamed.
    unread = {
        d.path.split("/")[1]
        for d in portfolio.diagnostics
        if d.severity == "error"
        and d.path.startswith(f"{VENDORS_DIR}/")
        and "/contracts/" in d.path
    }
    for files in portfolio.vendors.values():
        if not files.claims or files.vendor is None:
            continue
        vendor = files.vendor.model.id
        contracts = {r.model.id for r in files.contracts}
        judged = files.folder not in unread
        seen = FirstSeen("claim", code="duplicate-claim")
        for log in files.claims:
            for index, claim in enumerate(log.model.claims):
                loc = ("claims", index)
                if judged and claim.contract not in contracts:
                    known = ", ".join(sorted(contracts)) or "none"
                    yield log.doc.diagnostic(
                        (*loc, "contract"),
                        "unknown-contract",
                        f"vendor `{vendor}` has no contract `{claim.contract}` (its contracts: "
                        f"{known}){did_you_mean(claim.contract, contracts)}",
                    )
                dated = _dates(log.doc, loc, claim, fiscal)
                if dated:
                    yield from dated
                if (
                    claim.amount is not None
                    and claim.received_amount is not None
                    and claim.received_amount > claim.amount
                ):
                    yield _more_received(log.doc, loc, claim.received_amount, claim.amount)
                key = (claim.contract, claim.window)
                again = seen.add(key, log.doc, (*loc, "window"), f"{claim.contract} {claim.window}")
                if again:
                    yield from again


@result_check
def claim_windows(portfolio: Portfolio, skip: Set[str]) -> Iterator[Diagnostic]:
    """A claim's window is one its contract earned a credit for: computed, so judged only on
    vendors whose files are otherwise without error. A claim rejected or waived for a window
    that no longer earns anything (the data was corrected in the vendor's favour) is a
    warning: the record of what happened stays valid."""
    fiscal = portfolio.settings.model.fiscal_year_start if portfolio.settings else 1
    currency = portfolio.settings.model.currency if portfolio.settings else "EUR"
    for files in portfolio.vendors.values():
        if not files.claims or files.vendor is None or files.folder in skip:
            continue
        judge = _Judge(files, fiscal, currency)
        for log, index, claim, window in judge.claims:
            # Most claims name a window that earned: nothing to say, found without more.
            if not judge.quiet(claim, window):
                yield from judge.window(log.doc, ("claims", index), claim)


class _Judge:
    """Whether a claim's contract and window earned a credit, computed once per vendor."""

    def __init__(self, files: VendorFiles, fiscal: int, currency: str) -> None:
        assert files.vendor is not None
        self.vendor = files.vendor.model
        self.contracts: dict[str, Contract] = {r.model.id: r.model for r in files.contracts}
        self.kpis = {kpi.id: kpi for kpi in self.vendor.kpis}
        self.files = files
        self.fiscal = fiscal
        self.currency = currency
        # Judging a window takes the measurements of the KPIs that SLAs name, and each
        # contract's SLAs made ready: made once with the credit ledger (`vendor_slas`). A
        # measurement counts only for a window it lies in, so those of windows not claimed
        # change no verdict. All of them are made decimals only to explain a claim for a
        # window that earned nothing.
        self.book = vendor_slas(files, fiscal, currency)
        self.series = self.book.series
        # The windows each contract's claims name, judged together on the contract's first
        # claim (`_earned_of`): what each earned is then one look-up per claim.
        self._claimed: dict[str, list[Period]] = {}
        # Each claim with its place and its window parsed (None: reported as it is judged).
        self.claims: list[tuple[Record[ClaimLog], int, Claim, Period | None]] = []
        for log in files.claims:
            for index, claim in enumerate(log.model.claims):
                try:
                    window: Period | None = periods.parse(claim.window, fiscal)
                except periods.PeriodError:
                    window = None
                self.claims.append((log, index, claim, window))
                if window is not None:
                    self._claimed.setdefault(claim.contract, []).append(window)
        self._earned_windows: dict[str, set[Period]] = {}
        self._every: dict[str, dict[Period, Decimal]] | None = None
        self._said: dict[str, str] = {}

    def quiet(self, claim: Claim, window: Period | None) -> bool:
        """True if `window` has nothing to say of the claim (whose window, parsed, is `window`;
        None if it does not parse): its contract is unknown (another check says so), or earned
        a credit for its window and no received amount is to be held to the credit."""
        if claim.received_amount is not None and claim.amount is None:
            return False
        found = self._earned_windows.get(claim.contract)
        if found is None:
            contract = self.contracts.get(claim.contract)
            if contract is None:
                return True
            found = self._earned_of(contract)
        return window is not None and window in found

    def window(self, doc: Document, loc: tuple[str, int], claim: Claim) -> Iterator[Diagnostic]:
        """The contract exists for this vendor and earned a credit for the claim's window."""
        contract = self.contracts.get(claim.contract)
        if contract is None:
            return  # claim_records says so
        try:
            window = periods.parse(claim.window, self.fiscal)
        except periods.PeriodError as exc:
            yield doc.diagnostic((*loc, "window"), "invalid-value", str(exc))
            return
        currency = contract.currency or self.currency
        if window in self._earned_of(contract):
            if claim.received_amount is not None and claim.amount is None:
                yield from self._received(doc, loc, claim, self.book.slas(contract), window)
            return
        windows = sorted({item.window for item in contract.slas})
        if _KIND_OF.get(window.kind) not in windows:
            why = (
                f"its SLAs are evaluated {' and '.join(windows)}, not {_KIND_OF[window.kind]}"
                if windows
                else "it has no SLAs"
            )
        else:
            why = "its SLAs were met there, or have no data for it"
        settled = claim.status in ("rejected", "waived")
        yield doc.diagnostic(
            (*loc, "window"),
            "claim-window",
            f"contract `{contract.id}` earned no service credit for {window.label} ({why}); "
            f"{self._earned(contract, currency)}",
            severity="warning" if settled else "error",
        )

    def _received(
        self,
        doc: Document,
        loc: tuple[str, int],
        claim: Claim,
        slas: sla.ContractSlas,
        window: Period,
    ) -> Iterator[Diagnostic]:
        """More received than the credit computed (the amount claimed when none is recorded)."""
        found = [c for c in slas.credits(self.series, window) if c.window == window]
        figure = credits.cents(found[0].amount) if found else None
        received = credits.cents(claim.received_amount)
        if figure is not None and received is not None and received > figure:
            yield _more_received(doc, loc, received, figure)

    def _earned_of(self, contract: Contract) -> set[Period]:
        """The windows the contract's claims name that it earned a credit for."""
        found = self._earned_windows.get(contract.id)
        if found is None:
            claimed = self._claimed.get(contract.id, [])
            slas = self.book.slas(contract)
            found = self._earned_windows[contract.id] = slas.earned(self.series, claimed)
        return found

    def _measurements(self) -> Iterator[Measurement]:
        return (m for record in self.files.measurements for m in record.model.measurements)

    def _earned(self, contract: Contract, currency: str) -> str:
        """The windows the contract earned a credit for, in words: worked out once per
        contract, however many of its claims name a window that earned nothing."""
        said = self._said.get(contract.id)
        if said is None:
            said = self._said[contract.id] = self._windows_earned(contract, currency)
        return said

    def _windows_earned(self, contract: Contract, currency: str) -> str:
        every = self._every
        if every is None:
            every = self._every = series_of(self._measurements(), self.fiscal)
        measured = [p for points in every.values() for p in points]
        if not measured:
            return "it has no measurements at all"
        until = max(p.end for p in measured)
        found = credits.earned(contract, self.kpis, every, until, currency, self.fiscal)
        labels = [c.window.label for c in found]
        if not labels:
            return "it earned no credit in any window"
        shown = ", ".join(labels[-_LISTED:])
        more = f" (and {len(labels) - _LISTED} earlier)" if len(labels) > _LISTED else ""
        return f"windows that earned one: {shown}{more}"


def _dates(doc: Document, loc: tuple[str, int], claim: Claim, fiscal: int) -> list[Diagnostic]:
    """A claim is sent, then received; only a received claim has a credit note. A plain
    function, not a generator: it runs once per claim, and most claims are in order."""
    found: list[Diagnostic] = []
    if claim.claimed_on is None and claim.status != "waived":
        found.append(
            doc.diagnostic(
                (*loc, "status"),
                "claim-dates",
                f"a {claim.status} claim needs `claimed_on`, the date it was sent",
            )
        )
    if claim.status == "received":
        if claim.received_on is None:
            found.append(
                doc.diagnostic(
                    (*loc, "status"),
                    "claim-dates",
                    "a received claim needs `received_on`, the date of the credit note",
                )
            )
    else:
        for key in ("received_on", "received_amount"):
            if getattr(claim, key) is not None:
                found.append(
                    doc.diagnostic(
                        (*loc, key),
                        "claim-dates",
                        f"`{key}` goes with `status: received` (this claim is {claim.status}); "
                        "set the status or remove it",
                    )
                )
    if claim.claimed_on is not None:
        try:
            window = periods.parse(claim.window, fiscal)
        except periods.PeriodError:
            window = None
        if window is not None and _before_end(claim.claimed_on, window):
            found.append(
                doc.diagnostic(
                    (*loc, "claimed_on"),
                    "claim-dates",
                    f"claimed on {claim.claimed_on}, before the window {claim.window} ended "
                    f"({window.end})",
                )
            )
        if claim.received_on is not None and claim.received_on < claim.claimed_on:
            found.append(
                doc.diagnostic(
                    (*loc, "received_on"),
                    "claim-dates",
                    f"received on {claim.received_on}, before it was claimed on {claim.claimed_on}",
                )
            )
    return found


def _before_end(day: date, window: Period) -> bool:
    """True if `day` comes before the window's last day: compared by month number first, as
    working out that last day takes a calendar (and a claim is rarely sent in the window)."""
    month, last = day.year * 12 + day.month - 1, window.first + window.length - 1
    return month < last or (month == last and day < window.end)


def _more_received(
    doc: Document, loc: tuple[str, int], received: Decimal | float, claimed: Decimal | float
) -> Diagnostic:
    """A credit note for more than was claimed: a typo, or a figure to check with the vendor."""
    return doc.diagnostic(
        (*loc, "received_amount"),
        "claim-amount",
        f"received {grouped(received)}, more than the {grouped(claimed)} claimed; check the "
        "credit note (or record the claimed `amount`)",
        severity="warning",
    )
