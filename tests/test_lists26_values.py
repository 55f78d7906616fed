"""The parts of `list`, `renewals` and `calendar` kept between runs: written as the same JSON
whatever the path each value takes through the encoder, and read back as they were."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vendorctl.jobs.report_values import dumps, loads
from vendorctl.render.markdown import Md

PART = [
    {
        "id": "acme",
        "score": Decimal("73.755173107890499194847021"),
        "sla_summary": {"windows": 3, "met": 2, "breached": 1},
        "next_deadline": date(2027, 3, 31),
        "health": None,
        "capped": True,
        "$note": "a key that looks like a tag",
        "$$twice": ["$d", 1.5, -0.0, (1, "two", Decimal("3.0")), [None, False, 7]],
        "text": Md("**bold**"),
        "nested": {"$f": {"$D": "1"}},
    },
    [],
    {},
]

WRITTEN = (
    b'[{"id":"acme","score":{"$D":"73.755173107890499194847021"},'
    b'"sla_summary":{"windows":3,"met":2,"breached":1},"next_deadline":{"$d":"2027-03-31"},'
    b'"health":null,"capped":true,"$$note":"a key that looks like a tag",'
    b'"$$$twice":["$d",{"$f":"1.5"},{"$f":"-0.0"},{"$t":[1,"two",{"$D":"3.0"}]},'
    b'[null,false,7]],"text":{"$md":"**bold**"},"nested":{"$$f":{"$$D":"1"}}},[],{}]'
)


def test_a_part_is_written_as_before_and_read_back_as_it_was() -> None:
    assert dumps(PART) == WRITTEN
    back = loads(WRITTEN)
    assert back == PART
    # The types too: a tuple stays a tuple, a float a float, Markdown Markdown.
    twice = back[0]["$$twice"]
    assert type(twice[3]) is tuple and type(twice[1]) is float and type(back[0]["text"]) is Md
    assert str(twice[2]) == "-0.0"


@pytest.mark.parametrize("value", [{1: "a"}, [{"ok": {2: "b"}}], {"x": object()}, [1j]])
def test_a_value_without_a_json_form_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        dumps(value)
