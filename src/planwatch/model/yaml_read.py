"""YAML reading through libyaml when PyYAML has it, with PyYAML's own errors when a file is wrong.

The lexicons, the department catalogue, the roles and the task vocabulary are read on every
analysis; PyYAML's pure-Python parser spent longer on them than the analysis of a whole plan. The C
parser builds the same nodes and data (the resolver and constructors are shared Python code), but
its error messages are worded differently, and ours quote the parser and give its line. So a text
the C parser refuses is parsed again by the Python one, which raises exactly the error users saw
before.

The node readers below give every data file people edit the same refusals: file, line, what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from planwatch.model.errors import InputError

STR_TAG = "tag:yaml.org,2002:str"
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """``yaml.compose(text, Loader=yaml.SafeLoader)``, faster."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, faster."""
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


# ---------------------------------------------------------------- reading with line numbers


def syntax_error(exc: yaml.YAMLError, source: str, hint: str) -> InputError:
    """A text the parser refused, as an InputError naming the file and the line.

    The problem mark is where the parser gave up; for an unclosed bracket or quote that is the end
    of the file, and the context mark says where the construct began.
    """
    if not isinstance(exc, yaml.MarkedYAMLError):
        return InputError(f"YAML 格式错误：{exc}", where=source, hint=hint)
    lines = [m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None]
    where = f"{source}，第{lines[0]}行" if lines else source
    if len(lines) == 2 and lines[1] != lines[0]:
        where += f"（始于第{lines[1]}行）"
    detail = "; ".join(x for x in (exc.context, exc.problem) if x)
    return InputError(f"YAML 格式错误：{detail}", where=where, hint=hint)


class NodeReader:
    """Walks a composed node tree; every shape error becomes an InputError with file and line.

    The readers of data files people edit (lexicons, department catalogues, units) build on this so
    that each refuses a wrong file the same way: what is wrong, in which file, on which line.
    """

    def __init__(self, source: str, hint: str) -> None:
        self.source = source
        self.hint = hint  # what to do about a shape error, unless a check says better

    def compose(
        self, text: str, hint: str = "检查该处及其上一行的缩进、冒号、括号和引号后重试。"
    ) -> yaml.Node | None:
        try:
            return compose(text)
        except yaml.YAMLError as exc:
            raise syntax_error(exc, self.source, hint) from exc

    @staticmethod
    def line(node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def where(self, at: yaml.Node | int) -> str:
        """``file，第N行``: where a node (or a 1-based line) is, as messages and provenance say it."""
        return f"{self.source}，第{at if isinstance(at, int) else self.line(at)}行"

    def fail(self, at: yaml.Node | int, message: str, hint: str | None = None) -> InputError:
        return InputError(message, where=self.where(at), hint=self.hint if hint is None else hint)

    def mapping(self, node: yaml.Node, allowed: Iterable[str], what: str) -> dict[str, yaml.Node]:
        """The fields of a mapping by name; unknown and repeated fields are refused."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what}应为“字段: 值”形式的映射。")
        names = tuple(sorted(allowed)) if isinstance(allowed, (set, frozenset)) else tuple(allowed)
        out: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, "字段名")
            if key not in names:
                raise self.fail(key_node, f"{what}中有未知字段“{key}”（可用字段：{'、'.join(names)}）。")
            if key in out:
                raise self.fail(key_node, f"{what}中字段“{key}”出现了两次。")
            out[key] = value
        return out

    def require(self, node: yaml.Node, fields: Mapping[str, yaml.Node], names: Iterable[str]) -> None:
        for name in names:
            if name not in fields:
                raise self.fail(node, f"缺少必填字段“{name}”。")

    def scalar(self, node: yaml.Node, what: str) -> str:
        """Any scalar (a word, a number, a flag) as the text written, stripped."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what}应为一个文字值。")
        return str(node.value).strip()

    def string(self, node: yaml.Node, what: str) -> str:
        """A non-empty text; a plain 2024 or true is read by YAML as a number or a flag, so it is
        refused rather than guessed at."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR_TAG:
            raise self.fail(node, f"{what}应为一段文字（数字、true/false 等请加引号）。")
        value = str(node.value).strip()
        if not value:
            raise self.fail(node, f"{what}不能为空。")
        return value

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what}应为列表（每项以“- ”开头）。")
        return list(node.value)

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node, what).lower()
        if value in ("true", "yes", "on", "1"):
            return True
        if value in ("false", "no", "off", "0"):
            return False
        raise self.fail(node, f"{what}应为 true 或 false。")
