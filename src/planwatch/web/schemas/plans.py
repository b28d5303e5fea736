"""规划列表, 总览 and the raw records of a plan (nodes, sentences, extracted items, tasks)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from planwatch.web.schemas.catalogue import Issuer
from planwatch.web.schemas.common import Plan, PlanHeader, Shape


class PlansPage(Shape):
    plans: list[Plan]


class Record(BaseModel):
    """An extracted record with its own fields (``model.analysis``): where it is in the text."""

    model_config = ConfigDict(extra="allow")
    text: str
    node: str
    start: int
    end: int


class Cited(Record):
    """An extracted record with the article it is in."""

    cite: str


class LineagePlan(Shape):
    id: int
    name: str
    title: str | None
    level: str | None


class Lineage(Shape):
    plan: LineagePlan
    upper: list[LineagePlan]
    lower: list[LineagePlan]
    levels: list[str]


class IssuerChoice(Shape):
    issuer_name: str | None
    issuer_level: str | None
    catalogue: str | None
    decided_by: str | None
    decided_at: str


class Choice(Shape):
    value: str
    name: str


class IssuerInfo(Shape):
    plan: int
    source: str
    source_name: str
    detected: Issuer | None
    issuer: Issuer | None
    override: IssuerChoice | None
    catalogue_choice: str
    catalogue_choice_name: str
    catalogue: str | None
    units: int
    loaded_catalogue: bool
    levels: list[Choice]
    choices: list[Choice]


class OtherPlan(Shape):
    id: int
    name: str


class Counts(Shape):
    parts: int
    chapters: int
    sections: int
    articles: int
    sentences: int
    tasks: int
    quantities: int
    goals: int
    entities: dict[str, int]
    characters: int


class PartCount(Shape):
    part: str
    tasks: int


class LeadCount(Shape):
    department: str
    tasks: int


class Project(Shape):
    text: str
    subtype: str | None
    where: list[str]
    first: Record


class OverviewPage(PlanHeader):
    lineage: Lineage
    issuer: IssuerInfo
    other_plans: list[OtherPlan]
    counts: Counts
    tasks_by_part: list[PartCount]
    tasks_by_lead: list[LeadCount]
    quantities: list[Cited]
    goals: list[Cited]
    projects: list[Project]
    warnings: list[str]


class SentenceText(Shape):
    id: str
    node: str
    start: int
    end: int
    text: str
