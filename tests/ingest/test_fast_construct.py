"""fast_construct.maker builds the very objects the dataclass constructors build."""

from __future__ import annotations

import dataclasses

import pytest

from planwatch.ingest.assemble import _MEMO_UNITS, _Units
from planwatch.ingest.fast_construct import maker
from planwatch.ingest.text import line_blocks
from planwatch.ingest.tidy import Unit
from planwatch.model import Assignment, Block, Entity, Node, Quantity, Sentence, Task, UnitScore
from planwatch.outline.build import Assignment as ParagraphAssignment
from planwatch.outline.paragraphs import Paragraph
from planwatch.outline.schemes import Marker

LEAD = UnitScore("市发展改革委", 1.25, "任务含“规划”")
# (class, positional arguments, keyword arguments): every class the analysis builds through maker,
# with defaults both left out and given
CASES: list[tuple[type, tuple[object, ...], dict[str, object]]] = [
    (Sentence, ("p1:1", "p1", 0, 12), {}),
    (Block, ("paragraph", 3, 9), {}),
    (Block, ("table",), {"start": 1, "end": 2, "table": 0}),
    (Unit, ("第一行",), {"joinable": False, "indented": True}),
    (Node, ("p1", None, "part", "一、", 1, "总体要求", 0, 40), {}),
    (Node, ("p1.s1", "p1", "section", "（一）", 1, "目标", 5, 20, 2), {}),
    (Paragraph, (0, 10, "heading"), {"level": 2}),
    (ParagraphAssignment, ("p1", 0, 10, "paragraph"), {}),
    (Task, ("t1", "推进改革", "推进", "改革", "p1", 0, 4), {"domain": "经济", "topic": "改革"}),
    (Assignment, ("t1", LEAD, (), "2030", "按规划期末"), {}),
    (Assignment, ("t2", None, (), "待定"), {"status": "outside", "status_reason": "不在目录内"}),
    (UnitScore, ("市教育局", 0.5, ""), {}),
    (Entity, ("place", "大连", "p1", 0, 2), {"subtype": "city", "sentence": "p1:1"}),
    (Marker, (None, 1, 2, 3), {}),
    (Quantity, ("达到100万人", "人口", 100.0, "万人", "p1", 0, 7), {"qualifier": "达到"}),
]


@pytest.mark.parametrize(("cls", "args", "kwargs"), CASES)
def test_maker_builds_the_same_object(cls: type, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    make = maker(cls)
    assert make is not cls, f"{cls.__name__} should get a slot-filling constructor"
    fast = make(*args, **kwargs)
    plain = cls(*args, **kwargs)
    assert type(fast) is cls
    assert fast == plain
    assert repr(fast) == repr(plain)
    assert hash(fast) == hash(plain)
    assert dataclasses.asdict(fast) == dataclasses.asdict(plain)
    # still frozen: the fast path fills the slots once, it does not unfreeze the class
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(fast, first, None)


def test_maker_refuses_classes_it_cannot_build_alike() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError(self.a)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordsOnly:
        a: int

    for cls in (NoSlots, Checked, Factory, KeywordsOnly):
        assert maker(cls) is cls
    with pytest.raises(ValueError):
        maker(Checked)(-1)


def test_maker_requires_the_same_arguments() -> None:
    make = maker(Sentence)
    with pytest.raises(TypeError):
        make("p1:1", "p1", 0)  # a field without a default left out
    with pytest.raises(TypeError):
        make("p1:1", "p1", 0, 1, 2)  # one argument too many
    assert make(id="p1:1", node="p1", start=0, end=1) == Sentence("p1:1", "p1", 0, 1)


def test_units_read_in_any_order_past_the_memo_bound() -> None:
    """The tidy passes read units through a bounded memo: read far past its bound, back and forth
    and by negative index, every unit is still the one its block makes."""
    lines = [("  " if i % 3 == 0 else "") + f"第{i}行内容" for i in range(_MEMO_UNITS * 2 + 7)]
    text = "\n".join(lines)
    blocks = [*line_blocks(text), Block("table", len(text), len(text), table=0)]
    units = _Units(text, blocks)
    n = len(units)
    order = [*range(n), *range(n - 1, -1, -1), *range(0, n, 7), *range(-1, -n - 1, -5)]
    for i in order:
        unit = units[i]
        block = blocks[i]
        if block.kind == "table":
            assert unit == Unit("", joinable=False, table=True)
        else:
            assert unit.text == text[block.start : block.end]
            assert unit.indented == (lines[i % n].startswith("  "))
            assert unit.joinable
    assert [u.text for u in units[3:6]] == [lines[k].strip() for k in range(3, 6)]
