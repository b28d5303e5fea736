"""Errors a user can act on. Messages are Simplified Chinese: they are shown to people as they are."""

from __future__ import annotations


class PlanWatchError(Exception):
    """Base for every error PlanWatch raises on purpose.

    ``message`` says what is wrong, ``where`` which file/row/field, ``hint`` what to do about it.
    """

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        parts = []
        if self.where:
            parts.append(f"{self.where}：")
        parts.append(self.message)
        text = "".join(parts)
        if self.hint:
            text += f"\n处理建议：{self.hint}"
        return text


class InputError(PlanWatchError):
    """The input (file, argument, form field) is unusable; CLI exit status 2."""

    exit_code = 2


class NotFoundError(InputError):
    """A plan, version or node named by the user does not exist."""


class ConflictError(InputError):
    """Someone else changed what the user was editing since they loaded it (HTTP 409)."""


class ForbiddenError(PlanWatchError):
    """The signed-in person may not do this (HTTP 403): report on or review a task, change its
    assignment. Raised by the services under the plan lock; the web maps it once (``web/app.py``)."""
