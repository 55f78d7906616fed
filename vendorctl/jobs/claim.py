"""`vendorctl claim`: the letter claiming a vendor's service credits, with its evidence, and the
claims recorded in the vendor's claims.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vendorctl.compute.credits import UNCLAIMED, ClaimRef, CreditState, claims_of, ledger
from vendorctl.compute.numbers import counted
from vendorctl.errors import DataError, UsageError
from vendorctl.jobs.files import named_target, write_all_atomic, write_atomic, write_named
from vendorctl.jobs.portfolio import load_and_check, load_valid
from vendorctl.load import git
from vendorctl.load.checked import Checked
from vendorctl.load.claims_file import NewClaim, appended, new_file
from vendorctl.load.portfolio import VENDORS_DIR, VendorFiles
from vendorctl.load.root import SETTINGS_FILE, shown_path
from vendorctl.load.yamlio import LoadError, parse
from vendorctl.model import FILE_KINDS, periods
from vendorctl.model.claims import ClaimLog
from vendorctl.model.periods import Period
from vendorctl.render.formats import Drawing, draw
from vendorctl.reports.claim_letter import History, claim_letter

TEMPLATE = "claim.md.j2"
CLAIMS = FILE_KINDS["claims"]
# How many windows that earned a credit an error lists (the latest), before "and N earlier".
_LISTED = 6
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Claimed:
    """What `claim` made: the letter (None when there is nothing to claim, `nothing` saying so),
    the warnings, and what it recorded or wrote (paths as messages show them)."""

    letter: str | None
    nothing: str | None = None
    warnings: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)  # "contract window" of each claim
    claims_file: str | None = None
    out: str | None = None


def claim(
    root: Path,
    vendor_id: str,
    *,
    contract: str | None = None,
    windows: Sequence[str] = (),
    day: date,
    out: Path | None = None,
    record: bool = False,
) -> Claimed:
    """Draft the letter claiming the vendor's credits as of `day`: those of `windows` (each a
    window some contract earned a credit for), else every credit still to claim; of one
    `contract` if given. Write it to `out` if given, and with `record` append a `claimed` entry
    per window to the vendor's claims.yaml (refused for a window already claimed)."""
    checked = load_valid(root)
    if out is not None:
        _refuse_out(root, out)
    vendor, files = checked.vendor(vendor_id)
    ids = sorted(r.model.id for r in files.contracts)
    if contract is not None and contract not in ids:
        raise UsageError(
            f"vendor `{vendor_id}` has no contract `{contract}` "
            f"(its contracts: {', '.join(ids) or 'none'})"
        )
    states = [
        s
        for s in ledger(checked, vendor_id, day)
        if contract is None or s.credit.contract.id == contract
    ]
    if windows:
        chosen = _asked(checked, vendor_id, states, windows, day, contract or _only(ids))
    else:
        chosen = [s for s in states if s.status in UNCLAIMED]
        if not chosen:
            return Claimed(None, _nothing(vendor.name, contract, states, day))
    chosen.sort(key=lambda s: (s.credit.contract.id, s.credit.window))
    claimed = claims_of(files)
    if record:
        _refuse_claimed(chosen, claimed)
    warnings = _warnings(chosen, claimed, day)
    history, without = _history(root)
    context = claim_letter(
        checked,
        vendor=vendor_id,
        states=chosen,
        day=day,
        history=history,
        without_history=without,
    )
    letter = draw(context, "md", Drawing("claim", TEMPLATE, root / "templates"))
    # A pipe or device named by --out gets the letter last, once the claims file is written and
    # checked: what is streamed cannot be taken back.
    into, streamed = (None, False) if out is None else named_target(out)
    planned: dict[Path, str | bytes] = {} if into is None or streamed else {into: letter}
    if not record:
        _write(planned)
        _stream(out if streamed else None, letter)
        return Claimed(letter if out is None else None, warnings=warnings, out=_shown(out))
    target, before, after = _recorded(root, files, chosen, day)
    planned[target] = after
    _write(planned)
    shown = shown_path(target, root)
    _revalidate(root, target, shown, before)
    _stream(out if streamed else None, letter)
    return Claimed(
        letter if out is None else None,
        warnings=warnings,
        recorded=[f"{s.credit.contract.id} {s.credit.window.label}" for s in chosen],
        claims_file=shown,
        out=_shown(out),
    )


def _refuse_out(root: Path, out: Path) -> None:
    """A letter never goes over the portfolio's data, nor in place of a folder."""
    target = out.resolve()
    data = (root / VENDORS_DIR).resolve()
    if target == data or data in target.parents or target == (root / SETTINGS_FILE).resolve():
        raise UsageError(
            f"--out {out} is inside the portfolio's data; write the letter elsewhere, "
            "e.g. --out claim.md"
        )
    if target.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name, e.g. {out}/claim.md")


def _shown(out: Path | None) -> str | None:
    return None if out is None else str(out)


def _only(ids: list[str]) -> str | None:
    return ids[0] if len(ids) == 1 else None


def _asked(
    checked: Checked,
    vendor_id: str,
    states: list[CreditState],
    asked: Sequence[str],
    day: date,
    contract: str | None,
) -> list[CreditState]:
    """The credits of the windows asked for; a window that has not ended, or that no contract
    (or not `contract`) earned a credit for, is an error listing the windows that did."""
    fiscal = checked.settings.fiscal_year_start
    wanted: list[Period] = []
    for text in asked:
        try:
            window = periods.parse(text, fiscal)
        except periods.PeriodError as exc:
            raise UsageError(f"--window {text!r}: {exc}") from None
        if window not in wanted:
            wanted.append(window)
    running = [w for w in wanted if w.end > day]
    if running:
        labels = ", ".join(f"{w.label} (ends {w.end})" for w in running)
        raise UsageError(
            f"window {labels} has not ended on {day}: a credit is claimed once its window is over"
        )
    chosen = [s for s in states if s.credit.window in wanted]
    missing = [w for w in wanted if not any(s.credit.window == w for s in chosen)]
    if missing:
        labels = ", ".join(w.label for w in missing)
        # Oldest first, by the end of the window: "and N earlier" counts what is left out.
        earned = sorted(
            states, key=lambda s: (s.credit.window.end, s.credit.contract.id, s.credit.window)
        )
        if contract is not None:
            listed = [s.credit.window.label for s in earned]
            said = f"contract `{contract}` earned no service credit for {labels}"
        else:
            listed = [f"{s.credit.contract.id} {s.credit.window.label}" for s in earned]
            said = f"no contract of vendor `{vendor_id}` earned a service credit for {labels}"
        raise UsageError(f"{said}; {_earned(listed, day)}")
    return chosen


def _earned(labels: list[str], day: date) -> str:
    """The windows that earned a credit (in order), the latest few."""
    if not labels:
        return f"no window ended by {day} earned one"
    shown = ", ".join(labels[-_LISTED:])
    more = f" (and {len(labels) - _LISTED} earlier)" if len(labels) > _LISTED else ""
    return f"windows that earned one: {shown}{more}"


def _nothing(name: str, contract: str | None, states: list[CreditState], day: date) -> str:
    """What to say when no credit is left to claim: and which ones lapsed, if any."""
    scope = f"contract `{contract}` of {name}" if contract else name
    lapsed = [
        f"{s.credit.contract.id} {s.credit.window.label}" for s in states if s.status == "lapsed"
    ]
    said = f"Nothing to claim from {scope} on {day}: no service credit is to claim or due soon."
    if lapsed:
        said += f" Lapsed (claim-by date passed, never claimed): {', '.join(lapsed)}."
    return said


def _where(ref: ClaimRef) -> str:
    """The existing claim's file and line."""
    line, _ = ref.record.doc.position(("claims", ref.index))
    return f"{ref.record.doc.path}:{line}"


def _refuse_claimed(chosen: list[CreditState], claimed: dict[tuple[str, str], ClaimRef]) -> None:
    """A window is claimed once: recording it again is refused, naming the claim's line."""
    found = []
    for state in chosen:
        credit = state.credit
        ref = claimed.get((credit.contract.id, credit.window.label))
        if ref is not None:
            on = f", claimed on {ref.claim.claimed_on}" if ref.claim.claimed_on else ""
            found.append(
                f"{_where(ref)}: a claim for {credit.contract.id} {credit.window.label} is "
                f"already recorded ({ref.claim.status}{on})"
            )
    if found:
        raise UsageError("; ".join(found) + "; nothing was recorded")


def _warnings(
    chosen: list[CreditState], claimed: dict[tuple[str, str], ClaimRef], day: date
) -> list[str]:
    """A letter for a lapsed credit, or for one already claimed, is drafted, with a warning."""
    said = []
    for state in chosen:
        credit = state.credit
        name = f"{credit.contract.id} {credit.window.label}"
        ref = claimed.get((credit.contract.id, credit.window.label))
        if state.status == "lapsed" and credit.claim_by is not None:
            days = (day - credit.claim_by).days
            said.append(
                f"{name}: the claim-by date {credit.claim_by} passed {counted(days, 'day')} ago; "
                "the vendor may refuse a late claim"
            )
        elif ref is not None:
            said.append(f"{name} is already recorded as {state.status} at {_where(ref)}")
    return said


def _history(root: Path) -> tuple[History | None, str | None]:
    """The commits of a file's lines, one `git blame` per file; None (and why) outside git."""
    try:
        if not git.in_work_tree(root):
            return None, "Commits are not shown: the portfolio is not in a git repository."
    except git.GitMissing:
        return None, "Commits are not shown: git is not installed or cannot be run."
    blamed: dict[str, dict[int, git.LineCommit]] = {}

    def lines(path: str) -> dict[int, git.LineCommit]:
        if path not in blamed:
            try:
                blamed[path] = git.blame(root, path)
            except git.GitError:
                blamed[path] = {}
        return blamed[path]

    return lines, None


def _claims_path(root: Path, files: VendorFiles) -> Path:
    """The vendor's claims file: the one it has, else a new claims.yaml in its folder."""
    if files.claims:
        return root / files.claims[0].doc.path
    assert CLAIMS.file is not None
    return root / VENDORS_DIR / files.folder / CLAIMS.file


def _recorded(
    root: Path, files: VendorFiles, chosen: list[CreditState], day: date
) -> tuple[Path, bytes | None, bytes]:
    """The claims file, its bytes now (None: new) and with a `claimed` entry per credit
    appended as text, checked to read back as the old claims and the new ones."""
    path = _claims_path(root, files)
    shown = shown_path(path, root)
    new = [NewClaim(s.credit.contract.id, s.credit.window.label, day) for s in chosen]
    if path.is_symlink():
        raise UsageError(f"{shown} is a symlink; record the claims in the file it leads to")
    if not files.claims:
        if path.exists():
            raise UsageError(
                f"{shown} exists but was not loaded; check it with `vendorctl validate`"
            )
        text, before, bom = new_file(new, CLAIMS.modeline()), None, b""
        old = ClaimLog(claims=[])
    else:
        record = files.claims[0]
        before = _read(path, shown)
        bom = _UTF8_BOM if before.startswith(_UTF8_BOM) else b""
        try:
            current = before[len(bom) :].decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(
                f"{shown} is not UTF-8; save it as UTF-8 to record claims in it"
            ) from None
        if current != record.doc.text:
            raise UsageError(f"{shown} changed while the claim was drafted; run it again")
        text = appended(current, new, shown)
        old = record.model
    try:
        written = ClaimLog.model_validate(parse(text, shown))
    except (LoadError, ValueError) as exc:  # a bug in the appending: never write it
        raise DataError(f"the claims appended to {shown} do not read back: {exc}") from None
    expected = [
        *((c.contract, c.window) for c in old.claims),
        *((c.contract, c.window) for c in new),
    ]
    if [(c.contract, c.window) for c in written.claims] != expected:
        raise DataError(f"the claims appended to {shown} do not read back as written")
    return path, before, bom + text.encode("utf-8")


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {shown}: {exc.strerror or exc}") from None


def _write(planned: dict[Path, str | bytes]) -> None:
    """The letter and the claims file together, atomically: both written, or neither."""
    if not planned:
        return
    try:
        write_all_atomic(planned)
    except OSError as exc:
        where = exc.filename or ", ".join(str(p) for p in sorted(planned))
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from None


def _stream(out: Path | None, letter: str) -> None:
    """The letter into the pipe or device `out`, if any."""
    if out is None:
        return
    try:
        write_named(out, letter)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None


def _revalidate(root: Path, path: Path, shown: str, before: bytes | None) -> None:
    """Load the portfolio again: should the claims file now have an error, put it back as it
    was and say what was wrong."""
    _, outcome = load_and_check(root, policies=False)
    wrong = [d for d in outcome.diagnostics if d.path == shown and d.severity == "error"]
    if not wrong:
        return
    if before is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, before)
    raise DataError(
        f"the claims recorded in {shown} did not validate, so it was left as it was: "
        + "; ".join(d.as_text() for d in wrong)
    )
