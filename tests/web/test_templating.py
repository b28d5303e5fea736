"""The number filter the pages use for values: as people write them, never in exponent form."""

from __future__ import annotations

import pytest

from planwatch.web.templating import number, templates


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1260582.0, "1260582"),
        (3.08, "3.08"),
        (0.44000001, "0.44"),
        (5, "5"),
        (-0.0, "0"),
        (None, ""),
        (-12.5, "-12.5"),
    ],
)
def test_number(value: float | None, shown: str) -> None:
    assert number(value) == shown


def test_filter_is_registered_for_templates() -> None:
    assert templates.env.from_string("{{ v|num }}").render(v=1.26058e6) == "1260580"
