"""The console-script entry point: Pydantic's plugin search is off unless the user chose
otherwise, and with every plugin off none is looked up (importlib.metadata is never imported)
while the output stays the same; the garbage collector runs again once a command has ended."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import PINNED_ENV, REPO

# Runs `vendorctl ARGS` through main(), then says on stderr what main() left behind.
_RUN_MAIN = """
import gc, json, os, sys
from vendorctl.cli import main
sys.argv = ["vendorctl", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    status = exc.code
print(json.dumps({
    "plugins_off": os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
    "collecting": gc.isenabled(),
    "metadata": "importlib.metadata" in sys.modules,
    "status": status,
}), file=sys.stderr)
"""


def _run_main(*args: str, **env: str) -> tuple[str, str, dict[str, Any]]:
    """stdout, stderr but its last line, and what main() left behind (`_RUN_MAIN`) of
    `vendorctl ARGS` run with `env`."""
    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN_MAIN, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**base, **PINNED_ENV, "PYTHONPATH": str(REPO), **env},
    )
    *rest, last = done.stderr.splitlines()
    return done.stdout, "\n".join(rest), json.loads(last)


@pytest.mark.parametrize(
    ("env", "left"),
    [({}, "1"), ({"PYDANTIC_DISABLE_PLUGINS": ""}, ""), ({"PYDANTIC_DISABLE_PLUGINS": "x"}, "x")],
)
def test_plugins_are_off_unless_the_user_chose(env: dict[str, str], left: str) -> None:
    found = _run_main("--version", **env)[2]
    assert (found["plugins_off"], found["collecting"], found["status"]) == (left, True, 0)


def test_a_command_that_fails_leaves_the_collector_running() -> None:
    found = _run_main("validate", "--root", str(REPO / "no-such-folder"))[2]
    assert (found["plugins_off"], found["collecting"], found["status"]) == ("1", True, 2)


def test_validate_looks_up_no_plugins_and_prints_the_same() -> None:
    args = ("validate", "--root", str(REPO), "--jobs", "1", "--no-cache", "--format", "json")
    unsought = _run_main(*args)
    sought = _run_main(*args, PYDANTIC_DISABLE_PLUGINS="")
    assert (unsought[2]["metadata"], unsought[2]["status"]) == (False, 0)
    assert (sought[2]["metadata"], sought[2]["status"]) == (True, 0)
    assert unsought[:2] == sought[:2]
    assert json.loads(unsought[0])["files"] > 10


def test_a_plugin_named_off_still_looks_the_others_up() -> None:
    # Only "1", "true" and "__all__" turn them all off; a list of names turns those off.
    found = _run_main(
        "validate", "--root", str(REPO / "no-such-folder"), PYDANTIC_DISABLE_PLUGINS="x"
    )[2]
    assert (found["metadata"], found["status"]) == (True, 2)


def test_the_stand_in_gives_what_else_the_loader_has() -> None:
    program = (
        "import vendorctl.cli.base as base, os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '1'\n"
        "base._plugins_unsought()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "print(list(get_plugins()), 'importlib.metadata' in sys.modules)\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
        "print(PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.stdout.splitlines() == ["[] False", "pydantic True"]
