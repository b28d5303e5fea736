"""分工方案 round trip: download the plan's division as a workbook, read back what departments
filled in, show what each row would change, and apply the rows a planner accepts as decisions.

A row's change is what the department wrote against what the row held at download (hidden columns of
the workbook), so a row left alone never undoes someone else's later edit. When the department
changed a field that someone else also changed since the download, the row is a conflict: shown with
the three values and applied only when a planner picks it. Unknown unit names are row errors with
suggestions from the catalogue. Applying re-reads the stored upload under the plan lock, so the
preview a planner saw cannot go stale between the two steps.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from planwatch.export.division_xlsx import (
    COLUMNS,
    HEADER_ROW,
    META_SHEET,
    SHEET,
    UNIT_SEPARATOR,
    DivisionMeta,
    DivisionRow,
    text_fingerprint,
    write_division,
)
from planwatch.extract.departments import Catalogue
from planwatch.model import ErrorCode, InputError, NotFoundError, PlanWatchError, Task, User
from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import find_department
from planwatch.services.division.assignments import STANDING, override
from planwatch.services.division.in_force import in_force
from planwatch.services.monitoring.grids import zip_kind
from planwatch.services.plans.records import PlanView
from planwatch.store.assignment_requests import DivisionUpload, DivisionUploadRepository
from planwatch.store.assignments import AssignmentRepository, OverrideRecord
from planwatch.store.locks import lock_plan
from planwatch.store.users import UserRepository

FIELDS = ("lead", "cooperating", "due")
FIELD_NAMES = {"lead": "牵头单位", "cooperating": "配合单位", "due": "完成时限"}
NO_DUE = "待定"
STATUS_NAMES = {
    "error": "有错误",
    "conflict": "冲突",
    "change": "将修改",
    "same": "已是此值",
    "feedback": "仅有意见",
    "unchanged": "未修改",
}
_SPLIT = re.compile(r"[、，,；;\s]+")
_MAX_ROWS = 20000


# -- download ----------------------------------------------------------------------------------


def _latest_decisions(session: Session, view: PlanView) -> dict[str, OverrideRecord]:
    """The last decision about each task of the version (by key or by text, as assignments does)."""
    history = AssignmentRepository(session).override_history(view.plan.id)
    by_key: dict[str, OverrideRecord] = {}
    by_text: dict[str, OverrideRecord] = {}
    for r in history:
        by_key[r.task_key] = r
        by_text[r.task_text] = r
    found: dict[str, OverrideRecord] = {}
    for t in view.analysis.tasks:
        candidates = [r for r in (by_key.get(t.id), by_text.get(t.text)) if r is not None]
        if candidates:
            found[t.id] = max(candidates, key=lambda r: r.id)
    return found


@dataclass(frozen=True, slots=True)
class _Current:
    lead: str | None
    cooperating: tuple[str, ...]
    due: str


def _current(session: Session, view: PlanView) -> dict[str, _Current]:
    found = {}
    for a in in_force(session, view).assignments:
        found[a.task] = _Current(
            a.lead.department if a.lead else None, tuple(c.department for c in a.cooperating), a.due or NO_DUE
        )
    return found


def download(session: Session, view: PlanView, catalogue: Catalogue) -> bytes:
    """The 分工方案 workbook of the version, as in force now."""
    short = {d.name: d.short or d.name for d in catalogue}
    current = _current(session, view)
    decisions = _latest_decisions(session, view)
    rows = []
    for t in view.analysis.tasks:
        now = current.get(t.id, _Current(None, (), NO_DUE))
        rows.append(
            DivisionRow(
                key=t.id,
                text=t.text,
                lead=now.lead,
                cooperating=now.cooperating,
                due=now.due,
                revision=decisions[t.id].id if t.id in decisions else 0,
                shown_lead=short.get(now.lead, now.lead) if now.lead else "",
                shown_cooperating=UNIT_SEPARATOR.join(short.get(c, c) for c in now.cooperating),
            )
        )
    meta = DivisionMeta(
        plan_id=view.plan.id,
        plan_name=view.plan.name,
        version=view.version.number,
        revision=max((d.id for d in decisions.values()), default=0),
        downloaded_at=datetime.now(UTC),
    )
    return write_division(meta, rows)


def filename(view: PlanView) -> str:
    return f"{view.plan.name}_分工方案_征求意见.xlsx"


# -- reading an upload ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SheetRow:
    line: int  # the row number Excel shows
    number: str
    text: str
    cells: dict[str, str]  # header -> text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return str(value.year)
    return str(value).strip()


def _read(data: bytes, name: str) -> tuple[dict[str, str], list[_SheetRow]]:
    import openpyxl  # type: ignore[import-untyped]

    if not data.startswith(b"PK") or zip_kind(data, name) != "xlsx":
        raise InputError(
            "这不是 Excel（.xlsx）文件。",
            where=name,
            hint="请上传从本系统下载、填写后保存的分工方案 .xlsx 文件。",
        )
    try:
        # Read-only: values only, no styles (a few times faster on a plan of hundreds of tasks).
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors for a broken file
        raise InputError(
            "Excel 文件已损坏，无法读取。", where=name, hint="请用 Excel 或 WPS 另存后重试。"
        ) from exc
    try:
        if SHEET not in workbook.sheetnames or META_SHEET not in workbook.sheetnames:
            raise InputError(
                "这不是本系统下载的分工方案：缺少“分工方案”工作表或隐藏的校验信息。",
                where=name,
                hint="请使用本系统下载的分工方案 Excel，填写后原样上传（不要复制到新文件）。",
                code=ErrorCode.DIVISION_WORKBOOK_FOREIGN,
            )
        meta_ws = workbook[META_SHEET]
        meta = {_cell(r[0]): _cell(r[1]) for r in meta_ws.iter_rows(min_row=1, max_col=2, values_only=True)}
        ws = workbook[SHEET]
        if ws.max_row > _MAX_ROWS:
            raise InputError(f"工作表有 {ws.max_row} 行，超出上限。", where=name, hint="请上传下载的原文件。")
        header = [
            _cell(v) for v in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True))
        ]
        wanted = [h for h, _ in COLUMNS]
        missing = [h for h in wanted if h not in header]
        if missing:
            raise InputError(
                f"分工方案缺少列：{'、'.join(missing)}。",
                where=f"{name} 第 {HEADER_ROW} 行",
                hint="请勿删除或改名表头和隐藏列；可重新下载后再填写。",
            )
        index = {h: header.index(h) for h in wanted}
        rows = []
        for line, values in enumerate(
            ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True), start=HEADER_ROW + 1
        ):
            cells = {h: _cell(values[i]) if i < len(values) else "" for h, i in index.items()}
            if not any(cells.values()):
                continue
            rows.append(_SheetRow(line, cells["编号"], cells["任务内容"], cells))
    finally:
        workbook.close()
    return meta, rows


# -- the preview ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    current: str  # in force now
    downloaded: str  # in the workbook when it was downloaded
    proposed: str  # what the department wrote
    conflict: bool  # someone else changed this field since the download


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: int
    number: str
    key: str
    text: str
    status: str
    status_name: str
    feedback: str
    changes: tuple[FieldChange, ...] = ()
    errors: tuple[str, ...] = ()
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    changed_by: str | None = None  # who changed the task since the download (conflicts)
    # What the row decides, full catalogue names (None: that field is not changed).
    lead: str | None = None
    cooperating: tuple[str, ...] | None = None
    due: str | None = None

    @property
    def applicable(self) -> bool:
        return self.status in ("change", "conflict")


@dataclass(frozen=True, slots=True)
class DivisionPreview:
    upload_id: int | None
    filename: str
    plan_id: int
    version: int
    downloaded_at: str
    uploaded_by: str | None
    uploaded_at: str | None
    applied_by: str | None
    applied_at: str | None
    rows: tuple[PreviewRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in STATUS_NAMES}

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = self.counts
        for row, source in zip(data["rows"], self.rows, strict=True):
            row["applicable"] = source.applicable
        return data


def suggest(catalogue: Catalogue, name: str, limit: int = 3) -> list[str]:
    """Full names of the units a mistyped ``name`` most likely means."""
    spellings: dict[str, str] = {}
    for d in catalogue:
        for s in (d.name, d.short, *d.aliases):
            if s:
                spellings.setdefault(s, d.name)
    found: list[str] = []
    contained = [full for s, full in spellings.items() if name in s or (len(s) >= 3 and s in name)]
    close = [spellings[s] for s in difflib.get_close_matches(name, list(spellings), n=limit * 3, cutoff=0.5)]
    for full in close + contained:
        if full not in found:
            found.append(full)
    return found[:limit]


def _units(
    catalogue: Catalogue, text: str, errors: list[str], suggestions: dict[str, list[str]]
) -> list[str]:
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        try:
            full = find_department(catalogue, part).name
        except PlanWatchError:
            hint = suggest(catalogue, part)
            suggestions[part] = hint
            errors.append(f"部门目录中没有“{part}”" + (f"，是否指：{'、'.join(hint)}？" if hint else "。"))
            continue
        if full not in names:
            names.append(full)
    return names


def _due(text: str, errors: list[str]) -> str:
    v = text.strip()
    if v in ("", NO_DUE):
        return NO_DUE
    if v == STANDING or (v.isdigit() and len(v) == 4 and 2000 <= int(v) <= 2100):
        return v
    errors.append(f"完成时限“{v}”无效：请写四位年份（如 2027）或“持续推进”。")
    return NO_DUE


def _join(units: Sequence[str] | None) -> str:
    return UNIT_SEPARATOR.join(units or ()) or "（无）"


def _find_task(tasks: Sequence[Task], key: str, fingerprint: str) -> Task | None:
    by_key = next((t for t in tasks if t.id == key), None)
    if by_key is not None and text_fingerprint(by_key.text) == fingerprint:
        return by_key
    same = [t for t in tasks if text_fingerprint(t.text) == fingerprint]
    return same[0] if len(same) == 1 else None


def _preview_rows(
    session: Session, view: PlanView, catalogue: Catalogue, rows: list[_SheetRow]
) -> tuple[PreviewRow, ...]:
    current = _current(session, view)
    decisions = _latest_decisions(session, view)
    names = {u.username: u.display_name or u.username for u in UserRepository(session).list()}
    seen: set[str] = set()
    out: list[PreviewRow] = []
    for row in rows:
        c = row.cells
        feedback = c["反馈意见"]
        errors: list[str] = []
        suggestions: dict[str, list[str]] = {}
        task = _find_task(view.analysis.tasks, c["行键"], c["文字校验"])
        head = PreviewRow(
            line=row.line,
            number=row.number,
            key=c["行键"],
            text=row.text,
            status="error",
            status_name=STATUS_NAMES["error"],
            feedback=feedback,
        )
        if task is None:
            missing = f"第 {view.version.number} 版中找不到这项任务（已改写或删除，或隐藏列被改动）。"
            out.append(replace(head, errors=(missing,)))
            continue
        head = replace(head, key=task.id)
        if task.id in seen:
            out.append(replace(head, errors=("这项任务在文件中出现了不止一次。",)))
            continue
        seen.add(task.id)
        lead_units = _units(catalogue, c["牵头单位"], errors, suggestions)
        if len(lead_units) > 1:
            errors.append(f"牵头单位只能有一个，这里写了 {len(lead_units)} 个：{'、'.join(lead_units)}。")
        lead = lead_units[0] if lead_units else None
        if lead is None and not c["牵头单位"].strip():
            errors.append("牵头单位不能为空；如不应由所列单位牵头，请写明应由哪个单位牵头。")
        coop = tuple(_units(catalogue, c["配合单位"], errors, suggestions))
        if lead is not None and lead in coop:
            errors.append(f"“{lead}”不能同时是牵头单位和配合单位。")
        due = _due(c["完成时限"], errors)
        old_errors: list[str] = []
        downloaded = {
            "lead": (c["原牵头单位"] or None),
            "cooperating": tuple(_units(catalogue, c["原配合单位"], old_errors, {})),
            "due": c["原完成时限"] or NO_DUE,
        }
        now = current.get(task.id, _Current(None, (), NO_DUE))
        present = {"lead": now.lead, "cooperating": now.cooperating, "due": now.due}
        written: dict[str, Any] = {"lead": lead, "cooperating": coop, "due": due}
        latest = decisions.get(task.id)
        try:
            seen_revision = int(c["修订"] or 0)
        except ValueError:
            seen_revision = -1
        moved_on = (latest.id if latest else 0) != seen_revision

        def same(f: str, a: Any, b: Any) -> bool:
            return set(a) == set(b) if f == "cooperating" else bool(a == b)

        changes: list[FieldChange] = []
        edited = False
        for f in FIELDS:
            if same(f, written[f], downloaded[f]):
                continue
            edited = True
            if same(f, written[f], present[f]):
                continue
            show = _join if f == "cooperating" else (lambda v: v or "（无）")
            changes.append(
                FieldChange(
                    field=f,
                    label=FIELD_NAMES[f],
                    current=show(present[f]),
                    downloaded=show(downloaded[f]),
                    proposed=show(written[f]),
                    conflict=moved_on and not same(f, present[f], downloaded[f]),
                )
            )
        if errors:
            # What the row would change is not known until its errors are corrected.
            changes = []
            status = "error"
        elif any(ch.conflict for ch in changes):
            status = "conflict"
        elif changes:
            status = "change"
        elif edited:
            status = "same"
        else:
            status = "feedback" if feedback else "unchanged"
        changed = {ch.field for ch in changes}
        out.append(
            replace(
                head,
                status=status,
                status_name=STATUS_NAMES[status],
                changes=tuple(changes),
                errors=tuple(errors),
                suggestions=suggestions,
                changed_by=(
                    f"{names.get(latest.decided_by, latest.decided_by)}（{latest.decided_at:%Y-%m-%d %H:%M} UTC）"
                    if status == "conflict" and latest is not None
                    else None
                ),
                lead=lead if "lead" in changed else None,
                cooperating=coop if "cooperating" in changed else None,
                due=due if "due" in changed else None,
            )
        )
    return tuple(out)


def _check_meta(meta: dict[str, str], view: PlanView, name: str) -> None:
    if meta.get("plan_id") != str(view.plan.id):
        raise InputError(
            f"这份分工方案属于另一个规划（{meta.get('plan_name') or '未知'}），不是“{view.plan.name}”。",
            where=name,
            hint="请在它所属的规划中上传。",
            code=ErrorCode.DIVISION_WORKBOOK_OTHER_PLAN,
        )


def preview_bytes(
    session: Session,
    view: PlanView,
    catalogue: Catalogue,
    data: bytes,
    name: str,
    upload: DivisionUpload | None = None,
) -> DivisionPreview:
    meta, rows = _read(data, name)
    _check_meta(meta, view, name)
    if not rows:
        raise InputError("分工方案中没有任务行。", where=name, hint="请上传下载后填写的原文件。")
    return DivisionPreview(
        upload_id=upload.id if upload else None,
        filename=name,
        plan_id=view.plan.id,
        version=int(meta["version"]) if meta.get("version", "").isdigit() else 0,
        downloaded_at=meta.get("downloaded_at", ""),
        uploaded_by=upload.uploaded_by if upload else None,
        uploaded_at=upload.uploaded_at.isoformat() if upload else None,
        applied_by=upload.applied_by if upload else None,
        applied_at=upload.applied_at.isoformat() if upload and upload.applied_at else None,
        rows=_preview_rows(session, view, catalogue, rows),
    )


def upload(
    session: Session, view: PlanView, catalogue: Catalogue, data: bytes, name: str, by: User | str
) -> DivisionPreview:
    """Check an uploaded workbook (refused whole when it is not this plan's 分工方案) and keep it for
    :func:`apply`; nothing is decided yet."""
    clean = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "分工方案.xlsx"
    checked = preview_bytes(session, view, catalogue, data, clean)  # a wrong file raises: nothing stored
    stored = DivisionUploadRepository(session).add(view.plan.id, clean, data, audit.who(by))
    audit.record(
        session, by, "division.upload", f"plan:{view.plan.id}/division:{stored.id}", None, {"file": clean}
    )
    return replace(
        checked,
        upload_id=stored.id,
        uploaded_by=stored.uploaded_by,
        uploaded_at=stored.uploaded_at.isoformat(),
    )


def _stored(session: Session, view: PlanView, upload_id: int) -> DivisionUpload:
    found = DivisionUploadRepository(session).get(upload_id)
    if found is None or found.plan_id != view.plan.id:
        raise NotFoundError(
            f"没有编号为 {upload_id} 的分工方案上传记录。", hint="请重新上传填写后的分工方案。"
        )
    return found


def preview(session: Session, view: PlanView, catalogue: Catalogue, upload_id: int) -> DivisionPreview:
    stored = _stored(session, view, upload_id)
    return preview_bytes(session, view, catalogue, stored.data, stored.filename, stored)


@dataclass(frozen=True, slots=True)
class ApplyResult:
    upload_id: int
    applied: tuple[str, ...]  # task keys
    skipped: int


def apply(
    session: Session,
    view: PlanView,
    catalogue: Catalogue,
    upload_id: int,
    by: User | str,
    lines: Sequence[int] | None = None,
) -> ApplyResult:
    """Record the upload's changes as decisions, each with its row's 反馈意见 as the reason.

    ``lines`` None: every changed row, refused whole while any row has an error or a conflict.
    Otherwise exactly the rows (Excel row numbers) the planner picked; each must be applicable.
    """
    lock_plan(session, view.plan.id)
    stored = _stored(session, view, upload_id)
    if stored.applied_at is not None:
        raise InputError(
            f"这份分工方案已由 {stored.applied_by} 于 {stored.applied_at:%Y-%m-%d %H:%M} UTC 应用。",
            hint="如需再次调整，请重新下载分工方案填写后上传。",
        )
    result = preview_bytes(session, view, catalogue, stored.data, stored.filename, stored)
    if lines is None:
        bad = [r for r in result.rows if r.status in ("error", "conflict")]
        if bad:
            where = "、".join(f"第 {r.line} 行" for r in bad[:10]) + (" 等" if len(bad) > 10 else "")
            raise InputError(
                f"有 {len(bad)} 行有错误或与他人的修改冲突（{where}），没有应用任何修改。",
                hint="请修正文件后重新上传，或勾选要应用的行后再应用。",
            )
        chosen = [r for r in result.rows if r.applicable]
    else:
        by_line = {r.line: r for r in result.rows}
        chosen = []
        for line in dict.fromkeys(lines):
            row = by_line.get(line)
            if row is None:
                raise InputError(f"文件中没有第 {line} 行任务。", hint="请刷新预览页面后重新勾选。")
            if not row.applicable:
                raise InputError(
                    f"第 {line} 行（{row.status_name}）不能应用："
                    + ("；".join(row.errors) or "没有要修改的内容。"),
                    hint="请只勾选“将修改”或“冲突”的行。",
                )
            chosen.append(row)
    if not chosen:
        raise InputError("没有要应用的修改。", hint="文件中的分工与现行分工一致，无需应用。")
    decisions = _latest_decisions(session, view)
    for row in chosen:
        latest = decisions.get(row.key)
        lead = row.lead if row.lead is not None else (latest.lead if latest else None)
        coop = row.cooperating if row.cooperating is not None else (latest.cooperating if latest else None)
        if coop is not None and lead is not None:
            coop = tuple(c for c in coop if c != lead)
        due = row.due if row.due is not None else (latest.due if latest else None)
        override(
            session,
            view,
            row.key,
            catalogue,
            decided_by=audit.who(by),
            lead=lead,
            cooperating=list(coop) if coop is not None else None,
            due=None if due == NO_DUE else due,
            note=row.feedback or f"分工方案征求意见（{stored.filename} 第 {row.line} 行）",
        )
    DivisionUploadRepository(session).mark_applied(stored.id, audit.who(by))
    keys = tuple(r.key for r in chosen)
    audit.record(
        session,
        by,
        "division.apply",
        f"plan:{view.plan.id}/division:{stored.id}",
        None,
        {"file": stored.filename, "tasks": list(keys)},
    )
    return ApplyResult(stored.id, keys, len(result.rows) - len(chosen))
