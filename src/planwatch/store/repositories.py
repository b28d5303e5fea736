"""Repositories: the only way other layers read and write the database.

They take a Session the caller opened (the caller owns the transaction: repositories flush, never
commit) and return ``planwatch.model`` objects, never ORM rows, so nothing outside the store can
trigger lazy loads or depend on table layout.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, false, func, insert, select
from sqlalchemy.orm import Session

from planwatch.model import (
    Analysis,
    Document,
    InputError,
    Node,
    NotFoundError,
    PlanInfo,
    Sentence,
    Table,
    VersionInfo,
)
from planwatch.store.tables import (
    NodeRow,
    PlanRow,
    PlanVersionRow,
    SentenceRow,
    SourceDocumentRow,
)

# Ids are 32-bit INTEGER columns. PostgreSQL raises on a larger literal instead of matching nothing,
# so an id typed by a user ("planwatch show 99999999999") must be range-checked first.
_MAX_ID = 2**31 - 1

_PLANS_HINT = "运行 `planwatch plans` 查看已导入的规划及其编号、名称和版本。"


def _valid_id(value: int) -> bool:
    return 0 < value <= _MAX_ID


def _version_select() -> Select[int, int, int, str, str, str, int, int, str | None, int, int, datetime]:
    """One row per version with everything VersionInfo needs, counts computed by the database."""
    node_count = (
        select(func.count(NodeRow.id))
        .where(NodeRow.version_id == PlanVersionRow.id)
        .correlate(PlanVersionRow)
        .scalar_subquery()
    )
    sentence_count = (
        select(func.count(SentenceRow.id))
        .where(SentenceRow.version_id == PlanVersionRow.id)
        .correlate(PlanVersionRow)
        .scalar_subquery()
    )
    return select(
        PlanVersionRow.id,
        PlanVersionRow.plan_id,
        PlanVersionRow.number,
        SourceDocumentRow.sha256,
        SourceDocumentRow.name,
        SourceDocumentRow.format,
        SourceDocumentRow.size,
        # Both databases count characters (code points), as Python's len() does.
        func.length(SourceDocumentRow.text),
        SourceDocumentRow.title,
        node_count,
        sentence_count,
        PlanVersionRow.created_at,
    ).join(SourceDocumentRow, SourceDocumentRow.id == PlanVersionRow.document_id)


def _version_info(
    row: Row[int, int, int, str, str, str, int, int, str | None, int, int, datetime],
) -> VersionInfo:
    (vid, plan_id, number, sha256, source, fmt, size, chars, title, nodes, sentences, created_at) = row
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
    )


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
        plans = self._session.scalars(select(PlanRow).order_by(PlanRow.id)).all()
        versions = self._versions_by_plan(None)
        return [self._plan_info(p, versions.get(p.id, ())) for p in plans]

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
            raise NotFoundError(f"没有找到编号或名称为“{ref}”的规划。", hint=_PLANS_HINT)
        return found

    # -- versions --------------------------------------------------------------------------------

    def find_version_by_sha256(self, sha256: str) -> tuple[PlanInfo, VersionInfo] | None:
        """The first version imported from these exact bytes, with its plan; None if never imported."""
        row = self._session.execute(
            _version_select().where(SourceDocumentRow.sha256 == sha256).order_by(PlanVersionRow.id).limit(1)
        ).first()
        if row is None:
            return None
        version = _version_info(row)
        plan = self._session.get_one(PlanRow, version.plan_id)
        return self._load_plan_info(plan), version

    def get_version(self, plan: PlanInfo, number: int | None = None) -> VersionInfo:
        """Version ``number`` of ``plan``; the latest when ``number`` is None."""
        query = _version_select().where(PlanVersionRow.plan_id == plan.id)
        if number is None:
            query = query.order_by(PlanVersionRow.number.desc()).limit(1)
        elif _valid_id(number):
            query = query.where(PlanVersionRow.number == number)
        else:
            query = query.where(false())
        row = self._session.execute(query).first()
        if row is not None:
            return _version_info(row)
        if number is None:
            raise NotFoundError(f"规划“{plan.name}”还没有导入任何版本。", hint=_PLANS_HINT)
        raise NotFoundError(f"规划“{plan.name}”没有第 {number} 版。", hint=_PLANS_HINT)

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
        plan = session.scalars(
            select(PlanRow).where(PlanRow.name == plan_name).with_for_update()
        ).one_or_none()
        if plan is None:
            plan = PlanRow(name=plan_name, title=doc.title)
            session.add(plan)
            session.flush()

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
            session.add(document_row)
            session.flush()
            document_id = document_row.id

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
        session.flush()
        return self._load_plan_info(plan), self._version_info(version.id)

    def load_analysis(self, version_id: int) -> Analysis:
        """The stored Analysis of a version: document, outline, sentences and warnings.

        Document blocks are not stored and come back empty; quantities, entities, goals and tasks
        stay empty until they have tables of their own (the full dict is in ``plan_versions.analysis``).
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
            warnings=tuple(version.warnings),
            schema_version=version.schema_version,
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

    # -- helpers ---------------------------------------------------------------------------------

    def _version_row(self, version_id: int) -> PlanVersionRow:
        row = self._session.get(PlanVersionRow, version_id) if _valid_id(version_id) else None
        if row is None:
            raise NotFoundError(f"没有编号为 {version_id} 的规划版本。", hint=_PLANS_HINT)
        return row

    def _node_rows(self, version_id: int) -> list[Node]:
        rows = self._session.scalars(
            select(NodeRow).where(NodeRow.version_id == version_id).order_by(NodeRow.position)
        ).all()
        return [_node(r) for r in rows]

    def _version_info(self, version_id: int) -> VersionInfo:
        row = self._session.execute(_version_select().where(PlanVersionRow.id == version_id)).one()
        return _version_info(row)

    def _versions_by_plan(self, plan_id: int | None) -> dict[int, list[VersionInfo]]:
        query = _version_select().order_by(PlanVersionRow.plan_id, PlanVersionRow.number)
        if plan_id is not None:
            query = query.where(PlanVersionRow.plan_id == plan_id)
        grouped: dict[int, list[VersionInfo]] = defaultdict(list)
        for row in self._session.execute(query):
            info = _version_info(row)
            grouped[info.plan_id].append(info)
        return grouped

    def _load_plan_info(self, row: PlanRow) -> PlanInfo:
        return self._plan_info(row, self._versions_by_plan(row.id).get(row.id, ()))

    @staticmethod
    def _plan_info(row: PlanRow, versions: list[VersionInfo] | tuple[()]) -> PlanInfo:
        return PlanInfo(
            id=row.id, name=row.name, title=row.title, created_at=row.created_at, versions=tuple(versions)
        )
