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

from planwatch.export.csv_cells import safe_row
from planwatch.model import AuditEntry, InputError, User
from planwatch.store.users import AuditFilter, AuditRepository

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


def local_time(at: datetime) -> str:
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


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


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Field by field, in a reader's words: what each field was and became, and whether it changed."""
    b, a = before or {}, after or {}
    keys = list(b) + [k for k in a if k not in b]
    return [
        {
            "field": k,
            "name": FIELD_NAMES.get(k, k),
            "before": _shown(b[k]) if k in b else "",
            "after": _shown(a[k]) if k in a else "",
            "changed": b.get(k) != a.get(k) or (k in b) != (k in a),
        }
        for k in keys
    ]


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "at_local": local_time(e.at),
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
