"""The benchmark's floors (bench/floors.py) do the work they stand for: the schema floor reads,
parses and validates every file of a portfolio against its kind's model, and nothing passes it
that the schema refuses."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import BENCH_GENERATOR, bench_modules


@pytest.fixture(scope="module")
def floors() -> ModuleType:
    (module,) = bench_modules("floors")
    return module


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    made = tmp_path / "portfolio"
    BENCH_GENERATOR.generate(made, 2, seed=5)
    return made


def test_every_floor_reads_a_valid_portfolio(floors: ModuleType, root: Path) -> None:
    for floor in (floors.yaml_rs_floor, floors.csafe_floor, floors.schema_floor):
        done = _run(floor(root))
        assert done.returncode == 0, done.stderr


def _vendor_file(root: Path) -> Path:
    return sorted((root / "vendors").glob("*/vendor.yaml"))[0]


def _measurement_file(root: Path) -> Path:
    return sorted((root / "vendors").glob("*/kpis/*.yaml"))[0]


def _wrong_segment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "\nsegment: " in text
    path.write_text(text.replace("\nsegment: ", "\nsegment: not-a-segment-", 1), encoding="utf-8")


def _value_not_a_number(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "value: " in text
    path.write_text(text.replace("value: ", "value: not-a-number-", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("pick", "spoil", "model"),
    [
        (_vendor_file, _wrong_segment, "Vendor"),
        (_measurement_file, _value_not_a_number, "Measurements"),
    ],
)
def test_the_schema_floor_validates_each_file_against_its_model(
    floors: ModuleType,
    root: Path,
    pick: Callable[[Path], Path],
    spoil: Callable[[Path], None],
    model: str,
) -> None:
    # The parse floors read the same text as data: only the schema floor refuses it.
    spoil(pick(root))
    assert _run(floors.yaml_rs_floor(root)).returncode == 0
    done = _run(floors.schema_floor(root))
    assert done.returncode != 0
    assert "ValidationError" in done.stderr
    assert f"for {model}" in done.stderr
