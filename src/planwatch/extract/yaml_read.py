"""YAML reading through libyaml when PyYAML has it, with PyYAML's own errors when a file is wrong.

The lexicons, the department catalogue, the roles and the task vocabulary are read on every
analysis; PyYAML's pure-Python parser spent longer on them than the analysis of a whole plan. The C
parser builds the same nodes and data (the resolver and constructors are shared Python code), but
its error messages are worded differently, and ours quote the parser and give its line. So a text
the C parser refuses is parsed again by the Python one, which raises exactly the error users saw
before.
"""

from __future__ import annotations

from typing import Any

import yaml

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
