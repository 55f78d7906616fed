"""The benchmark's portfolio generator stays valid by construction and deterministic."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BENCH_GENERATOR, Run


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_generated_portfolio_validates_and_renders(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    BENCH_GENERATOR.generate(root, 2, seed=7)
    checked = run("validate", "--root", root)
    assert checked.exit_code == 0, checked.stdout
    assert "0 errors" in checked.stdout or "no problems found" in checked.stdout
    rendered = run("render", "--root", root)
    assert rendered.exit_code == 0, rendered.stdout + rendered.stderr


def test_every_planted_warning_is_only_a_warning(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    BENCH_GENERATOR.generate(root, 6, seed=3, warning_share=1.0)
    checked = run("validate", "--root", root)
    assert checked.exit_code == 0, checked.stdout
    assert "0 errors" in checked.stdout
    assert "warning" in checked.stdout


def test_same_seed_same_files(tmp_path: Path) -> None:
    generator = BENCH_GENERATOR
    generator.generate(tmp_path / "a", 3, seed=11)
    generator.generate(tmp_path / "b", 3, seed=11)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
