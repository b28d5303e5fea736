"""The list of stored plans and their versions, on a session or a bare connection.

Kept apart from ``services/plans/records.py`` (imports, audit, search) so that ``planwatch plans`` loads
neither the ORM nor the tables to print a list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planwatch.model import PlanInfo
from planwatch.store import plan_listing

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def list_plans(db: Connection | Session) -> list[PlanInfo]:
    """Every plan by id, each with its versions by number."""
    return plan_listing.list_plans(db)
