"""The department catalogue: the units a plan assigns work to, read from a YAML file a person edits.

The shipped catalogue (``planwatch/data/departments/dalian.yaml``) describes the municipal bodies of
大连市; its header documents the format. A user's own file either replaces it or is laid over it
(an entry with a known ``name`` replaces that unit in place, a new name is appended).

A catalogue is checked whole before anything uses it: one bad entry refuses the file, with an
:class:`~planwatch.model.InputError` naming the file and line, because a half-read catalogue would
silently assign tasks to the wrong units. Lines come from the composed YAML node tree, so they point
at the offending entry or field, not at the end of the document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from planwatch.extract.roles import inherit, role_ids
from planwatch.model import Department, InputError, yaml_read
from planwatch.outline import fold

KINDS = ("party", "government", "district", "park", "other")
SHIPPED = ("data", "departments", "dalian.yaml")
SHIPPED_NAME = "planwatch/data/departments/dalian.yaml"
ROLES_NAME = "planwatch/data/departments/roles.yaml"

_REQUIRED = ("name", "short", "kind", "duties")
_OPTIONAL = ("aliases", "lead_domains", "role")
_ENTRY_KEYS = _REQUIRED + _OPTIONAL
_TOP_KEYS = ("city", "neutral", "departments")
_FIELD_NAMES = {
    "name": "全称",
    "short": "简称",
    "kind": "类别",
    "duties": "职责关键词",
    "aliases": "别名",
    "lead_domains": "常牵头领域",
    "role": "职能角色",
}
_HINT = f"请改正该处后重试；文件格式见 {SHIPPED_NAME} 开头的说明。"
_MIN_KEYWORD = 2


@dataclass(frozen=True)
class Catalogue:
    """The units of one catalogue, in file order, with lookups by name, short name and alias.

    ``origins`` maps each unit's name to the (file, line) it was read from, so a person asking
    "why this unit" can find the entry. ``memo`` holds things derived from the catalogue once
    (the assignment matcher); it takes no part in equality.
    """

    departments: tuple[Department, ...]
    city: str | None = None
    neutral: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)
    origins: Mapping[str, tuple[str, int]] = field(default_factory=dict, compare=False, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.departments)

    def __iter__(self) -> Iterator[Department]:
        return iter(self.departments)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.find(term) is not None

    @property
    def _by_name(self) -> dict[str, Department]:
        index = self.memo.get("by_name")
        if index is None:
            index = {d.name: d for d in self.departments}
            self.memo["by_name"] = index
        return index

    @property
    def _by_term(self) -> dict[str, Department]:
        index = self.memo.get("by_term")
        if index is None:
            index = {}
            for d in self.departments:
                for term in (d.name, d.short, *d.aliases):
                    index.setdefault(term, d)
            self.memo["by_term"] = index
        return index

    def get(self, name: str) -> Department | None:
        """The unit whose full name is ``name``."""
        return self._by_name.get(name)

    def find(self, term: str) -> Department | None:
        """The unit called ``term`` by its name, short name or an alias (full-width folded)."""
        return self._by_term.get(fold(term.strip()))

    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.departments)

    def of_kind(self, kind: str) -> tuple[Department, ...]:
        return tuple(d for d in self.departments if d.kind == kind)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Entry:
    department: Department
    line: int  # 1-based line of the entry's first key
    term_lines: Mapping[str, int]  # short name / alias -> line it is written on


class _Reader(yaml_read.NodeReader):
    """The shared node reader; names and terms are folded as they are read."""

    def __init__(self, source: str) -> None:
        super().__init__(source, _HINT)

    def string(self, node: yaml.Node, what: str) -> str:
        return fold(super().string(node, what))

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, int]]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what}应为列表，如 [甲, 乙]。")
        return [(self.string(item, what), self.line(item)) for item in node.value]


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Read a catalogue from YAML ``text``; ``source`` names it in error messages (a file name)."""
    city, neutral, entries = _parse(text, source)
    _check_unique(entries, source)
    return _build(entries, city=city, neutral=neutral, sources=(source,), source=source)


def _parse(text: str, source: str) -> tuple[str | None, list[str], list[_Entry]]:
    r = _Reader(source)
    root = r.compose(text)
    if root is None:
        raise r.fail(1, "部门目录为空。", "至少需要 departments: 列表；格式见 " + SHIPPED_NAME + "。")
    top = r.mapping(root, _TOP_KEYS, "部门目录")
    if "departments" not in top:
        raise r.fail(root, "部门目录缺少 departments: 列表。")
    city = r.string(top["city"], "city") if "city" in top else None
    neutral = [t for t, _ in r.strings(top["neutral"], "neutral")] if "neutral" in top else []
    items = top["departments"]
    if not isinstance(items, yaml.SequenceNode):
        raise r.fail(items, "departments 应为列表，每个单位以“- name: …”开头。")
    return city, neutral, [_entry(r, item) for item in items.value]


def _entry(r: _Reader, node: yaml.Node) -> _Entry:
    fields = r.mapping(node, _ENTRY_KEYS, "单位条目")
    line = r.line(node)
    label = ""
    if "name" in fields:
        label = f"“{r.string(fields['name'], '全称(name)')}”"
    for key in _REQUIRED:
        if key not in fields:
            raise r.fail(
                line,
                f"单位条目{label}缺少必填字段“{key}”（{_FIELD_NAMES[key]}）。",
                f"请为该条目补上“{key}:”后重试；必填字段为 {'、'.join(_REQUIRED)}。",
            )
    name = r.string(fields["name"], "全称(name)")
    short = r.string(fields["short"], "简称(short)")
    kind = r.string(fields["kind"], "类别(kind)")
    if kind not in KINDS:
        raise r.fail(fields["kind"], f"类别(kind)“{kind}”无效，应为 {'、'.join(KINDS)} 之一。")
    duties = r.strings(fields["duties"], "职责关键词(duties)")
    for duty, duty_line in duties:
        if len(duty) < _MIN_KEYWORD:
            raise r.fail(
                duty_line,
                f"{label}的职责关键词“{duty}”太短：单字会在几乎每条任务中出现。",
            )
    aliases = r.strings(fields["aliases"], "别名(aliases)") if "aliases" in fields else []
    domains = (
        r.strings(fields["lead_domains"], "常牵头领域(lead_domains)") if "lead_domains" in fields else []
    )
    role = r.string(fields["role"], "职能角色(role)") if "role" in fields else None
    if role is not None and role not in role_ids():
        raise r.fail(
            r.line(fields["role"]),
            f"{label}的职能角色(role)“{role}”未定义。",
            f"可用的职能角色见 {ROLES_NAME}（如 发展改革、科技、自然资源）；删去该字段或改正后重试。",
        )
    term_lines = {short: r.line(fields["short"])}
    for alias, alias_line in aliases:
        term_lines.setdefault(alias, alias_line)
    department = Department(
        name=name,
        short=short,
        kind=kind,
        aliases=tuple(dict.fromkeys(a for a, _ in aliases if a not in (name, short))),
        duties=tuple(dict.fromkeys(d for d, _ in duties)),
        lead_domains=tuple(dict.fromkeys(d for d, _ in domains)),
        role=role,
    )
    return _Entry(department, line, term_lines)


def _check_unique(entries: Sequence[_Entry], source: str) -> None:
    """Refuse a repeated name and any name/short/alias that two units share: a text naming it could
    not be told apart."""
    r = _Reader(source)
    names: dict[str, int] = {}
    for e in entries:
        name = e.department.name
        if name in names:
            raise r.fail(
                e.line,
                f"单位全称“{name}”重复（第{names[name]}行已有同名单位）。",
                "同一目录中每个单位的全称须唯一；删去或改名其中一条后重试。",
            )
        names[name] = e.line
    owner: dict[str, tuple[str, int]] = {}
    for e in entries:
        d = e.department
        for term in dict.fromkeys((d.name, d.short, *d.aliases)):
            line = e.term_lines.get(term, e.line)
            other = owner.get(term)
            if other is not None and other[0] != d.name:
                raise r.fail(
                    line,
                    f"“{term}”已是单位“{other[0]}”（第{other[1]}行）的名称、简称或别名，不能再用于“{d.name}”。",
                    "简称和别名须只指一个单位；请删去或改写其中一处后重试。",
                )
            owner.setdefault(term, (d.name, line))


def _build(
    entries: Sequence[_Entry],
    *,
    city: str | None,
    neutral: Sequence[str],
    sources: tuple[str, ...],
    source: str | None = None,
    origins: Mapping[str, tuple[str, int]] | None = None,
) -> Catalogue:
    where = dict(origins or {})
    for e in entries:
        where[e.department.name] = (source or "", e.line)
    return Catalogue(
        departments=inherit([e.department for e in entries]),
        city=city,
        neutral=tuple(dict.fromkeys(neutral)),
        sources=sources,
        origins=where,
    )


# ---------------------------------------------------------------- loading and merging


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取部门目录文件：{exc.strerror or exc}",
            where=str(path),
            hint="检查文件路径和读取权限后重试。",
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "文件不是 UTF-8 编码。", where=f"{path}，第{line}行", hint="请另存为 UTF-8 编码后重试。"
        ) from exc


@lru_cache(maxsize=1)
def shipped_catalogue() -> Catalogue:
    """The catalogue shipped with the package (read and checked once per process)."""
    text = resources.files("planwatch").joinpath(*SHIPPED).read_text(encoding="utf-8")
    return parse_catalogue(text, SHIPPED_NAME)


def load_catalogue(
    path: Path | None = None, *, extend: Path | None = None, replace: bool = False
) -> Catalogue:
    """The catalogue to assign with.

    ``path`` is a user's own catalogue: laid over the shipped one, or used alone when ``replace``
    is true. ``extend`` is one more file laid over the result (e.g. a district's own units on top
    of a city's file). Laying B over A: a unit of B whose name A has replaces A's unit where it
    stood; other units of B are appended; ``neutral`` phrases are pooled. Without arguments this
    is the shipped catalogue, read once.
    """
    if path is None and extend is None:
        return shipped_catalogue()
    return _assembled(_file_key(path), _file_key(extend), replace)


def combine(extra: Catalogue, *, replace: bool) -> Catalogue:
    """A user's catalogue (already parsed) used alone, or laid over the shipped one."""
    if replace:
        return extra
    return _overlay(shipped_catalogue(), extra, extra.sources[-1] if extra.sources else "用户目录")


_FileKey = tuple[str, int, int]  # path, modification time (ns), size


def _file_key(path: Path | None) -> _FileKey | None:
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        _read(path)  # says in Chinese why the file cannot be read
        raise
    return (str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _assembled(path: _FileKey | None, extend: _FileKey | None, replace: bool) -> Catalogue:
    """Built once while the files stay unchanged (the keys hold their times and sizes), so a batch
    analysing many documents with one user catalogue compiles its matcher once."""
    base = shipped_catalogue()
    if path is not None:
        own = parse_catalogue(_read(Path(path[0])), path[0])
        base = own if replace else _overlay(base, own, path[0])
    if extend is not None:
        base = _overlay(base, parse_catalogue(_read(Path(extend[0])), extend[0]), extend[0])
    return base


def _overlay(base: Catalogue, extra: Catalogue, source: str) -> Catalogue:
    merged: dict[str, Department] = {d.name: d for d in base.departments}
    for d in extra.departments:
        merged[d.name] = d
    origins = {**base.origins, **extra.origins}
    _check_merged(tuple(merged.values()), origins, source)
    return Catalogue(
        departments=tuple(merged.values()),
        city=extra.city or base.city,
        neutral=tuple(dict.fromkeys((*base.neutral, *extra.neutral))),
        sources=base.sources + extra.sources,
        origins=origins,
    )


def _check_merged(
    departments: Sequence[Department], origins: Mapping[str, tuple[str, int]], source: str
) -> None:
    """After laying one file over another, a short name or alias may now name two units; the error
    points at the entry of the file being laid over, which is the one the user can change."""
    owner: dict[str, str] = {}
    for d in departments:
        for term in dict.fromkeys((d.name, d.short, *d.aliases)):
            other = owner.get(term)
            if other is None:
                owner[term] = d.name
                continue
            if other == d.name:
                continue
            blamed = d.name if origins.get(d.name, ("", 0))[0] == source else other
            kept = other if blamed == d.name else d.name
            kept_file, kept_line = origins.get(kept, (SHIPPED_NAME, 0))
            raise InputError(
                f"“{term}”同时指单位“{kept}”（{kept_file}，第{kept_line}行）和“{blamed}”，合并后无法区分。",
                where=f"{source}，第{origins.get(blamed, (source, 1))[1]}行",
                hint="改写该条目的简称或别名，或用同一全称覆盖原单位后重试。",
            )


# ---------------------------------------------------------------- writing


def dump_catalogue(catalogue: Catalogue) -> str:
    """The catalogue as YAML in the format :func:`parse_catalogue` reads (a round trip gives an
    equal catalogue); what ``planwatch departments edit`` opens in an editor."""
    lines = [
        "# PlanWatch 部门目录（格式说明见 " + SHIPPED_NAME + " 开头）。",
        "# 每个单位：name 全称（唯一）、short 简称、kind 类别（party/government/district/park/other）、",
        "# duties 职责关键词（每个至少两字）、aliases 别名、lead_domains 常牵头的任务领域、",
        "# role 职能角色（可选，见 " + ROLES_NAME + "；职责关键词为空时沿用该角色的职责）。",
        "# neutral：含职责关键词却另有所指的短语（如“健康发展”不是卫生健康）。",
    ]
    if catalogue.city:
        lines.append(f"city: {_scalar(catalogue.city)}")
    if catalogue.neutral:
        lines.append(f"neutral: {_flow(catalogue.neutral)}")
    lines.append("departments:" if catalogue.departments else "departments: []")
    for d in catalogue.departments:
        lines += [
            f"  - name: {_scalar(d.name)}",
            f"    short: {_scalar(d.short)}",
            f"    kind: {_scalar(d.kind)}",
            *([f"    role: {_scalar(d.role)}"] if d.role else []),
            f"    aliases: {_flow(d.aliases)}",
            f"    lead_domains: {_flow(d.lead_domains)}",
            f"    duties: {_flow(d.duties)}",
        ]
    return "\n".join(lines) + "\n"


_PLAIN_UNSAFE = re.compile(r"[,\[\]{}#:&*!|>'\"%@`\\]|^[-?\s]|\s$")
# the resolver decides what a plain scalar reads as (int, bool, null …); its stubs leave it untyped
_RESOLVE = cast(Callable[[type[yaml.Node], str, tuple[bool, bool]], str], yaml.resolver.Resolver().resolve)


def _scalar(value: str) -> str:
    """Plain when YAML reads it back as the same string (not 2024, true, null…), else a JSON string,
    which YAML reads as a double-quoted scalar."""
    if (
        value
        and not _PLAIN_UNSAFE.search(value)
        and _RESOLVE(yaml.ScalarNode, value, (True, False)) == yaml_read.STR_TAG
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str], indent: int = 6, width: int = 110) -> str:
    """``[a, b, c]``, wrapped onto indented lines (still one YAML flow list) so that a person
    editing forty duties sees them without scrolling sideways. Width counts a CJK character as two
    columns, as an editor shows it."""
    lines: list[str] = []
    line = "["
    for i, v in enumerate(values):
        item = _scalar(v) + ("," if i < len(values) - 1 else "")
        if line.strip() not in ("", "[") and _columns(line) + 1 + _columns(item) > width:
            lines.append(line)
            line = " " * indent + item
        else:
            line += ("" if line.endswith("[") or not line.strip() else " ") + item
    lines.append(line + "]")
    return "\n".join(lines)


def _columns(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
