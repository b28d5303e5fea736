"""Repositories: the only way other layers read and write the database.

They take a Session the caller opened (the caller owns the transaction: repositories flush, never
commit) and return ``planwatch.model`` objects, never ORM rows, so nothing outside the store can
trigger lazy loads or depend on table layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, false, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.model import (
    LEVELS,
    Analysis,
    Assignment,
    Document,
    Entity,
    ErrorCode,
    Goal,
    InputError,
    Issuer,
    Node,
    NotFoundError,
    PlanInfo,
    Quantity,
    Sentence,
    Table,
    Task,
    UnitScore,
    VersionInfo,
)
from planwatch.store import plan_listing
from planwatch.store.plan_listing import documents, version_info, version_select, versions
from planwatch.store.tables import (
    AssignmentRow,
    EntityRow,
    GoalRow,
    NodeRow,
    PlanRow,
    PlanVersionRow,
    QuantityRow,
    SentenceRow,
    SourceDocumentRow,
    TaskRow,
)

# Ids are 32-bit INTEGER columns. PostgreSQL raises on a larger literal instead of matching nothing,
# so an id typed by a user ("planwatch show 99999999999") must be range-checked first.
_MAX_ID = 2**31 - 1

_PLANS_HINT = "请核对规划的编号、名称和版本。"


def _valid_id(value: int) -> bool:
    return 0 < value <= _MAX_ID


def _node(row: NodeRow) -> Node:
    return Node(
        id=row.key,
        parent=row.parent_key,
        kind=row.kind,
        label=row.label,
        ordinal=row.ordinal,
        title=row.title,
        start=row.start_offset,
        end=row.end_offset,
        depth=row.depth,
    )


# -- extracted items ------------------------------------------------------------------------------

_Item = TypeVar("_Item", Quantity, Entity, Goal, Task)
_ItemRow = QuantityRow | EntityRow | GoalRow | TaskRow

# Model field -> column where tables.py renames the field (see the note above QuantityRow there).
# Every other field is a column of the same name, so both directions are derived from the dataclass
# fields and a new model field needs only a column and a revision.
_COLUMN_OF_FIELD = {
    "id": "key",
    "node": "node_key",
    "sentence": "sentence_key",
    "start": "start_offset",
    "end": "end_offset",
}


def _column_of(field_name: str) -> str:
    return _COLUMN_OF_FIELD.get(field_name, field_name)


def _item_rows(version_id: int, items: Sequence[Quantity | Entity | Goal | Task]) -> list[dict[str, Any]]:
    return [
        {
            "version_id": version_id,
            "position": position,
            **{_column_of(f.name): getattr(item, f.name) for f in fields(item)},
        }
        for position, item in enumerate(items)
    ]


def _items(
    session: Session, model: type[_Item], table: type[_ItemRow], *where: ColumnElement[bool]
) -> list[_Item]:
    """The items of ``table`` matching ``where``, as ``model`` objects in Analysis order."""
    names = [f.name for f in fields(model)]
    # Plain columns rather than ORM rows: a large plan has thousands of items, and nothing here needs
    # identity tracking.
    columns = [getattr(table, _column_of(name)) for name in names]
    rows = session.execute(select(*columns).where(*where).order_by(table.position))
    return [model(**dict(zip(names, row, strict=True))) for row in rows]


# -- proposed assignments -------------------------------------------------------------------------


def _assignment_rows(version_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    task_keys = {t.id for t in analysis.tasks}
    rows = []
    for position, a in enumerate(analysis.assignments):
        # Programming errors, not user input: the pipeline produces proposals for its own tasks only,
        # and a person's decisions go to record_override, where they survive new versions.
        if a.source != "proposed":
            raise ValueError(f"assignment of task {a.task!r} is {a.source!r}: only proposals are stored")
        if a.task not in task_keys:
            raise ValueError(f"assignment names task {a.task!r}, which the Analysis does not have")
        rows.append(
            {
                "version_id": version_id,
                "task_key": a.task,
                "position": position,
                "lead": a.lead.department if a.lead else None,
                "lead_score": a.lead.score if a.lead else None,
                "lead_reason": a.lead.reason if a.lead else None,
                "cooperating": [
                    {"department": u.department, "score": u.score, "reason": u.reason} for u in a.cooperating
                ],
                "due": a.due,
                "due_reason": a.due_reason,
                "status": a.status,
                "status_reason": a.status_reason or None,
            }
        )
    return rows


def _proposed_assignment(row: AssignmentRow | Row[Any]) -> Assignment:
    lead = None
    if row.lead is not None:
        assert row.lead_score is not None and row.lead_reason is not None
        lead = UnitScore(row.lead, row.lead_score, row.lead_reason)
    return Assignment(
        task=row.task_key,
        lead=lead,
        cooperating=tuple(UnitScore(u["department"], u["score"], u["reason"]) for u in row.cooperating),
        due=row.due,
        due_reason=row.due_reason,
        status=row.status,
        status_reason=row.status_reason or "",
    )


def _issuer(stored: dict[str, Any]) -> Issuer | None:
    """The issuer kept in the stored Analysis; analyses stored before it was read have none."""
    found = (stored.get("document") or {}).get("issuer")
    if not isinstance(found, dict) or not found.get("name") or found.get("level") not in LEVELS:
        return None
    return Issuer(
        name=str(found["name"]),
        level=str(found["level"]),
        evidence=str(found.get("evidence") or ""),
        start=found.get("start"),
        end=found.get("end"),
        source=str(found.get("source") or "detected"),
    )


def _tables(stored: dict[str, Any]) -> tuple[Table, ...]:
    # Cell spans are not part of Analysis.to_dict(), so tables come back with rows only.
    document = stored.get("document") or {}
    return tuple(
        Table(start=t["start"], end=t["end"], rows=tuple(tuple(r) for r in t["rows"]))
        for t in document.get("tables", ())
    )


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- plans -----------------------------------------------------------------------------------

    def list_plans(self) -> list[PlanInfo]:
        """Every plan by id, each with its versions by number."""
        return plan_listing.list_plans(self._session)

    def find_plan_by_name(self, name: str) -> PlanInfo | None:
        row = self._session.scalars(select(PlanRow).where(PlanRow.name == name)).one_or_none()
        return None if row is None else self._load_plan_info(row)

    def get_plan(self, ref: str) -> PlanInfo:
        """A plan by its numeric id or, failing that, by its exact name.

        A plan whose name is all digits is still found by name when no plan has that id.
        """
        ref = ref.strip()
        if ref.isdecimal() and _valid_id(int(ref)):
            row = self._session.get(PlanRow, int(ref))
            if row is not None:
                return self._load_plan_info(row)
        found = self.find_plan_by_name(ref)
        if found is None:
            raise NotFoundError(
                f"没有找到编号或名称为“{ref}”的规划。", hint=_PLANS_HINT, code=ErrorCode.PLAN_NOT_FOUND
            )
        return found

    # -- versions --------------------------------------------------------------------------------

    def latest_text(self, plan_name: str) -> str | None:
        """The text of the newest version of the plan called ``plan_name``; None without one."""
        return self._session.scalar(
            select(SourceDocumentRow.text)
            .join(PlanVersionRow, PlanVersionRow.document_id == SourceDocumentRow.id)
            .join(PlanRow, PlanRow.id == PlanVersionRow.plan_id)
            .where(PlanRow.name == plan_name)
            .order_by(PlanVersionRow.number.desc())
            .limit(1)
        )

    def find_version_by_sha256(self, sha256: str) -> tuple[PlanInfo, VersionInfo] | None:
        """The first version imported from these exact bytes, with its plan; None if never imported."""
        row = self._session.execute(
            version_select().where(documents.c.sha256 == sha256).order_by(versions.c.id).limit(1)
        ).first()
        if row is None:
            return None
        version = version_info(row)
        plan = self._session.get_one(PlanRow, version.plan_id)
        return self._load_plan_info(plan), version

    def get_version(self, plan: PlanInfo, number: int | None = None) -> VersionInfo:
        """Version ``number`` of ``plan``; the latest when ``number`` is None."""
        query = version_select().where(versions.c.plan_id == plan.id)
        if number is None:
            query = query.order_by(versions.c.number.desc()).limit(1)
        elif _valid_id(number):
            query = query.where(versions.c.number == number)
        else:
            query = query.where(false())
        row = self._session.execute(query).first()
        if row is not None:
            return version_info(row)
        if number is None:
            raise NotFoundError(
                f"规划“{plan.name}”还没有导入任何版本。", hint=_PLANS_HINT, code=ErrorCode.PLAN_NOT_FOUND
            )
        raise NotFoundError(
            f"规划“{plan.name}”没有第 {number} 版。", hint=_PLANS_HINT, code=ErrorCode.PLAN_NOT_FOUND
        )

    def add_version(self, plan_name: str, analysis: Analysis) -> tuple[PlanInfo, VersionInfo]:
        """Store ``analysis`` as the next version of the plan called ``plan_name``.

        Creates the plan on first use and reuses the stored source document when the same bytes
        were imported before. Flushes but does not commit: the caller's transaction decides.
        """
        if not plan_name.strip():
            raise InputError("规划名称不能为空。", hint="请指定规划名称。")
        session = self._session
        doc = analysis.document
        if "\x00" in doc.text:
            # PostgreSQL cannot store NUL in text columns and SQLite's length() stops at one; refuse
            # on every database alike instead of failing only in production.
            raise InputError(
                "文档文本含有 NUL（\\x00）字符，无法存入数据库。",
                where=doc.source,
                hint="请检查文件编码是否识别正确，或去掉其中的控制字符后重新导入。",
            )

        # Locking the plan row makes concurrent imports into one plan take turns on PostgreSQL, so
        # both cannot pick the same next number; SQLite already holds its write lock (transaction()).
        by_name = select(PlanRow).where(PlanRow.name == plan_name).with_for_update()
        plan = session.scalars(by_name).one_or_none()
        if plan is None:
            try:
                # A savepoint: when another first import of this name commits meanwhile (PostgreSQL
                # makes this insert wait for it, then fail), this one becomes its next version.
                with session.begin_nested():
                    plan = PlanRow(name=plan_name, title=doc.title)
                    session.add(plan)
                    session.flush()
            except IntegrityError:
                plan = session.scalars(by_name).one()

        document_id = session.scalar(
            select(SourceDocumentRow.id).where(SourceDocumentRow.sha256 == doc.sha256)
        )
        if document_id is None:
            document_row = SourceDocumentRow(
                sha256=doc.sha256,
                name=doc.source,
                size=doc.size,
                format=doc.format,
                encoding=doc.encoding,
                text=doc.text,
                title=doc.title,
            )
            try:
                with session.begin_nested():  # the same bytes imported at the same moment elsewhere
                    session.add(document_row)
                    session.flush()
                document_id = document_row.id
            except IntegrityError:
                document_id = session.scalars(
                    select(SourceDocumentRow.id).where(SourceDocumentRow.sha256 == doc.sha256)
                ).one()

        last = session.scalar(
            select(func.max(PlanVersionRow.number)).where(PlanVersionRow.plan_id == plan.id)
        )
        version = PlanVersionRow(
            plan_id=plan.id,
            number=(last or 0) + 1,
            document_id=document_id,
            schema_version=analysis.schema_version,
            analysis=analysis.to_dict(include_text=False),
            warnings=list(analysis.warnings),
        )
        session.add(version)
        session.flush()

        # Core-style executemany: one round trip per batch instead of an ORM object per row.
        if analysis.outline:
            session.execute(
                insert(NodeRow),
                [
                    {
                        "version_id": version.id,
                        "key": n.id,
                        "parent_key": n.parent,
                        "kind": n.kind,
                        "label": n.label,
                        "ordinal": n.ordinal,
                        "title": n.title,
                        "start_offset": n.start,
                        "end_offset": n.end,
                        "depth": n.depth,
                        "position": position,
                    }
                    for position, n in enumerate(analysis.outline)
                ],
            )
        if analysis.sentences:
            text = doc.text
            session.execute(
                insert(SentenceRow),
                [
                    {
                        "version_id": version.id,
                        "key": s.id,
                        "node_key": s.node,
                        "start_offset": s.start,
                        "end_offset": s.end,
                        "position": position,
                        "text": text[s.start : s.end],
                    }
                    for position, s in enumerate(analysis.sentences)
                ],
            )
        items: tuple[tuple[type[_ItemRow], Sequence[Quantity | Entity | Goal | Task]], ...] = (
            (QuantityRow, analysis.quantities),
            (EntityRow, analysis.entities),
            (GoalRow, analysis.goals),
            (TaskRow, analysis.tasks),
        )
        for table, values in items:
            if values:
                session.execute(insert(table), _item_rows(version.id, values))
        if analysis.assignments:
            session.execute(insert(AssignmentRow), _assignment_rows(version.id, analysis))
        session.flush()
        return self._load_plan_info(plan), self._version_info(version.id)

    def load_analysis(self, version_id: int) -> Analysis:
        """The stored Analysis of a version: document, outline, sentences, extracted items, proposed
        assignments, warnings.

        Document blocks are not stored and come back empty. Versions imported before revision 0002
        come back without items (they are only in ``plan_versions.analysis``), those before 0003
        without assignments. Assignments are the proposals as computed; a person's overrides are
        applied by ``AssignmentRepository.resolve``.
        """
        version = self._version_row(version_id)
        doc = self._session.get_one(SourceDocumentRow, version.document_id)
        document = Document(
            text=doc.text,
            source=doc.name,
            sha256=doc.sha256,
            format=doc.format,
            size=doc.size,
            blocks=(),
            tables=_tables(version.analysis),
            encoding=doc.encoding,
            title=doc.title,
        )
        sentences = self._session.scalars(
            select(SentenceRow).where(SentenceRow.version_id == version_id).order_by(SentenceRow.position)
        ).all()
        return Analysis(
            document=document,
            outline=tuple(self._node_rows(version_id)),
            sentences=tuple(
                Sentence(id=s.key, node=s.node_key, start=s.start_offset, end=s.end_offset) for s in sentences
            ),
            quantities=tuple(self._quantities(version_id)),
            entities=tuple(self._entities(version_id)),
            goals=tuple(self._goals(version_id)),
            tasks=tuple(self._tasks(version_id)),
            assignments=tuple(self._proposed_assignments(version_id)),
            warnings=tuple(version.warnings),
            schema_version=version.schema_version,
            issuer=_issuer(version.analysis),
            catalogue_note=str((version.analysis.get("document") or {}).get("catalogue") or ""),
        )

    # -- nodes -----------------------------------------------------------------------------------

    def nodes(self, version_id: int) -> list[Node]:
        """The outline of a version, in document order."""
        self._version_row(version_id)
        return self._node_rows(version_id)

    def node(self, version_id: int, key: str) -> Node:
        self._version_row(version_id)
        row = self._session.scalars(
            select(NodeRow).where(NodeRow.version_id == version_id, NodeRow.key == key)
        ).one_or_none()
        if row is None:
            raise NotFoundError(
                f"版本 {version_id} 中没有编号为“{key}”的节点。",
                hint="节点编号形如 p3.a7（第三部分第 7 条）；先查看该版本的全部节点。",
            )
        return _node(row)

    # -- extracted items -------------------------------------------------------------------------

    def quantities(self, version_id: int) -> list[Quantity]:
        """The quantities of a version, in the order the Analysis listed them."""
        self._version_row(version_id)
        return self._quantities(version_id)

    def entities(self, version_id: int, kind: str | None = None) -> list[Entity]:
        """The entities of a version in Analysis order; only those of ``kind`` when given."""
        self._version_row(version_id)
        return self._entities(version_id, kind)

    def goals(self, version_id: int) -> list[Goal]:
        self._version_row(version_id)
        return self._goals(version_id)

    def tasks(self, version_id: int, node_key: str | None = None) -> list[Task]:
        """The tasks of a version in Analysis order; only those read from node ``node_key`` when given.

        The node must match exactly: tasks of an article are not tasks of its part.
        """
        self._version_row(version_id)
        return self._tasks(version_id, node_key)

    def proposed_assignments(self, version_id: int) -> list[Assignment]:
        """The assignments the catalogue proposed for a version's tasks, in task order."""
        self._version_row(version_id)
        return self._proposed_assignments(version_id)

    # -- helpers ---------------------------------------------------------------------------------

    def _proposed_assignments(self, version_id: int) -> list[Assignment]:
        # Plain columns rather than ORM rows: nothing here needs identity tracking, and a plan has
        # hundreds of proposals, read again after every change of its assignments.
        rows = self._session.execute(
            select(*AssignmentRow.__table__.columns)
            .where(AssignmentRow.version_id == version_id)
            .order_by(AssignmentRow.position)
        )
        return [_proposed_assignment(r) for r in rows]

    def _quantities(self, version_id: int) -> list[Quantity]:
        return _items(self._session, Quantity, QuantityRow, QuantityRow.version_id == version_id)

    def _entities(self, version_id: int, kind: str | None = None) -> list[Entity]:
        where = [EntityRow.version_id == version_id]
        if kind is not None:
            where.append(EntityRow.kind == kind)
        return _items(self._session, Entity, EntityRow, *where)

    def _goals(self, version_id: int) -> list[Goal]:
        return _items(self._session, Goal, GoalRow, GoalRow.version_id == version_id)

    def _tasks(self, version_id: int, node_key: str | None = None) -> list[Task]:
        where = [TaskRow.version_id == version_id]
        if node_key is not None:
            where.append(TaskRow.node_key == node_key)
        return _items(self._session, Task, TaskRow, *where)

    def _version_row(self, version_id: int) -> PlanVersionRow:
        row = self._session.get(PlanVersionRow, version_id) if _valid_id(version_id) else None
        if row is None:
            raise NotFoundError(
                f"没有编号为 {version_id} 的规划版本。", hint=_PLANS_HINT, code=ErrorCode.PLAN_NOT_FOUND
            )
        return row

    def _node_rows(self, version_id: int) -> list[Node]:
        rows = self._session.scalars(
            select(NodeRow).where(NodeRow.version_id == version_id).order_by(NodeRow.position)
        ).all()
        return [_node(r) for r in rows]

    def _version_info(self, version_id: int) -> VersionInfo:
        row = self._session.execute(version_select().where(versions.c.id == version_id)).one()
        return version_info(row)

    def _load_plan_info(self, row: PlanRow) -> PlanInfo:
        return self._plan_info(row, plan_listing.versions_by_plan(self._session, row.id).get(row.id, ()))

    @staticmethod
    def _plan_info(row: PlanRow, found: list[VersionInfo] | tuple[()]) -> PlanInfo:
        return PlanInfo(
            id=row.id, name=row.name, title=row.title, created_at=row.created_at, versions=tuple(found)
        )
