"""Compare plans and versions: resolve what the user named (a stored plan, ``plan@version``, or a
file), analyse or load it, and run the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED, compare
from planwatch.compare.units import units_of
from planwatch.compare.versions import diff_versions
from planwatch.model import Analysis, ErrorCode, InputError, NotFoundError
from planwatch.model.comparison import Comparison, PlanRef, VersionDiff
from planwatch.services.plans.analyze import analyze_path
from planwatch.services.plans.carryover import stale_page
from planwatch.services.plans.records import list_plans, load_plan
from planwatch.settings import Settings


@dataclass(frozen=True, slots=True)
class Side:
    analysis: Analysis
    ref: PlanRef


def is_file(ref: str) -> bool:
    return Path(ref).is_file()


def _split_version(ref: str) -> tuple[str, int | None]:
    name, sep, number = ref.rpartition("@")
    if sep and name and number.isdigit():
        return name, int(number)
    return ref, None


def resolve(session: Session | None, ref: str, settings: Settings, *, allow_files: bool = True) -> Side:
    """``ref`` is a file path, or a stored plan's id or name, optionally ``@N`` for its version N.
    The web passes ``allow_files=False``: a visitor must never name a file on the server."""
    if allow_files and is_file(ref):
        analysis = analyze_path(ref, settings)
        title = analysis.document.title or Path(ref).name
        return Side(analysis, PlanRef(title=title, path=str(ref), units=len(units_of(analysis))))
    if session is None:
        raise NotFoundError(
            f"找不到文件“{ref}”。",
            hint="请给出已有文件的路径，或已导入规划的编号/名称（可加 @版本号，如 大连建议@1）。",
        )
    name, number = _split_version(ref)
    try:
        view = load_plan(session, name, number)
    except NotFoundError as exc:
        raise NotFoundError(
            f"“{ref}”既不是已有的文件，也不是已导入的规划（{exc.message}）",
            hint="请给出文件路径，或已导入规划的编号/名称（可加 @版本号，如 大连建议@1）。",
            code=ErrorCode.PLAN_REF_NOT_FOUND,
        ) from exc
    return Side(
        view.analysis,
        PlanRef(
            title=view.plan.title or view.plan.name,
            name=view.plan.name,
            id=view.plan.id,
            version=view.version.number,
            units=len(units_of(view.analysis)),
        ),
    )


def compare_refs(
    session: Session | None,
    ref_a: str,
    ref_b: str,
    settings: Settings,
    *,
    threshold: float = COVERED,
    allow_files: bool = True,
) -> Comparison:
    if not 0 < threshold < 1:
        raise InputError(f"覆盖阈值 {threshold} 无效。", hint="阈值取 0 到 1 之间的小数，默认 0.16。")
    a = resolve(session, ref_a, settings, allow_files=allow_files)
    b = resolve(session, ref_b, settings, allow_files=allow_files)
    return compare(a.analysis, b.analysis, a.ref, b.ref, threshold=threshold)


def diff_refs(
    session: Session | None, old: str, new: str | None, settings: Settings, *, allow_files: bool = True
) -> VersionDiff:
    """The diff from ``old`` to ``new``; with ``new`` omitted, ``old`` names a stored plan and the
    diff is from its second-latest version to its latest."""
    if new is None:
        if session is None or (allow_files and is_file(old)):
            raise InputError(
                "只给了一个文件，无从比较。", hint="请给出两个文件，或一个已导入且至少有两个版本的规划。"
            )
        name, _ = _split_version(old)
        latest = load_plan(session, name)
        if latest.version.number < 2:
            raise InputError(
                f"规划“{latest.plan.name}”只有一个版本，无从比较。",
                hint="用同一名称导入修改后的文件会生成第 2 版。",
                code=ErrorCode.PLAN_SINGLE_VERSION,
                params={"plan": latest.plan.name},
            )
        old, new = f"{name}@{latest.version.number - 1}", f"{name}@{latest.version.number}"
    a = resolve(session, old, settings, allow_files=allow_files)
    b = resolve(session, new, settings, allow_files=allow_files)
    return diff_versions(a.analysis, b.analysis, a.ref, b.ref)


# -- page data (the HTML pages and their JSON twins) --------------------------------------------------


def _plans(session: Session) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "name": p.name, "title": p.title, "versions": [v.number for v in p.versions]}
        for p in list_plans(session)
    ]


def compare_page(
    session: Session, a: str | None, b: str | None, settings: Settings, threshold: float = COVERED
) -> dict[str, Any]:
    """The comparison of stored plans ``a`` and ``b`` (ids or names, ``@N`` for a version); with
    either missing, only the list of plans to choose from."""
    result = None
    if a and b:
        result = compare_refs(session, a, b, settings, threshold=threshold, allow_files=False).to_dict()
    return {"plans": _plans(session), "a": a, "b": b, "threshold": threshold, "result": result}


def diff_page(session: Session, plan: str, old: int | None, new: int | None) -> dict[str, Any]:
    """Version ``old`` → ``new`` of a stored plan (default: the last two versions)."""
    latest = load_plan(session, plan)
    info = latest.plan
    numbers = [v.number for v in info.versions]
    new = new or numbers[-1]
    old = old or (new - 1 if new > 1 else None)
    base = {"plan": {"id": info.id, "name": info.name, "title": info.title}, "versions": numbers}
    if old is None or len(numbers) < 2:
        return {
            **base,
            "from": None,
            "to": new,
            "result": None,
            "stale": [],
            "message": "该规划只有一个版本。用同一名称导入修改后的文件即生成新版本，之后可在此对照。",
        }
    if old == new:
        raise InputError("新旧版本相同，无从比较。", hint="请选择两个不同的版本。")
    result = diff_refs(session, f"{info.id}@{old}", f"{info.id}@{new}", Settings(), allow_files=False)
    # What people recorded against rewritten or dropped tasks: listed against the latest version only,
    # the one a re-attachment applies to.
    stale = stale_page(session, str(info.id))["items"] if new == numbers[-1] else []
    return {**base, "from": old, "to": new, "result": result.to_dict(), "message": None, "stale": stale}
