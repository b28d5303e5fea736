"""收件箱: the signed-in user's notifications over every plan."""

from __future__ import annotations

from planwatch.web.schemas.common import Shape


class Notification(Shape):
    plan_id: int
    plan_name: str
    kind: str
    kind_name: str
    level: str | None
    level_name: str | None
    task: str
    title: str
    body: str
    link: str


class Inbox(Shape):
    count: int
    counts: dict[str, int]
    kind_names: dict[str, str]
    items: list[Notification]


class InboxCount(Shape):
    count: int
