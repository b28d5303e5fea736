"""Errors a user can act on. Messages are Simplified Chinese: they are shown to people as they are.

A message and a hint say nothing of how the person reaches PlanWatch (no command, no page): where
acting on an error means naming one, the error carries a ``code`` (``model/error_codes.py``) and the
``params`` the wording needs, and each front-end words that hint from its own table."""

from __future__ import annotations

from collections.abc import Mapping

from planwatch.model.error_codes import ErrorCode, HintTable


class PlanWatchError(Exception):
    """Base for every error PlanWatch raises on purpose.

    ``message`` says what is wrong, ``where`` which file/row/field, ``hint`` what to do about it (in
    words that fit every front-end), ``code`` which error this is, ``params`` the values a front-end's
    own hint for that code may name (the plan's name …).
    """

    exit_code = 1
    code: ErrorCode = ErrorCode.ERROR

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        code: ErrorCode | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        if code is not None:
            self.code = code
        self.params: dict[str, object] = dict(params or {})

    def hint_in(self, wording: HintTable) -> str | None:
        """The hint as a front-end words it: its template for this code, else the error's own."""
        template = wording.get(self.code)
        if template is None:
            return self.hint
        try:
            return template.format_map(self.params)
        except (KeyError, IndexError):  # a raise site that left out a param: its own hint, not a crash
            return self.hint

    def text(self, hint: str | None) -> str:
        """Where, message and ``hint`` as one text (a terminal's, a log's)."""
        parts = []
        if self.where:
            parts.append(f"{self.where}：")
        parts.append(self.message)
        text = "".join(parts)
        if hint:
            text += f"\n处理建议：{hint}"
        return text

    def __str__(self) -> str:
        return self.text(self.hint)


class InputError(PlanWatchError):
    """The input (file, argument, form field) is unusable; CLI exit status 2."""

    exit_code = 2
    code = ErrorCode.INPUT_INVALID


class NotFoundError(InputError):
    """A plan, version or node named by the user does not exist."""

    code = ErrorCode.NOT_FOUND


class ConflictError(InputError):
    """Someone else changed what the user was editing since they loaded it (HTTP 409)."""

    code = ErrorCode.CONFLICT


class ForbiddenError(PlanWatchError):
    """The signed-in person may not do this (HTTP 403): report on or review a task, change its
    assignment. Raised by the services under the plan lock; the web maps it once (``web/app.py``)."""

    code = ErrorCode.FORBIDDEN
