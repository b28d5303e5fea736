"""Plans and their versions as ``PlanInfo``/``VersionInfo``, read with Core SQL only.

``planwatch plans`` lists them on a bare connection: importing the ORM and mapping every table in
``tables.py`` cost that command more than the query itself. The repository reads versions with the
same queries, so there is one definition of what a version's summary holds. The lightweight tables
below name only the columns these queries read; ``tables.py`` remains the schema.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Integer, Row, Select, String, Text, column, func, select, table

from planwatch.model import PlanInfo, VersionInfo
from planwatch.store.column_types import UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

plans = table(
    "plans",
    column("id", Integer),
    column("name", String),
    column("title", Text),
    column("created_at", UTCDateTime()),
)
versions = table(
    "plan_versions",
    column("id", Integer),
    column("plan_id", Integer),
    column("number", Integer),
    column("document_id", Integer),
    column("created_at", UTCDateTime()),
    column("analysis_token", String),
)
documents = table(
    "source_documents",
    column("id", Integer),
    column("sha256", String),
    column("name", String),
    column("format", String),
    column("size", Integer),
    column("text", Text),
    column("title", Text),
)
_nodes = table("nodes", column("id", Integer), column("version_id", Integer))
_sentences = table("sentences", column("id", Integer), column("version_id", Integer))

VersionRow = Row[int, int, int, str, str, str, int, int, str | None, int, int, datetime, str | None]


def version_select() -> Select[
    int, int, int, str, str, str, int, int, str | None, int, int, datetime, str | None
]:
    """One row per version with everything VersionInfo needs, counts computed by the database.

    Filter and order it on ``versions.c`` and ``documents.c`` (not on ORM attributes, which name
    other table objects and would add a second FROM).
    """
    node_count = (
        select(func.count(_nodes.c.id))
        .where(_nodes.c.version_id == versions.c.id)
        .correlate(versions)
        .scalar_subquery()
    )
    sentence_count = (
        select(func.count(_sentences.c.id))
        .where(_sentences.c.version_id == versions.c.id)
        .correlate(versions)
        .scalar_subquery()
    )
    return select(
        versions.c.id,
        versions.c.plan_id,
        versions.c.number,
        documents.c.sha256,
        documents.c.name,
        documents.c.format,
        documents.c.size,
        # Both databases count characters (code points), as Python's len() does.
        func.length(documents.c.text),
        documents.c.title,
        node_count,
        sentence_count,
        versions.c.created_at,
        versions.c.analysis_token,
    ).join(documents, documents.c.id == versions.c.document_id)


def version_info(row: VersionRow) -> VersionInfo:
    (vid, plan_id, number, sha256, source, fmt, size, chars, title, nodes, sentences, created_at, token) = row
    return VersionInfo(
        id=vid,
        plan_id=plan_id,
        number=number,
        sha256=sha256,
        source=source,
        format=fmt,
        size=size,
        chars=chars,
        title=title,
        node_count=nodes,
        sentence_count=sentences,
        created_at=created_at,
        analysis_token=token,
    )


def versions_by_plan(db: Connection | Session, plan_id: int | None) -> dict[int, list[VersionInfo]]:
    """Each plan's versions by number: of every plan, or only of ``plan_id``."""
    query = version_select().order_by(versions.c.plan_id, versions.c.number)
    if plan_id is not None:
        query = query.where(versions.c.plan_id == plan_id)
    grouped: dict[int, list[VersionInfo]] = defaultdict(list)
    for row in db.execute(query):
        info = version_info(row)
        grouped[info.plan_id].append(info)
    return grouped


def list_plans(db: Connection | Session) -> list[PlanInfo]:
    """Every plan by id, each with its versions by number."""
    rows = db.execute(
        select(plans.c.id, plans.c.name, plans.c.title, plans.c.created_at).order_by(plans.c.id)
    ).all()
    grouped = versions_by_plan(db, None)
    return [
        PlanInfo(
            id=r.id,
            name=r.name,
            title=r.title,
            created_at=r.created_at,
            versions=tuple(grouped.get(r.id, ())),
        )
        for r in rows
    ]
