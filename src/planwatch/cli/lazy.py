"""A command group whose subcommands are imported only when one of them runs.

Importing every command module up front pulls in the services, the exporters, the database layer and
their libraries (openpyxl, numpy, SQLAlchemy, dask, …), which made even ``planwatch --help`` take
seconds. The group instead holds a placeholder per subcommand carrying the first paragraph of its
help, which is all the parent's command list shows; the real command is built on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo


@dataclass(frozen=True)
class Lazy:
    """Where a subcommand lives and what the parent's command list says about it."""

    target: str  # "module:attribute": a command function, or a typer.Typer of subcommands
    help: str  # the first paragraph of the command's help, exactly as the command itself has it


def fold_command_help() -> None:
    """Command lists wrap a description instead of cutting it at the terminal's edge.

    typer's command table gives each description a Rich column whose overflow is "ellipsis", and a
    Chinese sentence has no spaces to wrap at, so at 80 columns it ended in “…”. A Text that says
    overflow="fold" wraps instead. Installed when help is drawn, not at import: rich stays unloaded
    for commands that print no help.
    """
    from typer import rich_utils

    if getattr(rich_utils._make_command_help, "_folds", False):
        return
    original = rich_utils._make_command_help

    def folding(**kwargs: Any) -> Any:
        rendered = original(**kwargs)
        if hasattr(rendered, "overflow"):
            rendered.overflow = "fold"
        return rendered

    folding._folds = True  # type: ignore[attr-defined]
    rich_utils._make_command_help = folding


class _Placeholder(TyperCommand):
    """Stands in for a subcommand in help listings and typo suggestions; never runs."""


class LazyGroup(TyperGroup):
    """Subclass it with ``commands_lazy`` set, and pass it as ``cls`` to the root ``typer.Typer``."""

    commands_lazy: ClassVar[Mapping[str, Lazy]] = {}
    # the root Typer's default; typer hands it down to every subcommand's callback
    pretty_exceptions_short: ClassVar[bool] = True

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, spec in self.commands_lazy.items():
            self.commands.setdefault(name, _Placeholder(name, help=spec.help))
        self._listing = False

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # the command list needs only names and short help: keep the placeholders while it is drawn
        self._listing = True
        fold_command_help()
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        cmd = self.commands.get(cmd_name)
        if isinstance(cmd, _Placeholder) and not self._listing:
            cmd = self.commands[cmd_name] = self.load(cmd_name)
        return cmd

    def load(self, name: str) -> _click.Command:
        """The real command ``name``, built as ``app.command(name)`` / ``app.add_typer(…, name=name)`` would."""
        module, _, attribute = self.commands_lazy[name].target.partition(":")
        obj = getattr(importlib.import_module(module), attribute)
        if isinstance(obj, typer.Typer):
            group = get_group_from_info(
                TyperInfo(obj, name=name),
                pretty_exceptions_short=self.pretty_exceptions_short,
                suggest_commands=self.suggest_commands,
                rich_markup_mode=self.rich_markup_mode,
            )
            drawn = group.format_help

            def format_help(ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
                fold_command_help()  # its own command list wraps like the root's
                drawn(ctx, formatter)

            group.format_help = format_help  # type: ignore[method-assign]
            return group
        return get_command_from_info(
            CommandInfo(name=name, callback=obj),
            pretty_exceptions_short=self.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )
