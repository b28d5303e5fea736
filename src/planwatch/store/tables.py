"""Database tables. Rows stay inside ``planwatch.store``: repositories turn them into model objects.

Types are chosen to mean the same on SQLite and PostgreSQL. Changing anything here needs a new
Alembic revision in ``migrations/versions`` (the test suite compares the two).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# re-exported: the rest of the store (and the migrations) name them as part of the schema
from planwatch.store.column_types import UTCDateTime as UTCDateTime
from planwatch.store.column_types import utcnow as utcnow

# Explicit constraint names make Alembic's output identical on every machine and let a later
# migration drop or alter a constraint by name (SQLite batch mode needs names to do that at all).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    metadata = metadata


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class SourceDocumentRow(Base):
    """The decoded text of one imported file, shared by every version imported from the same bytes."""

    __tablename__ = "source_documents"
    __table_args__ = (UniqueConstraint("sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    format: Mapped[str] = mapped_column(String(16), nullable=False)
    encoding: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    # No cascade: a document may back versions of several plans and must outlive any one of them.
    document_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), nullable=False, index=True)
    schema_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Plain JSON, not JSONB: JSONB reorders keys, and the stored Analysis should read back in the
    # order it was produced. Deferred: the analysis is the whole document's JSON (about 1 MB for the
    # Dalian plan), and most loads of a version want its plan or number; decoding it on each of
    # them was a fifth of a served worker's time under load (bench/web_soak.py, py-spy).
    analysis: Mapped[dict[str, Any]] = mapped_column(
        JSON, nullable=False, deferred=True, deferred_group="content"
    )
    warnings: Mapped[list[str]] = mapped_column(JSON, nullable=False, deferred=True, deferred_group="content")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    # A fresh random token each time the stored analysis is rewritten after import (its proposals
    # computed again under another catalogue): every worker keys its cached Analysis on it, so the
    # rewrite done in one worker reaches the others. Random, not a counter, so a restored database
    # cannot show a token a worker saw for other contents. None: as imported.
    analysis_token: Mapped[str | None] = mapped_column(String(32))


class NodeRow(Base):
    __tablename__ = "nodes"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    key: Mapped[str] = mapped_column(String, nullable=False)
    parent_key: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    ordinal: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    start_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    depth: Mapped[int] = mapped_column(Integer, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class SentenceRow(Base):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False
    )
    key: Mapped[str] = mapped_column(String, nullable=False)
    # Not a foreign key to nodes: sentences are only ever written in the same insert as their
    # version's nodes, and the outline builder already guarantees the node exists.
    node_key: Mapped[str] = mapped_column(String, nullable=False)
    start_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)


# -- extracted items ---------------------------------------------------------------------------------
#
# One table per item kind of an Analysis. Columns carry the model field names, except where the model
# name says something else in a database: ``node``/``sentence`` hold outline keys, not row ids (hence
# ``*_key``), ``start``/``end`` are offsets, and a task's ``id`` is its ``key`` because ``id`` is the
# row's own primary key. ``repositories`` maps the two generically, so a new optional model field
# needs only a column here and a revision.
#
# Floats are Double (8 bytes) on both databases: PostgreSQL's ``real`` would turn 63.6 into
# 63.599998474121094, and an Analysis read back must equal the one stored.


class _ExtractedItem:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False
    )
    # The item's place in its Analysis tuple: spans alone do not order items that share one.
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    # Not foreign keys, for the same reason as sentences.node_key: written in the same insert as the
    # version's nodes and sentences, from an Analysis that already guarantees they exist.
    node_key: Mapped[str] = mapped_column(String, nullable=False)
    sentence_key: Mapped[str | None] = mapped_column(String)
    start_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)


class QuantityRow(_ExtractedItem, Base):
    __tablename__ = "quantities"
    __table_args__ = (Index("ix_quantities_version_id", "version_id"),)

    subject: Mapped[str] = mapped_column(Text, nullable=False)
    value: Mapped[float] = mapped_column(Double, nullable=False)
    value_max: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String, nullable=False)
    base_value: Mapped[float | None] = mapped_column(Double)
    base_unit: Mapped[str | None] = mapped_column(String)
    qualifier: Mapped[str | None] = mapped_column(String)
    period: Mapped[str | None] = mapped_column(String)
    compared_to: Mapped[str | None] = mapped_column(String)


class EntityRow(_ExtractedItem, Base):
    __tablename__ = "entities"
    # Leads with version_id, so it also serves every per-version lookup and the cascade from
    # plan_versions; a separate index on version_id alone would only cost writes.
    __table_args__ = (Index("ix_entities_version_id_kind", "version_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    subtype: Mapped[str | None] = mapped_column(String)
    definition: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String)


class GoalRow(_ExtractedItem, Base):
    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_version_id", "version_id"),)

    year: Mapped[str] = mapped_column(String, nullable=False)


class TaskRow(_ExtractedItem, Base):
    __tablename__ = "tasks"
    # The unique constraint's index leads with version_id and so doubles as the version_id index.
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    key: Mapped[str] = mapped_column(String, nullable=False)
    verb: Mapped[str] = mapped_column(String, nullable=False)
    object: Mapped[str] = mapped_column(Text, nullable=False)
    domain: Mapped[str | None] = mapped_column(String)
    instrument: Mapped[str | None] = mapped_column(String)
    instrument_subtype: Mapped[str | None] = mapped_column(String)
    # the run-in or paragraph topic lead that heads the task (not a task itself)
    topic: Mapped[str | None] = mapped_column(Text)


# -- assignments (issue 4) -------------------------------------------------------------------------
#
# What the catalogue proposes is part of a version's Analysis and goes with the version. What a person
# decides belongs to the plan instead: it must outlive re-analysis and new versions, so it is keyed by
# the task's key *and* text rather than by a row of one version (see ``store.assignments``).


class AssignmentRow(Base):
    """A proposed assignment: one per task of a version, as the catalogue matcher computed it."""

    __tablename__ = "assignments"
    # The unique constraint's index leads with version_id and so doubles as the version_id index.
    __table_args__ = (UniqueConstraint("version_id", "task_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False
    )
    # Not a foreign key to tasks, for the same reason as the items' node_key: written in the same
    # insert as the version's tasks, from an Analysis that pairs them already.
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    # The lead's three fields are null together: a task the catalogue could not place has no lead.
    lead: Mapped[str | None] = mapped_column(String)
    lead_score: Mapped[float | None] = mapped_column(Double)
    lead_reason: Mapped[str | None] = mapped_column(Text)
    # [{"department", "score", "reason"}, …] in rank order. JSON numbers are written with repr() and
    # plain json (not jsonb) keeps the text, so scores read back bit for bit, like the Double above.
    cooperating: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    due: Mapped[str] = mapped_column(String, nullable=False)
    due_reason: Mapped[str] = mapped_column(Text, nullable=False)
    # why a task has no lead although the matcher ran (outside / supervision / no_catalogue)
    status: Mapped[str | None] = mapped_column(String)
    status_reason: Mapped[str | None] = mapped_column(Text)


class PlanCatalogueChoiceRow(Base):
    """A plan's issuer and catalogue as a person set them; a plan without a row uses the issuer read
    from its document and that issuer's catalogue."""

    __tablename__ = "plan_catalogue_choices"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    issuer_name: Mapped[str | None] = mapped_column(String)  # null: the detected issuer
    issuer_level: Mapped[str | None] = mapped_column(String)
    catalogue: Mapped[str] = mapped_column(String, nullable=False)  # auto | issuer | configured
    decided_by: Mapped[str] = mapped_column(String, nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class AssignmentOverrideRow(Base):
    """One decision of a person about a task's assignment. Append-only: a new decision is a new row."""

    __tablename__ = "assignment_overrides"
    # Leads with plan_id: serves "every decision of this plan" and the cascade from plans.
    __table_args__ = (Index("ix_assignment_overrides_plan_id_task_key", "plan_id", "task_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    # Keys are positions in the outline and shift when a new version inserts a task; the text is what
    # finds the task again (and tells a moved task from a rewritten one).
    task_text: Mapped[str] = mapped_column(Text, nullable=False)
    # Null means "keep what the catalogue proposes" for that field; all three null reverts the task
    # to the proposal. An empty cooperating list means "no cooperating units", which is a decision.
    lead: Mapped[str | None] = mapped_column(String)
    cooperating: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    due: Mapped[str | None] = mapped_column(String)
    decided_by: Mapped[str] = mapped_column(String, nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class AssignmentRequestRow(Base):
    """A reporter's 调整申请: a change of a task's lead or cooperating units that waits for a planner.

    Requests are the only way a reporter touches another department's place on a task; the planner's
    approval records an ordinary decision (``assignment_overrides``) that names the request."""

    __tablename__ = "assignment_requests"
    __table_args__ = (Index("ix_assignment_requests_plan_id_status", "plan_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    task_text: Mapped[str] = mapped_column(Text, nullable=False)
    # As in assignment_overrides: null keeps what is in force for that field.
    lead: Mapped[str | None] = mapped_column(String)
    cooperating: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    due: Mapped[str | None] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    base_revision: Mapped[int] = mapped_column(Integer, nullable=False)
    requested_by: Mapped[str] = mapped_column(String, nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # pending / approved / rejected
    decided_by: Mapped[str | None] = mapped_column(String)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)


class DivisionUploadRow(Base):
    """A 分工方案 workbook a department sent back, kept between its preview and its application."""

    __tablename__ = "division_uploads"
    __table_args__ = (Index("ix_division_uploads_plan_id", "plan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    filename: Mapped[str] = mapped_column(String, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String, nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    applied_by: Mapped[str | None] = mapped_column(String)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CatalogueRow(Base):
    """A department catalogue a person loaded (YAML as written), kept as history.

    At most one row per ``name`` is active; ``store.catalogues`` keeps it so, because a partial unique
    index would need dialect-specific DDL. No index: a catalogue is loaded a few times a year.
    """

    __tablename__ = "catalogues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    yaml: Mapped[str] = mapped_column(Text, nullable=False)
    mode: Mapped[str] = mapped_column(String(16), nullable=False)  # "replace" | "extend"
    loaded_by: Mapped[str] = mapped_column(String, nullable=False)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)


# -- users, login attempts, audit log, app settings (issue 5) ---------------------------------------


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-case (store.users normalises), so the unique constraint is case-insensitive.
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    display_name: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    department: Mapped[str | None] = mapped_column(String)
    password_hash: Mapped[str] = mapped_column(String, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # Part of every session cookie: bumping it (password change, disabling, logout) kills the
    # user's sessions everywhere, which a stateless signed cookie could not do on its own.
    session_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginAttemptRow(Base):
    """Failed logins, for throttling. A success deletes the failures of its username and address."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_ip_at", "username", "ip", "at"),
        Index("ix_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Not a foreign key: failures for names that do not exist are throttled as well.
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    ip: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class AuditRow(Base):
    """Append-only. ``username`` is text, not a foreign key: the trail must outlive renamed or
    removed accounts and also names ``system`` and command-line users."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    username: Mapped[str] = mapped_column(String, nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    target: Mapped[str] = mapped_column(Text, nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class AppSettingRow(Base):
    """Values the application generates once and keeps, such as the session signing key."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class ChangeRevisionRow(Base):
    """How many committed writes changed what pages show (issue 18): caches in every worker key
    their entries on it, so a write anywhere invalidates them. ``token`` is new at every bump: a
    restored or recreated database never repeats a (revision, token) pair it did not have."""

    __tablename__ = "change_revisions"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    token: Mapped[str] = mapped_column(String(32), nullable=False)


# -- sentence search (issue 5) -----------------------------------------------------------------------
#
# The index itself is dialect-specific and lives outside this metadata (see ``store.search``); this
# table only records which versions it holds and under which segmentation scheme.


class SearchVersionRow(Base):
    """One row per version whose sentences are in the search index."""

    __tablename__ = "search_versions"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # The service's segmentation scheme at indexing time: a version indexed under an older scheme is
    # indexed again, so changing how text is segmented never leaves old and new tokens mixed.
    scheme: Mapped[int] = mapped_column(Integer, nullable=False)
    sentences: Mapped[int] = mapped_column(Integer, nullable=False)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


# -- indicators and observations (issue 6) -----------------------------------------------------------
#
# Indicators belong to the plan, not to a version: a person creates them (from extracted quantities,
# an imported 主要指标表 or by hand) and they must survive re-analysis and new versions of the document.
# Columns carry the names of ``planwatch.model.Indicator`` / ``Observation`` fields, so the repository
# maps them generically (as it does for extracted items).


class IndicatorRow(Base):
    __tablename__ = "indicators"
    # The unique constraint's index leads with plan_id and so serves the cascade from plans as well.
    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String, nullable=False)
    unit: Mapped[str] = mapped_column(String, nullable=False)
    category: Mapped[str] = mapped_column(String, nullable=False)
    attribute: Mapped[str] = mapped_column(String(16), nullable=False)  # 预期性 / 约束性
    direction: Mapped[str] = mapped_column(String(16), nullable=False)  # increase / decrease
    baseline_value: Mapped[float | None] = mapped_column(Double)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[float | None] = mapped_column(Double)
    target_kind: Mapped[str] = mapped_column(String(16), nullable=False)
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_value_max: Mapped[float | None] = mapped_column(Double)
    tolerance: Mapped[float | None] = mapped_column(Double)
    cumulative: Mapped[bool] = mapped_column(Boolean, nullable=False)
    data_source: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String)
    source_quantity: Mapped[str | None] = mapped_column(String)
    # 示例数据: shipped demo rows, removed together by ``planwatch indicators sample --remove``.
    sample: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # Targets a real 主要指标表 writes without a level (issue 16): 年均 rates, relations to another
    # indicator or a named figure (高于地区生产总值增长), tasks set above (完成省下达任务).
    annual: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    relation: Mapped[str | None] = mapped_column(String(32))
    relation_to: Mapped[str | None] = mapped_column(String)
    target_note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class ObservationRow(Base):
    """One value of an indicator for one period ("2026" or "2026Q3"); a correction replaces it (the
    audit log keeps the value it had)."""

    __tablename__ = "observations"
    # The unique constraint's index leads with indicator_id and so serves the cascade as well.
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False)
    period: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[float] = mapped_column(Double, nullable=False)
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    sample: Mapped[bool] = mapped_column(Boolean, nullable=False)
    recorded_by: Mapped[str] = mapped_column(String, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


# -- task progress reports (issue 6) -----------------------------------------------------------------
#
# Append-only: a submission, an approval and a return are each a new row, so the rows of a task are its
# history and the newest row of a (plan, task, period) is that period's current report. Evidence is a
# JSON list of file names only; the files themselves are not stored.


class ProgressReportRow(Base):
    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_reports_plan_id_task_key", "plan_id", "task_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    task_text: Mapped[str] = mapped_column(Text, nullable=False)
    period: Mapped[str] = mapped_column(String(16), nullable=False)  # "2026Q1"
    state: Mapped[str] = mapped_column(String(16), nullable=False)  # TASK_STATES
    percent: Mapped[float] = mapped_column(Double, nullable=False)
    narrative: Mapped[str] = mapped_column(Text, nullable=False)
    # entries: a file name (name only) or {"name": ..., "file": evidence_files.id} (store/progress.py)
    evidence: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # REPORT_STATES
    closes_task: Mapped[bool] = mapped_column(Boolean, nullable=False)
    sample: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    submitted_by: Mapped[str] = mapped_column(String, nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_comment: Mapped[str | None] = mapped_column(Text)


# -- evidence files (issue 6) ------------------------------------------------------------------------
#
# The bytes of the files a report cites, kept in the database so that a backup of it is complete.
# A report's ``evidence`` entries point here by id; the row belongs to the plan and the task, not to
# one report, since a returned report's files are carried over when it is submitted again.


class EvidenceFileRow(Base):
    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_plan_id_task_key", "plan_id", "task_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    filename: Mapped[str] = mapped_column(String, nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String, nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


# -- plan lineage (issue 7) ---------------------------------------------------------------------------
#
# Its own table rather than columns of ``plans``, so that code reading plans works on databases
# migrated before it (and the rows of a plan without lineage simply do not exist).


class PlanLineageRow(Base):
    __tablename__ = "plan_lineage"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    upper_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    level: Mapped[str | None] = mapped_column(String(32))
    updated_by: Mapped[str] = mapped_column(String, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


# -- observation proposals (issue 9) -----------------------------------------------------------------
#
# Figures read from a bulletin or work report, matched to an indicator, waiting for review. One row per
# (indicator, document, figure offset), so reading the same file again adds nothing. An accepted row
# keeps the document (name and sha256), the sentence and the figure's span, who accepted it, and the
# observation it wrote: that is the observation's provenance.


class ObservationProposalRow(Base):
    __tablename__ = "observation_proposals"
    __table_args__ = (
        # the convention's name would pass PostgreSQL's 63-character limit
        UniqueConstraint(
            "indicator_id",
            "document_sha256",
            "document_start",
            "figure_start",
            name="uq_observation_proposals_figure",
        ),
        Index("ix_observation_proposals_plan_id_status", "plan_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False)
    period: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[float] = mapped_column(Double, nullable=False)
    original: Mapped[str] = mapped_column(String, nullable=False)
    document_name: Mapped[str] = mapped_column(String, nullable=False)
    document_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    sentence: Mapped[str] = mapped_column(Text, nullable=False)
    document_start: Mapped[int] = mapped_column(Integer, nullable=False)
    figure_start: Mapped[int] = mapped_column(Integer, nullable=False)
    figure_end: Mapped[int] = mapped_column(Integer, nullable=False)
    score: Mapped[float] = mapped_column(Double, nullable=False)
    reasons: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # PROPOSAL_STATES
    created_by: Mapped[str] = mapped_column(String, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_value: Mapped[float | None] = mapped_column(Double)
    accepted_period: Mapped[str | None] = mapped_column(String(16))
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL"), index=True
    )


class EvidenceSourceRow(Base):
    """A later document attached to a plan as a source of documentary evidence (issue 19): a stored
    plan's version, or a file whose text is kept here so its sentences can be shown and cited."""

    __tablename__ = "evidence_sources"
    __table_args__ = (UniqueConstraint("plan_id", "sha256", name="uq_evidence_sources_plan_id_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str] = mapped_column(String, nullable=False, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # "plan" (a stored version) / "file"
    source_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="SET NULL"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)  # a file's text; a stored version has its own
    threshold: Mapped[float] = mapped_column(Double, nullable=False)
    added_by: Mapped[str] = mapped_column(String, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class EvidenceMatchRow(Base):
    """One sentence of a source proposed as evidence for one task; a planner confirms or dismisses
    it. The task is remembered by key and text, like everything people record against a task."""

    __tablename__ = "evidence_matches"
    __table_args__ = (
        Index("ix_evidence_matches_plan_id_task_key", "plan_id", "task_key"),
        UniqueConstraint(
            "source_id", "task_key", "start", name="uq_evidence_matches_source_id_task_key_start"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), nullable=False)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_sources.id", ondelete="CASCADE"), nullable=False, index=True
    )
    task_key: Mapped[str] = mapped_column(String, nullable=False)
    task_text: Mapped[str] = mapped_column(Text, nullable=False)
    node: Mapped[str] = mapped_column(String, nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    sentence: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # deployed / reported / mentioned
    score: Mapped[float] = mapped_column(Double, nullable=False)
    terms: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    decision: Mapped[str] = mapped_column(String(20), nullable=False, default="proposed")
    decided_by: Mapped[str | None] = mapped_column(String)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# -- background jobs (issue 18) ----------------------------------------------------------------------


class JobRow(Base):
    """An import or a large export run off the request path. Progress lives here, not in process
    memory, because any of several server processes may be asked to show it."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_username_created_at", "username", "created_at"),
        Index("ix_jobs_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # import / report / export
    title: Mapped[str] = mapped_column(Text, nullable=False)  # what was asked, in Chinese
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)  # queued / running / done / failed
    progress: Mapped[int] = mapped_column(Integer, nullable=False)  # 0–100
    step: Mapped[str] = mapped_column(String(100), nullable=False)
    # host:pid:boot of the process that queued the job and alone will run it
    worker: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    error_where: Mapped[str | None] = mapped_column(Text)
    error_hint: Mapped[str | None] = mapped_column(Text)
    result_url: Mapped[str | None] = mapped_column(Text)  # where to go once done (an imported plan)
    result_info: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # its summary
    result_name: Mapped[str | None] = mapped_column(Text)  # a file to download …
    result_media_type: Mapped[str | None] = mapped_column(String(200))
    result_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # … until then
