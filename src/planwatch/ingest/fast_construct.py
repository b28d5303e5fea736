"""Constructors for frozen, slotted dataclasses that fill the slots directly.

A frozen dataclass's ``__init__`` routes every field through ``object.__setattr__``: a four-field
``Sentence`` costs about three times as much to build as its slots take to fill, and an analysis
builds thousands of sentences, blocks, nodes, entities, tasks and assignments. ``maker(cls)`` gives
a function with ``cls``'s signature that builds the same object through the slots' descriptors.
Classes it cannot build alike (no slots, a ``__post_init__``, keyword-only or non-init fields, a
default factory) get ``cls`` itself. It lives at the bottom layer so that ingest, outline and
extract all reach it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        return cls
    fields = dataclasses.fields(cls)
    if any(
        not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING or f.name.startswith("_")
        for f in fields
    ):
        return cls
    # the names inside the generated function start with _ so that no field can shadow them
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params: list[str] = []
    body: list[str] = []
    for k, f in enumerate(fields):
        namespace[f"_s{k}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_d{k}"] = f.default
            params.append(f"{f.name}=_d{k}")
        body.append(f"    _s{k}(_o, {f.name})")
    source = "\n".join([f"def make({', '.join(params)}):", "    _o = _new(_cls)", *body, "    return _o"])
    exec(source, namespace)  # as dataclasses itself builds __init__
    make: Callable[..., T] = namespace["make"]
    make.__qualname__ = f"maker({cls.__qualname__})"
    return make
