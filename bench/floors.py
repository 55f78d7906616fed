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

# What every `validate` must do whatever else it does, with the project's runtime packages: start
# with Typer and the schema models built, read each file, parse it with the loader's own reader
# (`load.yamlio.parse`: the fast reader for measurement files) and validate each vendor file
# against its file kind's model (the portfolio's settings and people files, one each, are only
# parsed). No listing rules, diagnostics, positions, cache, checks or policies: the time between
# this and `validate` is all of those.
SCHEMA_FLOOR = """
import os, sys
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")  # as vendorctl's own start does
import typer
from vendorctl.load.yamlio import parse
from vendorctl.model import FILE_KINDS
in_file = {kind.file: kind.model for kind in FILE_KINDS.values() if kind.file and kind.fills}
in_folder = {kind.folder: kind.model for kind in FILE_KINDS.values() if kind.folder}
measurements = FILE_KINDS["measurements"].model
for folder, _, names in os.walk(sys.argv[1]):
    inside = os.path.basename(folder)
    for name in names:
        if name.endswith((".yaml", ".yml")):
            model = in_folder.get(inside) or in_file.get(name)
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            data = parse(text, path, flow=model is measurements)
            if model is not None:
                model.__pydantic_validator__.validate_python(data)
"""


def yaml_rs_floor(root: Path) -> list[str]:
    """The command of the yaml-rs floor (the loader's parser) on a portfolio."""
    return [sys.executable, "-c", YAML_RS_FLOOR, str(root)]


def schema_floor(root: Path) -> list[str]:
    """The command of the schema floor (start-up, reading, parsing and schema validation only) on
    a portfolio."""
    return [sys.executable, "-c", SCHEMA_FLOOR, str(root)]


def csafe_floor(root: Path) -> list[str]:
    """The command of the PyYAML CSafeLoader floor (libyaml) on a portfolio."""
    return [sys.executable, "-c", CSAFE_FLOOR, str(root)]
