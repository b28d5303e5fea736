"""Compare plans and versions: resolve what the user named (a stored plan, ``plan@version``, or a
file), analyse or load it, and run the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.compare.align import COVERED, compare
from planwatch.compare.units import units_of
from planwatch.compare.versions import diff_versions
from planwatch.model import Analysis, InputError, NotFoundError
from planwatch.model.comparison import Comparison, PlanRef, VersionDiff
from planwatch.services.analyze import analyze_path
from planwatch.services.plans import load_plan
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


def resolve(session: Session | None, ref: str, settings: Settings) -> Side:
    """``ref`` is a file path, or a stored plan's id or name, optionally ``@N`` for its version N."""
    if is_file(ref):
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
            hint="请给出文件路径，或已导入规划的编号/名称（可加 @版本号，如 大连建议@1）；"
            "planwatch plans 列出已导入的规划。",
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
    session: Session | None, ref_a: str, ref_b: str, settings: Settings, *, threshold: float = COVERED
) -> Comparison:
    if not 0 < threshold < 1:
        raise InputError(f"覆盖阈值 {threshold} 无效。", hint="阈值取 0 到 1 之间的小数，默认 0.16。")
    a, b = resolve(session, ref_a, settings), resolve(session, ref_b, settings)
    return compare(a.analysis, b.analysis, a.ref, b.ref, threshold=threshold)


def diff_refs(session: Session | None, old: str, new: str | None, settings: Settings) -> VersionDiff:
    """The diff from ``old`` to ``new``; with ``new`` omitted, ``old`` names a stored plan and the
    diff is from its second-latest version to its latest."""
    if new is None:
        if session is None or is_file(old):
            raise InputError(
                "只给了一个文件，无从比较。", hint="请给出两个文件，或一个已导入且至少有两个版本的规划。"
            )
        name, _ = _split_version(old)
        latest = load_plan(session, name)
        if latest.version.number < 2:
            raise InputError(
                f"规划“{latest.plan.name}”只有一个版本，无从比较。",
                hint="用同一名称导入修改后的文件会生成第 2 版：planwatch import 文件 --name 规划名称。",
            )
        old, new = f"{name}@{latest.version.number - 1}", f"{name}@{latest.version.number}"
    a, b = resolve(session, old, settings), resolve(session, new, settings)
    return diff_versions(a.analysis, b.analysis, a.ref, b.ref)
