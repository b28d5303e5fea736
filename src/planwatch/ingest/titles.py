"""Which title a file's metadata may give a document.

Office and PDF tools fill the title property with their own defaults (“Word Document”,
“Microsoft Word - 计划.doc”, “文档1”, “Untitled”) or the file name; such a value says nothing about
the plan. A plan named after it would collect unrelated files as its "versions", so a generic
metadata title is dropped and the title is taken from the text instead.
"""

from __future__ import annotations

import re

_GENERIC = re.compile(
    r"""^(?:
        (?:microsoft\s+)?(?:office\s+)?(?:word|wps|excel|powerpoint|pdf)(?:\s*(?:document|presentation|workbook|worksheet|文档|文字|文件|演示文稿|工作簿))?\d*
      | (?:新建\s*)?(?:microsoft\s+)?(?:word|wps)?\s*(?:文档|文字文稿|文件)\s*\(?\d*\)?
      | document\s*\d*
      | (?:untitled|no\s+title|無標題|无标题|未命名|title|标题|题目|normal|default|template|模板|空白文档)
        (?:\s*[-_]?\s*\d+)?
      | microsoft\s+word\s*-.*
      | .*\.(?:docx?|wps|rtf|pdf|txt|html?|dotx?|xlsx?)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_NO_WORDS = re.compile(r"^[\W\d_]*$")


def is_generic_title(title: str | None) -> bool:
    """True for an empty title, a tool's default or a file name: nothing to name a plan by."""
    text = " ".join((title or "").split())
    return not text or bool(_NO_WORDS.match(text)) or bool(_GENERIC.match(text))


def metadata_title(title: str | None) -> str | None:
    """The metadata title when it can name the document, else None (the text's title is used)."""
    text = " ".join((title or "").split())
    return None if is_generic_title(text) else text
