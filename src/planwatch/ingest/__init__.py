"""Readers that turn a plan document (txt, docx, pdf, html) into a ``planwatch.model.Document``.

The format is judged from the content (magic bytes, sniffing), not the file name. Every problem with
the input is raised as ``planwatch.model.InputError`` with a Chinese message, the file name as
``where`` and a ``hint``; library exceptions never escape for bad input.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

from planwatch.ingest import errors
from planwatch.ingest.assemble import CHAR_LIMIT
from planwatch.ingest.detect import FORMATS, detect_format, sniff
from planwatch.ingest.registry import READERS, SUFFIXES
from planwatch.ingest.zipguard import DEFAULT_LIMITS, ZipLimits
from planwatch.model import Document, InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "ZipLimits",
    "detect_format",
    "read_bytes",
    "read_path",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_CHARS = 2_000_000


def read_bytes(
    data: bytes,
    source: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    zip_limits: ZipLimits = DEFAULT_LIMITS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """Reads a document from its bytes; ``source`` names it in the Document and in errors."""
    data = bytes(data)
    if len(data) > max_bytes:
        raise errors.too_large(len(data), max_bytes, source)
    sniffed = sniff(data, source, zip_limits)
    if sniffed.decoded is not None and len(sniffed.decoded.text) > max_chars:
        raise errors.too_many_chars(len(sniffed.decoded.text), max_chars, source)
    token = CHAR_LIMIT.set((max_chars, source))
    try:
        document = READERS[sniffed.format](data, source, decoded=sniffed.decoded)
    finally:
        CHAR_LIMIT.reset(token)
    if len(document.text) > max_chars:
        raise errors.too_many_chars(len(document.text), max_chars, source)
    return document


def read_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    zip_limits: ZipLimits = DEFAULT_LIMITS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """Reads a document file. The size is checked with ``os.stat`` before a byte is read."""
    path = Path(path)
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"找不到文件：{path}", where=name, hint="请检查文件路径和文件名是否正确") from exc
    except PermissionError as exc:
        raise InputError(
            f"没有权限访问文件：{path}", where=name, hint="请检查文件及其所在文件夹的访问权限"
        ) from exc
    except OSError as exc:
        raise InputError(
            f"无法访问文件：{path}（{exc.strerror or exc}）", where=name, hint="请检查文件路径是否正确"
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"这是一个文件夹，不是文件：{path}", where=name, hint="请选择文件夹中的具体文档文件")
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device could block forever or never end.
        raise InputError(
            f"不是普通文件（可能是管道或设备）：{path}", where=name, hint="请选择保存在磁盘上的文档文件"
        )
    if info.st_size > max_bytes:
        raise errors.too_large(info.st_size, max_bytes, name)
    try:
        with path.open("rb") as handle:
            # One byte past the limit is enough to know the file grew after stat.
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError(
            f"没有读取该文件的权限：{path}",
            where=name,
            hint="请检查文件的访问权限，或把文件复制到有权限的位置",
        ) from exc
    except OSError as exc:
        raise InputError(
            f"读取文件失败：{path}（{exc.strerror or exc}）",
            where=name,
            hint="请确认文件没有被其他程序占用，然后重试",
        ) from exc
    document = read_bytes(data, name, max_bytes=max_bytes, zip_limits=zip_limits, max_chars=max_chars)
    suffix = path.suffix.lower()
    if suffix and suffix not in SUFFIXES[document.format]:
        note = f"文件扩展名是 {suffix}，但内容是 {document.format} 格式，已按 {document.format} 读取"
        document = dataclasses.replace(document, warnings=(*document.warnings, note))
    return document
