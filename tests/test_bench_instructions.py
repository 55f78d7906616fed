"""The benchmark's instruction counter (bench/instructions.py) reads callgrind's count, and a
command that fails is reported, not counted."""

from __future__ import annotations

import shutil
import sys
from types import ModuleType

import pytest

from tests.conftest import bench_modules

pytestmark = pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind not installed")


@pytest.fixture(scope="module")
def bench() -> tuple[ModuleType, ...]:
    return bench_modules("instructions", "measuring")


def test_more_work_counts_more_instructions(bench: tuple[ModuleType, ModuleType]) -> None:
    instructions, _ = bench
    idle = instructions.counted([sys.executable, "-S", "-c", "pass"])
    busy = instructions.counted([sys.executable, "-S", "-c", "sum(range(300000))"])
    assert idle > 1_000_000  # an interpreter's start-up, counted
    assert busy > idle + 1_000_000  # 300,000 additions are more than a million instructions


def test_a_failing_command_is_reported(bench: tuple[ModuleType, ModuleType]) -> None:
    instructions, measuring = bench
    with pytest.raises(measuring.Failed) as failed:
        instructions.counted([sys.executable, "-S", "-c", "raise SystemExit(3)"])
    assert failed.value.status == 3
