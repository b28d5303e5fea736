"""Roles: the kinds of work a government's units do (发展改革, 科技, 自然资源 …), written once for every
level in ``planwatch/data/departments/roles.yaml`` (its header documents the format).

A role holds the duty keywords and the domains it leads, which are the same for a ministry, a
provincial 厅 and a city or county 局, and per level the pattern of its unit's name. Catalogues point
at roles (``role:``); the catalogues of provinces, cities and counties are built from them
(:mod:`planwatch.extract.catalogue_levels`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from planwatch.model import Department, yaml_read

ROLES_FILE = ("data", "departments", "roles.yaml")
_NAME_LEVELS = ("provincial", "municipal", "county", "all")


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    kind: str
    names: Mapping[str, tuple[str, str]]  # level -> (full name pattern, short name pattern)
    duties: tuple[str, ...]
    within: str | None = None  # the role whose unit does this work where this one has none
    leads: tuple[str, ...] = ()  # domains this role leads when only the domain is known

    def pattern(self, level: str) -> tuple[str, str] | None:
        """The (name, short) pattern of this role's unit at ``level``; None when it has none there."""
        return self.names.get(level) or self.names.get("all")


@lru_cache(maxsize=1)
def _roles_file() -> Mapping[str, Any]:
    # read once for both roles() and neutral_phrases(): every analysis needs both
    text = resources.files("planwatch").joinpath(*ROLES_FILE).read_text(encoding="utf-8")
    data: Mapping[str, Any] = yaml_read.safe_load(text)
    return data


@lru_cache(maxsize=1)
def roles() -> Mapping[str, Role]:
    """The shipped roles by id, in file order (read and checked once per process)."""
    data = _roles_file()
    out: dict[str, Role] = {}
    for item in data["roles"]:
        out[item["role"]] = _role(item)
    for r in out.values():
        # a shipped-data error: caught by the tests, never by a user
        if r.within is not None and r.within not in out:
            raise ValueError(f"role {r.id!r} is within unknown role {r.within!r}")
    return out


def _role(item: Mapping[str, Any]) -> Role:
    names: dict[str, tuple[str, str]] = {}
    for level, pair in (item.get("names") or {}).items():
        if level not in _NAME_LEVELS or len(pair) != 2:
            raise ValueError(f"role {item['role']!r}: bad names entry {level!r}")
        names[level] = (str(pair[0]), str(pair[1]))
    return Role(
        id=str(item["role"]),
        kind=str(item["kind"]),
        names=names,
        duties=tuple(dict.fromkeys(str(d) for d in item.get("duties") or ())),
        within=item.get("within"),
        leads=tuple(str(d) for d in item.get("leads") or ()),
    )


def role_ids() -> tuple[str, ...]:
    return tuple(roles())


def sub_roles(role: str) -> tuple[str, ...]:
    """The roles whose work lies with ``role`` where they have no unit of their own, nearest first."""
    table = roles()
    out: list[str] = []
    frontier = [role]
    while frontier:
        parent = frontier.pop(0)
        for r in table.values():
            if r.within == parent and r.id not in out:
                out.append(r.id)
                frontier.append(r.id)
    return tuple(out)


@lru_cache(maxsize=1)
def neutral_phrases() -> tuple[str, ...]:
    """Phrases holding a duty keyword that mean something else (健康发展 is not health care)."""
    return tuple(str(p) for p in _roles_file().get("neutral") or ())


def inherit(departments: Sequence[Department]) -> tuple[Department, ...]:
    """The units with the duties and led domains of their role where their own list is empty.

    A role's unit also does the work of the roles ``within`` it that have no unit here (a city's
    自然资源局 does forestry; a province has a 林业和草原局 for it), and leaves to those that have
    one the words that are theirs. A unit that lists its own duties keeps them as written.
    """
    table = roles()
    present = {d.role for d in departments if d.role}
    out: list[Department] = []
    for d in departments:
        role = table.get(d.role) if d.role else None
        if role is None or d.duties:
            out.append(d)
            continue
        duties = list(role.duties)
        leads = list(d.lead_domains) or list(role.leads)
        taken: set[str] = set()
        for sub in sub_roles(role.id):
            s = table[sub]
            if sub in present:
                taken.update(s.duties)
            elif not _cut_off(s, role.id, present):
                duties += s.duties
                leads += [x for x in s.leads if x not in leads]
        kept = tuple(dict.fromkeys(k for k in duties if k not in taken))
        out.append(replace(d, duties=kept, lead_domains=tuple(dict.fromkeys(leads))))
    return tuple(out)


def _cut_off(role: Role, ancestor: str, present: set[str]) -> bool:
    """Whether a role between ``role`` and ``ancestor`` has a unit (and so takes ``role``'s work)."""
    parent = role.within
    table = roles()
    while parent is not None and parent != ancestor:
        if parent in present:
            return True
        parent = table[parent].within
    return False
