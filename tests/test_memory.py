"""What keeps memory down on large portfolios changes no result: node trees kept for a few files
only, one shared set of field names per kind of model, dates and durations parsed once, answers
streamed between processes, and the loader's quicker reading and checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_parallel import spread
from vendorctl import parallel
from vendorctl.load.portfolio import list_portfolio, load_portfolio, load_vendors
from vendorctl.load.yamlio import Document, parse
from vendorctl.parallel import HeldStates

LATE = "2027-06-01"  # meetings overdue, deadlines passed: every vendor has located warnings


def _copies(root: Path, count: int) -> list[str]:
    """`count` copies of vendor `acme`, each with its own vendor and contract ids."""
    names = [f"copy-{index:02d}" for index in range(count)]
    spread(root, tuple(names))
    return names


def test_documents_are_located_alike_however_many_were_located_since() -> None:
    texts = [
        f"id: v{index}\n" + "x: 1\n" * index + "cadence:\n  - every: 1 week\n"
        for index in range(20)
    ]
    docs = [Document(f"f{index}.yaml", text, None) for index, text in enumerate(texts)]
    first = [doc.position(("cadence", 0, "every")) for doc in docs]
    assert first == [(index + 3, 12) for index in range(20)]
    # Their trees were let go meanwhile, all but the last few: composed again, alike.
    assert [doc.position(("cadence", 0, "every")) for doc in reversed(docs)] == first[::-1]


def test_many_vendors_have_their_warnings_at_the_same_places(run: Run, portfolio: Path) -> None:
    names = _copies(portfolio, 12)
    result = run("validate", "--root", portfolio, "--jobs", "1", "--as-of", LATE)
    by_vendor: dict[str, list[str]] = {}
    for line in result.lines:
        if line.startswith("vendors/"):
            vendor, _, rest = line.removeprefix("vendors/").partition("/")
            by_vendor.setdefault(vendor, []).append(rest.replace(vendor, "acme"))
    assert by_vendor["acme"]
    for name in names:
        assert by_vendor[name] == by_vendor["acme"], name


def test_models_with_the_same_fields_set_share_nothing_a_copy_changes(portfolio: Path) -> None:
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    written = parse(vendor.read_text(encoding="utf-8"), "vendor.yaml")["people"]
    files = load_portfolio(portfolio).vendors["acme"]
    assert files.vendor is not None
    people = files.vendor.model.people
    assert [set(person.model_fields_set) for person in people] == [set(p) for p in written]
    # A copy given a field it lacked counts it as set; the others, alike before, do not.
    person = next(p for p in people if "phone" not in p.model_fields_set)
    alike = [p for p in people if p.model_fields_set == person.model_fields_set]
    copy = person.model_copy(update={"phone": "+31 20 000 0000"})
    assert "phone" in copy.model_fields_set
    assert all("phone" not in p.model_fields_set for p in alike)
    assert copy.model_dump(exclude_unset=True) == {
        **person.model_dump(exclude_unset=True),
        "phone": "+31 20 000 0000",
    }


def test_vendors_loaded_apart_share_their_field_names_and_kpi_strings(portfolio: Path) -> None:
    names = _copies(portfolio, 2)
    listing = list_portfolio(portfolio)
    folders = {entry.name: entry for entry in listing.folders}
    # As jobs load them: one vendor at a time, each with a loader of its own.
    apart = [load_vendors(listing, [folders[name]]).vendors[name] for name in names]
    whole = load_portfolio(portfolio).vendors
    for files in apart:
        assert files.vendor is not None
        loaded = whole[files.folder]
        assert loaded.vendor is not None
        assert files.vendor.model == loaded.vendor.model
        assert [r.model for r in files.measurements] == [r.model for r in loaded.measurements]
    first, second = (files.vendor.model for files in apart if files.vendor is not None)
    for one, other in zip(first.people, second.people, strict=True):
        assert one.model_fields_set is other.model_fields_set
    first_kpis, second_kpis = ([r.model for r in files.measurements] for files in apart)
    for one, other in zip(first_kpis[0].measurements, second_kpis[0].measurements, strict=True):
        assert (one.kpi, one.period) == (other.kpi, other.period)
        assert one.kpi is other.kpi and one.period is other.period


def test_vendors_not_held_load_alike_only_not_made_compact(portfolio: Path) -> None:
    names = _copies(portfolio, 2)
    kpis = portfolio / "vendors" / names[1] / "kpis" / "2026.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("period: ", "period: 26-", 2), "utf-8")
    listing = list_portfolio(portfolio)
    held = load_vendors(listing, listing.folders)
    loose = load_vendors(listing, listing.folders, held=False)
    assert held.diagnostics == loose.diagnostics
    assert any(d.path.endswith("kpis/2026.yaml") for d in loose.diagnostics)
    assert held.files == loose.files
    for name, files in held.vendors.items():
        other = loose.vendors[name]
        assert files.vendor is not None and other.vendor is not None
        assert files.vendor.model == other.vendor.model
        assert files.measured == other.measured
        for kind in ("contracts", "measurements", "health", "meetings", "issues", "claims"):
            mine, theirs = getattr(files, kind), getattr(other, kind)
            assert [r.model for r in mine] == [r.model for r in theirs], kind
    first, second = (loose.vendors[name].vendor for name in names)
    assert first is not None and second is not None
    assert first.model.people[0].model_fields_set is not second.model.people[0].model_fields_set


def test_the_cache_keeps_what_was_written_as_written(run: Run, portfolio: Path) -> None:
    _copies(portfolio, 3)
    fresh = run("show", "copy-01", "--root", portfolio, "--format", "json", "--no-cache")
    cold = run("show", "copy-01", "--root", portfolio, "--format", "json")
    warm = run("show", "copy-01", "--root", portfolio, "--format", "json")
    assert fresh.exit_code == 0
    assert fresh.stdout == cold.stdout == warm.stdout


@pytest.mark.parametrize("text", ["plain", "naïve"])
def test_a_forbidden_character_is_found_in_any_text(run: Run, portfolio: Path, text: str) -> None:
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    lines = vendor.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines) if line.startswith("name:"))
    lines[at] = f"name: {text} \x07bell\n"
    vendor.write_text("".join(lines), encoding="utf-8")
    result = run("validate", "--root", portfolio, "--no-cache")
    column = len(f"name: {text} ") + 1
    assert (
        f"vendors/acme/vendor.yaml:{at + 1}:{column}: error: control character U+0007, which YAML "
        "does not allow [yaml-syntax]"
    ) in result.lines


def test_a_wrong_date_is_reported_in_every_file_that_writes_it(run: Run, portfolio: Path) -> None:
    names = _copies(portfolio, 2)
    for name in ["acme", *names]:
        vendor = portfolio / "vendors" / name / "vendor.yaml"
        text = vendor.read_text(encoding="utf-8")
        vendor.write_text(text.replace("decided: 2024-10-01", "decided: 2026-02-30"), "utf-8")
    result = run("validate", "--root", portfolio, "--no-cache", "--jobs", "1")
    wrong = [line for line in result.lines if "2026-02-30" in line]
    assert len(wrong) == 3, result.stdout
    assert len({line.partition("/vendor.yaml")[2] for line in wrong}) == 1


def _payload(state: int, size: int) -> tuple[int, bytes, list[tuple[int, str]]]:
    return state, bytes([state]) * size, [(index, f"row {index}") for index in range(size // 64)]


@pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")
def test_answers_larger_than_any_buffer_come_back_whole_call_after_call() -> None:
    size = 3 * 1024 * 1024 + 17
    expected = [_payload(state, size) for state in (1, 2, 3)]
    with HeldStates(lambda n: n, [1, 2, 3]) as states:
        assert sorted(states.children) == [1, 2]
        assert states.map(_payload, size) == expected
        assert states.map(_payload, 10) == [_payload(state, 10) for state in (1, 2, 3)]
        assert states.map(_payload, size, last=True) == expected
        assert os.getpid() not in {child.process.pid for child in states.children.values()}
