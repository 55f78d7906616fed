"""Targets and the sections of the report: what each measured part prints, and what it judged."""

from __future__ import annotations

from dataclasses import dataclass, field

_SENSES = {"<=": "≤", "<": "<", ">=": "≥"}


@dataclass(frozen=True)
class Target:
    """A target: what is compared, the measured ratio or figure (None: not measured, the command
    failed), how it was measured, the bound and its sense."""

    name: str
    measured: float | None
    bound: float
    sense: str = "<="  # "<=", "<" or ">="
    unit: str = "x"
    how: str = ""

    @property
    def met(self) -> bool:
        """Whether the measured figure is on the right side of the bound."""
        if self.measured is None:
            return False
        if self.sense == "<":
            return self.measured < self.bound
        return self.measured <= self.bound if self.sense == "<=" else self.measured >= self.bound

    def row(self) -> str:
        """Its row in the targets table."""
        if self.measured is None:
            figure = "failed"
        elif self.unit == "x":
            figure = f"{self.measured:.2f}x"
        else:
            figure = f"{self.measured:,.0f}{self.unit}"
        bound = f"{self.bound:g}x" if self.unit == "x" else f"{self.bound:,.0f}{self.unit}"
        met = "yes" if self.met else "NO"
        return f"| {self.name} | {figure} | {self.how} | {_SENSES[self.sense]} {bound} | {met} |"


@dataclass
class Section:
    """A measured part of the run: its heading, its Markdown and its targets."""

    title: str
    lines: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def targets_table(found: list[Target]) -> list[str]:
    """The targets as a Markdown table."""
    return [
        "| target | measured | how | bound | met |",
        "|---|---:|---|---:|:---:|",
        *(target.row() for target in found),
    ]


def ratio(value: float) -> str:
    """A ratio as the tables show it."""
    return f"{value:.2f}x"
