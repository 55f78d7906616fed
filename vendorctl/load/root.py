"""Find the portfolio root: the nearest folder upward that holds vendorctl.yaml."""

from __future__ import annotations

from pathlib import Path

SETTINGS_FILE = "vendorctl.yaml"


def find_root(start: Path) -> Path | None:
    """The first of `start` and its parents that contains vendorctl.yaml, or None."""
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None


def shown_path(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the portfolio root when inside it."""
    try:
        return path.relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)
