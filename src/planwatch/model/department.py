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
