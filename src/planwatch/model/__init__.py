"""Pure data shared by every layer: no I/O, no imports from other planwatch packages."""

from planwatch.model.analysis import (
    SCHEMA_VERSION,
    Analysis,
    Entity,
    Goal,
    Node,
    Quantity,
    Sentence,
    Task,
)
from planwatch.model.department import Assignment, Department, UnitScore
from planwatch.model.document import Block, Document, Table
from planwatch.model.errors import InputError, NotFoundError, PlanWatchError
from planwatch.model.plan import PlanInfo, VersionInfo

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Assignment",
    "Block",
    "Department",
    "Document",
    "Entity",
    "Goal",
    "InputError",
    "Node",
    "NotFoundError",
    "PlanInfo",
    "PlanWatchError",
    "Quantity",
    "Sentence",
    "Table",
    "Task",
    "UnitScore",
    "VersionInfo",
]
