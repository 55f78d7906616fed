"""Case files: a test is a file (or a folder) under tests/cases/, not code.

    tests/cases/invalid/<name>.yaml     dropped into tests/cases/base/; validate exits 1
    tests/cases/policies/<name>.yaml    dropped into tests/cases/base/; breaches a policy
    tests/cases/valid/<name>.yaml       dropped into tests/cases/base/; 0 errors, renders
    tests/cases/valid/<name>/           a whole portfolio; 0 errors, renders

A case file starts with comment lines (a folder's header is at the top of its vendorctl.yaml):
    # target: vendors/acme/contracts/msa.yaml   where the file goes (replaces what is there)
    # as-of: 2026-11-15                         optional: validate (and render) --as-of this date
    # expect: <one exact diagnostic line>       one per diagnostic validate prints, in order
The rest of the file (possibly invalid bytes) is the case. `python tests/tools/update_cases.py`
rewrites the `# expect:` lines from what validate prints now.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).parent / "cases"
BASE = FOLDER / "base"
KINDS = ("invalid", "policies", "valid")
EXPECT = b"# expect: "


@dataclass(frozen=True)
class Header:
    """What a case's leading comment lines say."""

    target: str
    as_of: str | None
    expect: list[str]


def header(raw: bytes) -> Header:
    """The `# key: value` lines at the top of a case file (they end at the first other line)."""
    target, as_of, expect = "", None, []
    for line in raw.split(b"\n"):
        if not line.startswith(b"# "):
            break
        key, _, value = line[2:].decode("utf-8").partition(": ")
        if key == "target":
            target = value
        elif key == "as-of":
            as_of = value
        elif key == "expect":
            expect.append(value)
    return Header(target, as_of, expect)


@dataclass(frozen=True)
class Case:
    """One case: the portfolio it starts from, and the file that carries its header, placed at
    `target` in that portfolio (for a folder case, its own vendorctl.yaml)."""

    name: str
    path: Path
    base: Path
    file: Path
    target: str

    @property
    def raw(self) -> bytes:
        return self.file.read_bytes()

    @property
    def header(self) -> Header:
        return header(self.raw)

    def place(self, root: Path, raw: bytes | None = None) -> Path:
        """Copy the portfolio to `root` with the case file (or `raw` in its place) at its target."""
        shutil.copytree(self.base, root)
        target = root / self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.raw if raw is None else raw)
        return root

    def as_of_args(self) -> list[str]:
        """`--as-of DATE` if the header gives a date."""
        as_of = self.header.as_of
        return ["--as-of", as_of] if as_of else []

    def validate_args(self, root: Path) -> list[str]:
        """The arguments of the validate run whose diagnostics the header gives."""
        return ["validate", "--root", str(root), *self.as_of_args()]


def case(path: Path) -> Case:
    """The case of a file dropped into the base portfolio, or of a folder that is a portfolio."""
    if path.is_dir():
        return Case(path.name, path, path, path / "vendorctl.yaml", "vendorctl.yaml")
    target = header(path.read_bytes()).target
    assert target, f"{path}: a case file needs a `# target:` line"
    return Case(path.stem, path, BASE, path, target)


def cases(kind: str, pattern: str = "*") -> list[Case]:
    """Every case of a kind (invalid, policies, valid), by name."""
    found = [
        case(path)
        for path in sorted((FOLDER / kind).glob(pattern))
        if path.is_dir() or path.suffix == ".yaml"
    ]
    names = [c.name for c in found]
    assert len(names) == len(set(names)), f"two cases of the same name in {kind}: {names}"
    return found


def codes(lines: list[str]) -> set[str]:
    """The diagnostic codes of some validate lines: `[code]` at the end of each."""
    return {line.rsplit("[", 1)[1].rstrip("]") for line in lines}


def kind_of(relative: Path) -> str:
    """The file kind (settings, vendor, contract, ...) of a path inside a portfolio."""
    parts = relative.parts
    if parts == ("vendorctl.yaml",):
        return "settings"
    if parts[-1] == "vendor.yaml":
        return "vendor"
    if parts[-1] == "issues.yaml" or parts[-2] == "issues":
        return "issues"
    if parts[-1] == "claims.yaml":
        return "claims"
    return {"contracts": "contract", "kpis": "measurements", "health": "health"}.get(
        parts[-2], "meeting"
    )
