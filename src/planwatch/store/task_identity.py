"""Which task of a version something recorded against a task (an assignment decision, a progress
report) belongs to.

Task keys are outline positions (``p2.a5.t2``) and shift when a revision inserts or removes a task,
so what people record remembers the task's key *and* its text:

* same key, same text: that task;
* otherwise a single task of the version with exactly that text: the task moved, it is that one;
* otherwise none: the record is *stale* until a planner re-attaches it. Several tasks with the text
  (加强组织领导 in every part) count as none, since guessing could put it on the wrong one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from planwatch.model import Task


class TaskIndex:
    def __init__(self, tasks: Sequence[Task]) -> None:
        self.by_key = {t.id: t for t in tasks}
        self.by_text: dict[str, list[Task]] = defaultdict(list)
        for t in tasks:
            self.by_text[t.text].append(t)

    def match(self, key: str, text: str) -> Task | None:
        at_key = self.by_key.get(key)
        if at_key is not None and at_key.text == text:
            return at_key
        same_text = self.by_text.get(text, [])
        return same_text[0] if len(same_text) == 1 else None

    def same_text(self, text: str) -> tuple[str, ...]:
        return tuple(t.id for t in self.by_text.get(text, ()))
