"""Departments that plans assign work to, and proposed or decided task assignments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Department:
    """One unit of the catalogue (市教育局, 市委宣传部, 金州区 …).

    ``name`` is the full current name and unique in a catalogue; ``short`` the short name used in
    分工 tables (教育局); ``aliases`` other names a text may use; ``duties`` keywords of its duties
    that tasks are matched against; ``kind`` one of party / government / district / park / other.
    """

    name: str
    short: str
    kind: str
    aliases: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    lead_domains: tuple[str, ...] = ()  # task domains (经济发展, 科技创新 …) this unit usually leads
    role: str | None = None  # the role of roles.yaml it fills (发展改革, 科技 …), when known


@dataclass(frozen=True, slots=True)
class UnitScore:
    """A proposed unit with its score and the reason a person can read."""

    department: str  # Department.name
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who leads a task, who co-operates, and by when. ``source`` is "proposed" (computed from the
    catalogue) or "override" (decided by a person: ``decided_by`` and ``decided_at`` say who and when)."""

    task: str  # Task.id
    lead: UnitScore | None
    cooperating: tuple[UnitScore, ...]
    due: str  # a year ("2027"), or "持续推进" for standing duties
    due_reason: str = ""
    source: str = "proposed"
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None
    # why a task has no lead although the matcher ran: "outside" (no work of this government's units
    # to lead: defence and the army, a central prerogative in a local document), "supervision" (the
    # government being supervised by 人大/政协), "no_catalogue" (the issuer has no catalogue);
    # None when the task was matched as usual
    status: str | None = None
    status_reason: str = ""


LEVELS = ("national", "provincial", "municipal", "county")
LEVEL_NAMES = {"national": "中央", "provincial": "省级", "municipal": "市级", "county": "县级"}
STATUS_NAMES = {"outside": "非本级牵头", "supervision": "接受监督事项", "no_catalogue": "无适用部门目录"}


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issued a document: its name (国务院, 四川省, 大连市, 长海县), its level (one of LEVELS), and
    the evidence it was read from (the words as printed, with their [start, end) in the text).
    ``source`` is "detected" (read from the text) or "override" (set by a person for the plan)."""

    name: str
    level: str
    evidence: str = ""
    start: int | None = None
    end: int | None = None
    source: str = "detected"
