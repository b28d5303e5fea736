"""Tasks that are no work for the units of the document's own government to lead.

A keyword matcher gives every task to someone: 加快军队组织形态现代化 to a 政法委, 依法接受人大监督
to the 人大常委会 (the body that supervises, not the one that acts). These rules mark such tasks
instead, with the reason a person reads in the 分工 table:

* defence and the army (国防和军队建设, 练兵备战, 武器装备 …): led by the Central Military
  Commission at every level, which no party or state catalogue holds; the local work beside it
  (双拥, 国防动员, 退役军人) is not matched here and goes to its units as usual;
* a central prerogative named in a local document (货币政策, 外交工作 …);
* the government being supervised (依法接受人大监督, 接受政协民主监督): its own duty, with 人大 and
  政协 as the supervisors, not as leads.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

OUTSIDE = "outside"
SUPERVISION = "supervision"
NO_CATALOGUE = "no_catalogue"

_MILITARY = re.compile(
    r"人民军队|军队(?:建设|现代化|组织形态|改革|党的建设|政治建设|战斗力)|国防和军队|强军|练兵备战|备战打仗"
    r"|武器装备|军事(?:理论|人员|治理|斗争|训练|力量)|建军一百年|建军百年|联合作战|战略威慑|军事政策"
)
# the local work beside the army's (双拥, 国防动员, 退役军人): units of every level lead it
_LOCAL_SUPPORT = re.compile(r"双拥|拥军|国防动员|退役军人|军政军民团结|军地")
_CENTRAL = re.compile(r"货币政策|汇率政策|外交政策|外交工作|元首外交|大国外交|宏观审慎政策")
# 接受 … 监督, the 人大/政协 named within the clause: 自觉接受人大依法监督、政协民主监督
_SUPERVISED = re.compile(r"接受[^。；;]{0,30}?(?:人大|人民代表大会|政协)[^。；;]{0,20}?监督")


# anything any rule below finds: a task without it is within the remit. The rules' alternatives
# are joined flat, not each rule in a group: every alternative then opens with a literal, so the
# engine jumps between the characters an alternative can start with in C (a group per rule hides
# them, and every position is tried: five times as long). Both find the same matches, as each rule
# is a plain alternation.
_ANY = re.compile("|".join(p.pattern for p in (_MILITARY, _CENTRAL, _SUPERVISED)))


def outside_remit_many(texts: Sequence[str], level: str | None) -> list[tuple[str, str] | None]:
    """``outside_remit`` of each of ``texts``, with one scan over them all: the rules rarely fire,
    so only the texts a rule's words touch are read one by one. A match running across two texts
    touches both (a text it starts in, or runs into, is read on its own)."""
    out: list[tuple[str, str] | None] = [None] * len(texts)
    if not texts:
        return out
    starts = list(accumulate([len(t) + 1 for t in texts], initial=0))
    touched: set[int] = set()
    for m in _ANY.finditer("\n".join(texts)):
        first = bisect_right(starts, m.start()) - 1
        last = bisect_right(starts, max(m.end() - 1, m.start())) - 1
        touched.update(range(first, last + 1))
    for k in sorted(touched):
        out[k] = outside_remit(texts[k], level)
    return out


def outside_remit(text: str, level: str | None) -> tuple[str, str] | None:
    """(status, reason) when the task is none of the level's units' to lead, else None."""
    m = _MILITARY.search(text)
    if m is not None and _LOCAL_SUPPORT.search(text) is None:
        return (
            OUTSIDE,
            f"含“{m.group(0)}”：国防和军队建设由中央军委领导，不在党政部门目录内，不由本级部门牵头"
            "（双拥、国防动员等地方工作另按目录分工）",
        )
    if level is not None and level != "national":
        m = _CENTRAL.search(text)
        if m is not None:
            return OUTSIDE, f"含“{m.group(0)}”：属中央事权，地方文件中不由本级部门牵头"
    m = _SUPERVISED.search(text)
    if m is not None:
        return (
            SUPERVISION,
            f"含“{_clip(m.group(0))}”：接受人大、政协监督是政府自身的义务，人大、政协是监督方而非牵头单位",
        )
    return None


def _clip(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
