"""The extraction pipeline: declared components, checked order, isolated failures.

After spaCy: each component declares what it ``requires`` and ``provides``; ``Pipeline`` checks up
front that every requirement is provided by an earlier component (or by the outline stage), runs
them in order, and turns one component's exception into a warning so the others still run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from planwatch.model import Document, Node, Sentence

# what the outline stage hands every pipeline
BASE_PROVIDES = ("document", "outline", "sentences")


@dataclass
class Context:
    """What components read and write. ``folded`` is the same-length folded view of the text
    (full-width → half-width); offsets into it are offsets into ``document.text``."""

    document: Document
    folded: str
    nodes: tuple[Node, ...]
    sentences: tuple[Sentence, ...]
    config: Mapping[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def node_of(self, offset: int) -> Node | None:
        """The deepest node whose span holds ``offset``."""
        best: Node | None = None
        for n in self.nodes:
            if n.start <= offset < n.end and (best is None or n.depth >= best.depth):
                best = n
        return best


class Component(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def requires(self) -> tuple[str, ...]: ...
    @property
    def provides(self) -> tuple[str, ...]: ...

    def __call__(self, ctx: Context) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class FunctionComponent:
    """A component made from a plain function returning ``{provided key: value}``."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    fn: Callable[[Context], Mapping[str, Any]]

    def __call__(self, ctx: Context) -> Mapping[str, Any]:
        return self.fn(ctx)


def component(
    name: str, *, requires: Sequence[str] = (), provides: Sequence[str]
) -> Callable[[Callable[[Context], Mapping[str, Any]]], FunctionComponent]:
    def wrap(fn: Callable[[Context], Mapping[str, Any]]) -> FunctionComponent:
        return FunctionComponent(name, tuple(requires), tuple(provides), fn)

    return wrap


class PipelineError(Exception):
    """A pipeline whose order cannot work (a requirement nobody earlier provides)."""


class Pipeline:
    def __init__(self, components: Sequence[Component]) -> None:
        available = set(BASE_PROVIDES)
        for c in components:
            missing = [r for r in c.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"component {c.name!r} requires {missing} which no earlier component provides"
                )
            available.update(c.provides)
        self.components = tuple(components)

    def run(self, ctx: Context, on_component: Callable[[str], None] | None = None) -> list[str]:
        """Run every component; returns warnings (Chinese) for components that failed or were skipped.
        ``on_component`` hears each component's name before it runs (progress of a background job)."""
        warnings: list[str] = []
        failed: set[str] = set()
        for c in self.components:
            if on_component is not None:
                on_component(c.name)
            if any(r in failed for r in c.requires):
                failed.update(c.provides)
                warnings.append(f"提取组件“{c.name}”因所依赖的结果缺失而跳过。")
                continue
            try:
                produced = c(ctx)
            except Exception as exc:
                failed.update(c.provides)
                warnings.append(f"提取组件“{c.name}”出错，其结果为空：{type(exc).__name__}: {exc}")
                continue
            for key in c.provides:
                ctx.results[key] = produced.get(key, ())
        return warnings
