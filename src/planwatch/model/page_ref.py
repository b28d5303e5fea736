"""A page named by its route, not written as a path: what a service hands out when it points a person
somewhere (a notification's task page, an evidence file to download, a search hit's sentence).

The web resolves a ``PageRef`` with ``web.urls.url`` (the route's own template); the command line and
the e-mail digest, which cannot import the web, print ``path()``, formatted from ``PAGES`` below. A
test compares every template of ``PAGES`` with its route's, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from urllib.parse import quote

# The few pages a service may name, by route name (``web.urls.names()``), with the route's template.
PAGES: dict[str, str] = {
    "node": "/plans/{plan}/text/{node}",
    "task": "/plans/{plan}/tasks/{task}",
    "monitoring_warnings": "/plans/{plan}/monitoring/warnings",
    "reviews": "/plans/{plan}/reviews",
    "evidence_file": "/plans/{plan}/evidence/{file_id}",
}
_FIELDS = {name: {f for _, f, _, _ in Formatter().parse(t) if f} for name, t in PAGES.items()}


@dataclass(frozen=True, slots=True)
class PageRef:
    name: str  # a route name of PAGES
    params: tuple[tuple[str, str | int], ...]  # the route's path parameters
    fragment: str = ""

    def __post_init__(self) -> None:
        # A wrong name or parameter fails where the reference is made, not when someone follows it.
        wanted = _FIELDS.get(self.name)
        if wanted is None:
            raise KeyError(f"no page {self.name!r} a service may name; known: {sorted(PAGES)}")
        given = {k for k, _ in self.params}
        if given != wanted or len(self.params) != len(given):
            raise KeyError(
                f"page {self.name!r} ({PAGES[self.name]}) takes {sorted(wanted)}, given {sorted(given)}"
            )

    @classmethod
    def to(cls, name: str, fragment: str = "", **params: str | int) -> PageRef:
        """``PageRef.to("task", plan=3, task="p3.a7.t1")``: the reference as ``url`` is called."""
        return cls(name, tuple(params.items()), fragment)

    def kwargs(self) -> dict[str, str | int]:
        return dict(self.params)

    def path(self) -> str:
        """The page's path (and ``#fragment``), quoted as ``web.urls.url`` quotes it."""
        path = PAGES[self.name].format(**{k: quote(str(v), safe="") for k, v in self.params})
        return f"{path}#{self.fragment}" if self.fragment else path


__all__ = ["PAGES", "PageRef"]
