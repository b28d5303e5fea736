"""The audit log: who changed what, when, with the state before and after.

Every state change in PlanWatch calls :func:`record` inside the same transaction as the change, so
a change and its audit entry are committed or rolled back together.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from planwatch.model import AuditEntry, InputError, User
from planwatch.model.user import ROLE_NAMES
from planwatch.services import clock
from planwatch.store.users import AuditFilter as AuditFilter  # re-exported: the web's filter type
from planwatch.store.users import AuditRepository

SYSTEM = "system"
# Times are stored in UTC and shown, filtered and exported in Beijing time (no daylight saving).
BEIJING = timezone(timedelta(hours=8), "北京时间")

ACTION_NAMES = {
    "user.add": "新增用户",
    "user.update": "修改用户",
    "user.disable": "停用用户",
    "user.enable": "启用用户",
    "user.passwd": "修改密码",
    "assignment.override": "调整任务分工",
    "assignment.revert": "恢复系统建议分工",
    "plan.import": "导入规划",
    "catalogue.load": "加载部门目录",
    "catalogue.reset": "恢复系统部门目录",
    "catalogue.unit.edit": "修改部门目录单位",
    "catalogue.unit.add": "新增部门目录单位",
    "catalogue.unit.remove": "删除部门目录单位",
    "catalogue.restore": "恢复部门目录历史版本",
    "indicator.add": "新增指标",
    "indicator.import": "导入主要指标表",
    "indicator.from_quantities": "由抽取的数量生成指标",
    "indicator.update": "修改指标",
    "indicator.remove": "删除指标",
    "observation.record": "录入指标数据",
    "observation.import": "导入指标数据",
    "indicator.sample": "加载示例数据",
    "indicator.sample_remove": "删除示例数据",
    "progress.submit": "填报任务进展",
    "progress.approve": "审核通过任务进展",
    "progress.return": "退回任务进展",
    "plan.lineage": "设置上级规划",
    "assignment.reattach": "重新关联分工调整",
    "progress.reattach": "重新关联进展报告",
    "assignment.request": "提交分工调整申请",
    "assignment.request.approve": "批准分工调整申请",
    "assignment.request.reject": "驳回分工调整申请",
    "division.upload": "上传分工方案反馈",
    "division.apply": "应用分工方案反馈",
    "evidence.attach": "附加落实佐证来源",
    "evidence.confirm": "确认落实佐证",
    "evidence.dismiss": "排除落实佐证",
    "evidence.reset": "撤回落实佐证处理",
}

FIELD_NAMES = {
    "lead": "牵头单位",
    "cooperating": "配合单位",
    "due": "完成时限",
    "source": "来源",
    "note": "说明",
    "username": "用户名",
    "display_name": "显示名",
    "role": "角色",
    "department": "所属单位",
    "active": "启用",
    "password": "密码",
    "plan": "规划",
    "version": "版本",
    "format": "格式",
    "sha256": "SHA-256",
    "nodes": "大纲节点数",
    "sentences": "句子数",
    "catalogue": "部门目录",
    "mode": "加载方式",
    "units": "单位数",
    "loaded_by": "加载人",
    "loaded_at": "加载时间",
    "short": "简称",
    "kind": "类别",
    "duties": "职责关键词",
    "aliases": "别名",
    "lead_domains": "牵头领域",
    "added": "新增单位数",
    "removed": "删除单位数",
    "changed": "修改单位数",
    "from": "恢复自版本",
    "reason": "理由",
    "requested_by": "申请人",
    "status": "状态",
    "comment": "审核意见",
    "file": "文件",
    "tasks": "任务",
    # progress reports (填报) and evidence
    "id": "编号",
    "plan_id": "规划编号",
    "task_key": "任务编号",
    "task_text": "任务",
    "period": "报送期",
    "state": "任务状态",
    "percent": "完成百分比",
    "narrative": "进展说明",
    "evidence": "佐证材料",
    "evidence_files": "佐证材料文件编号",
    "submitted_by": "填报人",
    "submitted_at": "填报时间",
    "reviewed_by": "审核人",
    "reviewed_at": "审核时间",
    "review_comment": "审核意见",
    "closes_task": "申请销号",
    "sample": "示例数据",
    # indicators and their values
    "name": "名称",
    "unit": "单位",
    "category": "类别",
    "attribute": "属性",
    "direction": "方向",
    "baseline_value": "基期值",
    "baseline_year": "基期年份",
    "target_value": "目标值",
    "target_value_max": "目标值上限",
    "target_kind": "目标类型",
    "target_year": "目标年份",
    "tolerance": "容差",
    "cumulative": "累计",
    "data_source": "数据来源",
    "source_quantity": "来源数量",
    "indicator_id": "指标编号",
    "value": "数值",
    "upper": "上级规划",
    "level": "层级",
}
# Values that are codes in the database, in a reader's words (per field, then for any field).
VALUE_NAMES: dict[str, dict[str, str]] = {
    "status": {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "approved": "已通过"},
    "source": {"proposed": "系统建议", "override": "人工调整", "manual": "人工调整", "import": "导入"},
    "role": {role: name for role, name in ROLE_NAMES.items()},
    "direction": {"increase": "越大越好", "decrease": "越小越好"},
    "target_kind": {
        "at_least": "不低于",
        "at_most": "不高于",
        "about": "左右",
        "range": "区间",
        "exact": "等于",
    },
}

CSV_HEADER = ("编号", "时间（北京时间）", "用户", "操作", "操作说明", "对象", "修改前", "修改后")


def _jsonable(value: Any) -> Any:
    """Plain JSON values from model objects, so any caller can hand in what it has."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _jsonable(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


def _state(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    plain = _jsonable(value)
    return plain if isinstance(plain, dict) else {"value": plain}


def who(user_or_username: User | str | None) -> str:
    if isinstance(user_or_username, User):
        return user_or_username.username
    return (user_or_username or "").strip() or SYSTEM


def record(
    session: Session,
    user_or_username: User | str | None,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one entry. ``before``/``after`` may be dicts, dataclasses or None (nothing there)."""
    return AuditRepository(session).add(who(user_or_username), action, target, _state(before), _state(after))


def entries(
    session: Session, f: AuditFilter | None = None, *, limit: int | None = 100, offset: int = 0
) -> list[AuditEntry]:
    return AuditRepository(session).query(f or AuditFilter(), limit=limit, offset=offset)


def count(session: Session, f: AuditFilter | None = None) -> int:
    return AuditRepository(session).count(f or AuditFilter())


def actions(session: Session) -> list[str]:
    return AuditRepository(session).actions()


def local_time(at: datetime, tz: str = clock.DEFAULT_TIMEZONE) -> str:
    """The audit log's time: to the second, in the display zone (the column says which)."""
    return clock.local_text(at, tz, seconds=True, label=False)


def _day(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{name}“{value}”无效。", hint="请按 YYYY-MM-DD 填写，例如 2026-05-12。") from exc


def make_filter(
    *,
    username: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> AuditFilter:
    """A filter from form values: dates are whole days in Beijing time, ``until`` included."""
    first, last = _day(since, "起始日期"), _day(until, "截止日期")
    return AuditFilter(
        username=(username or "").strip() or None,
        action=(action or "").strip() or None,
        target=(target or "").strip() or None,
        since=datetime.combine(first, datetime.min.time(), BEIJING) if first else None,
        until=datetime.combine(last + timedelta(days=1), datetime.min.time(), BEIJING) if last else None,
    )


def filter_dict(f: AuditFilter) -> dict[str, str]:
    """The filter as form values again (for the page's form and its CSV link)."""
    out = {"username": f.username or "", "action": f.action or "", "target": f.target or ""}
    out["since"] = f.since.astimezone(BEIJING).date().isoformat() if f.since else ""
    out["until"] = (f.until.astimezone(BEIJING) - timedelta(days=1)).date().isoformat() if f.until else ""
    return out


def log_page(session: Session, f: AuditFilter, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """The audit log page and its JSON twin: one page of entries, newest first, and the filter."""
    return {
        "entries": [entry_dict(e) for e in entries(session, f, limit=limit, offset=offset)],
        "total": count(session, f),
        "limit": limit,
        "offset": offset,
        "filters": filter_dict(f),
        "actions": [{"action": a, "name": ACTION_NAMES.get(a, a)} for a in actions(session)],
    }


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _value(field: str, value: Any) -> str:
    """A stored value as the audit page shows it: codes in words (submitted → 已提交), times local."""
    if isinstance(value, str):
        named = VALUE_NAMES.get(field, {}).get(value)
        if named is not None:
            return named
        if field.endswith("_at"):
            return clock.local_text(value, seconds=True)
    return _shown(value)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Field by field, in a reader's words: what each field was and became, and whether it changed
    (状态：已提交 → 已退回, not status: submitted → returned)."""
    b, a = before or {}, after or {}
    keys = list(b) + [k for k in a if k not in b]
    return [
        {
            "field": k,
            "name": FIELD_NAMES.get(k, k),
            "before": _value(k, b[k]) if k in b else "",
            "after": _value(k, a[k]) if k in a else "",
            "changed": b.get(k) != a.get(k) or (k in b) != (k in a),
        }
        for k in keys
    ]


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "at_local": local_time(e.at),
        "at_text": clock.local_text(e.at, seconds=True),
        "username": e.username,
        "action": e.action,
        "action_name": ACTION_NAMES.get(e.action, e.action),
        "target": e.target,
        "before": e.before,
        "after": e.after,
        "changes": changes(e.before, e.after),
    }


def to_csv(rows: Iterable[AuditEntry]) -> str:
    """CSV with a BOM, so Excel opens the Chinese text as UTF-8."""
    # Imported here: the export package loads openpyxl and python-docx, which every command that
    # records an audit entry (``planwatch plans`` among them) would otherwise pay for at start-up.
    from planwatch.export.csv_cells import safe_row

    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for e in rows:
        writer.writerow(
            safe_row(
                [
                    e.id,
                    local_time(e.at),
                    e.username,
                    e.action,
                    ACTION_NAMES.get(e.action, e.action),
                    e.target,
                    "" if e.before is None else json.dumps(e.before, ensure_ascii=False),
                    "" if e.after is None else json.dumps(e.after, ensure_ascii=False),
                ]
            )
        )
    return buf.getvalue()
