"""The floors: programs that read and parse every YAML file of a portfolio, and do nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

# `{loader}` is the statement that parses `text`; the walk and the reading are the same for both
# parsers.
_FLOOR = """
import os, sys
{setup}
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            {loader}
"""
YAML_RS_FLOOR = _FLOOR.format(
    setup="import yaml_rs",
    # The options the loader uses: YAML 1.2 core, dates left as text.
    loader="yaml_rs.loads(text, parse_datetime=False)",
)
CSAFE_FLOOR = _FLOOR.format(setup="import yaml", loader="yaml.load(text, Loader=yaml.CSafeLoader)")


def yaml_rs_floor(root: Path) -> list[str]:
    """The command of the yaml-rs floor (the loader's parser) on a portfolio."""
    return [sys.executable, "-c", YAML_RS_FLOOR, str(root)]


def csafe_floor(root: Path) -> list[str]:
    """The command of the PyYAML CSafeLoader floor (libyaml) on a portfolio."""
    return [sys.executable, "-c", CSAFE_FLOOR, str(root)]
