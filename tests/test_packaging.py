"""The wheel carries what an installed vendorctl needs: the example portfolio behind `init`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PINNED_ENV, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stdout[-2000:]}\n{build.stderr[-2000:]}")
    return next(out.glob("vendorctl-*.whl"))


def test_wheel_ships_the_example_portfolio(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "vendorctl/_example/vendorctl.yaml" in names
    assert "vendorctl/_example/vendors/nimbus-cloud/vendor.yaml" in names
    assert {"vendorctl/templates/scorecard.md.j2", "vendorctl/templates/credits.md.j2"} <= names
    assert not any(name.startswith(("tests/", "vendors/")) for name in names)


def test_installed_wheel_inits_a_valid_portfolio(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, **PINNED_ENV, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import vendorctl; print(vendorctl.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(site))
    outputs = []
    for args in (
        ["init", "portfolio", "--full"],
        ["validate", "--root", "portfolio"],
        ["scorecard", "nimbus-cloud", "--period", "2026-Q3", "--root", "portfolio"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "vendorctl", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(result.stdout)
    golden = REPO / "tests" / "golden" / "scorecard-nimbus-cloud-2026-Q3.md"
    assert outputs[-1] == golden.read_text(encoding="utf-8")
