"""Links the pages and their JSON twins give with the data of the services, which return ids only:
an extracted item's place in the text (``href``) and its details (``detail``), a place's article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planwatch.web.urls import url


def node_href(plan_id: int, node: str, fragment: str = "") -> str:
    """The article reader at ``node`` (at the anchor ``fragment``)."""
    return url("node", plan=plan_id, node=node, fragment=fragment)


def item(plan_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """An item of ``services/views/common.item_info`` with its two links after its ``cite``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "cite":
            out["href"] = node_href(plan_id, data["node"], data["ref"])
            out["detail"] = url("item", plan=plan_id, kind=data["kind"], index=data["index"])
    return out


def items(plan_id: int, data: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item(plan_id, d) for d in data]


def place(plan_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A place (node and cite) with the link to its article."""
    return {**data, "href": node_href(plan_id, data["node"])}
