"""The console-script entry point: Pydantic's plugin search is off unless the user chose
otherwise, and the garbage collector runs again once a command has ended."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PINNED_ENV, REPO

# Runs `vendorctl ARGS` through main(), then prints what main() left behind.
_AFTER_MAIN = """
import gc, os, sys
from vendorctl.cli import main
sys.argv = ["vendorctl", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    status = exc.code
print(repr(os.environ.get("PYDANTIC_DISABLE_PLUGINS")), gc.isenabled(), status)
"""


def _after_main(*args: str, **env: str) -> str:
    """The last line `_AFTER_MAIN` printed for `vendorctl ARGS` run with `env`."""
    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", _AFTER_MAIN, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**base, **PINNED_ENV, "PYTHONPATH": str(REPO), **env},
    )
    return done.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "left"),
    [
        ({}, "'1'"),
        ({"PYDANTIC_DISABLE_PLUGINS": ""}, "''"),
        ({"PYDANTIC_DISABLE_PLUGINS": "x"}, "'x'"),
    ],
)
def test_plugins_are_off_unless_the_user_chose(env: dict[str, str], left: str) -> None:
    assert _after_main("--version", **env) == f"{left} True 0"


def test_a_command_that_fails_leaves_the_collector_running() -> None:
    assert _after_main("validate", "--root", str(REPO / "no-such-folder")) == "'1' True 2"
