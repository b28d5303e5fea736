"""Pure data shared by every layer: no imports from other planwatch packages, and no I/O beyond
reading shipped package data (the units table, ``units.py``)."""

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
from planwatch.model.department import (
    LEVEL_NAMES,
    LEVELS,
    STATUS_NAMES,
    Assignment,
    Department,
    Issuer,
    UnitScore,
)
from planwatch.model.document import Block, Document, Table
from planwatch.model.error_codes import ErrorCode
from planwatch.model.errors import ConflictError, ForbiddenError, InputError, NotFoundError, PlanWatchError
from planwatch.model.monitoring import Indicator, IndicatorStatus, Observation, ProgressReport
from planwatch.model.plan import PlanInfo, VersionInfo
from planwatch.model.user import ROLES, AuditEntry, User

__all__ = [
    "LEVELS",
    "LEVEL_NAMES",
    "ROLES",
    "SCHEMA_VERSION",
    "STATUS_NAMES",
    "Analysis",
    "Assignment",
    "AuditEntry",
    "Block",
    "ConflictError",
    "Department",
    "Document",
    "Entity",
    "ErrorCode",
    "ForbiddenError",
    "Goal",
    "Indicator",
    "IndicatorStatus",
    "InputError",
    "Issuer",
    "Node",
    "NotFoundError",
    "Observation",
    "PlanInfo",
    "PlanWatchError",
    "ProgressReport",
    "Quantity",
    "Sentence",
    "Table",
    "Task",
    "UnitScore",
    "User",
    "VersionInfo",
]
