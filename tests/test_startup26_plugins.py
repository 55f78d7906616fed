"""With every Pydantic plugin off (main()'s default), the console entry point looks none up, so
importlib.metadata is never imported; the output is the same as with the plugin search on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import PINNED_ENV, REPO

# Runs `vendorctl ARGS` through main(), then says on stderr whether importlib.metadata was loaded.
_RUN_MAIN = """
import sys
from vendorctl.cli import main
sys.argv = ["vendorctl", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    status = exc.code
import json
print(json.dumps(["importlib.metadata" in sys.modules, status]), file=sys.stderr)
"""


def _run_main(*args: str, **env: str) -> tuple[str, str, list[object]]:
    """stdout, stderr but the last line, and [metadata imported, exit status] of `vendorctl ARGS`."""
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


def test_validate_looks_up_no_plugins_and_prints_the_same() -> None:
    args = ("validate", "--root", str(REPO), "--jobs", "1", "--no-cache", "--format", "json")
    unsought = _run_main(*args)
    sought = _run_main(*args, PYDANTIC_DISABLE_PLUGINS="")
    assert unsought[2] == [False, 0]
    assert sought[2] == [True, 0]
    assert unsought[:2] == sought[:2]
    assert json.loads(unsought[0])["files"] > 10


def test_a_plugin_named_off_still_looks_the_others_up() -> None:
    # Only "1", "true" and "__all__" turn them all off; a list of names turns those off.
    assert _run_main(
        "validate", "--root", str(REPO / "no-such-folder"), PYDANTIC_DISABLE_PLUGINS="x"
    )[2] == [True, 2]


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
