"""Evidence files (佐证材料) of progress reports: checking, storing and fetching them (issue 6).

A file is accepted only when its name's extension is one of ``ALLOWED`` *and* its first bytes say
the same (a renamed .exe is refused), it is not empty and not larger than
``Settings.evidence_max_bytes``. Names are sanitised (no directories, control or reserved
characters, at most ``MAX_NAME`` characters, extension kept). Every file of a submission is checked
before anything is written, and the files are written in the caller's transaction, so a refused file
leaves nothing behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planwatch.ingest.zipguard import ZipCorrupt, check_zip
from planwatch.model import InputError, NotFoundError
from planwatch.model.monitoring import EvidenceFile
from planwatch.store.evidence import EvidenceRepository

MAX_NAME = 120
MAX_FILES = 20  # per submission
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc / .xls
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _zip_with(member: str | None) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        if not data.startswith(_ZIP):
            return False
        if member is None:
            return True
        try:
            # Nothing here inflates the file, but whoever downloads it will: a bomb is refused now.
            names = {info.filename for info in check_zip(data, None)}
        except ZipCorrupt:
            return False
        return member in names

    return check


def _text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


@dataclass(frozen=True, slots=True)
class FileKind:
    label: str  # what a person calls it
    content_type: str
    matches: Callable[[bytes], bool]


ALLOWED: dict[str, FileKind] = {
    "pdf": FileKind("PDF", "application/pdf", lambda d: d.startswith(b"%PDF-")),
    "docx": FileKind(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/document.xml"),
    ),
    "doc": FileKind("Word", "application/msword", lambda d: d.startswith(_OLE)),
    "xlsx": FileKind(
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/workbook.xml"),
    ),
    "xls": FileKind("Excel", "application/vnd.ms-excel", lambda d: d.startswith(_OLE)),
    "jpg": FileKind("JPEG 图片", "image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "jpeg": FileKind("JPEG 图片", "image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "png": FileKind("PNG 图片", "image/png", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    "txt": FileKind("文本", "text/plain; charset=utf-8", _text),
    "zip": FileKind("ZIP 压缩包", "application/zip", _zip_with(None)),
}
ALLOWED_TEXT = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、JPG、PNG、TXT、ZIP"
_RESERVED = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as it arrived: the name the person's computer gave it and its bytes."""

    filename: str
    data: bytes
    size: int | None = None  # the full size when ``data`` was cut short at the limit


@dataclass(frozen=True, slots=True)
class CheckedFile:
    filename: str  # sanitised
    content_type: str
    data: bytes


def _visible(text: str) -> str:
    # Format characters (Cf) include the bidi overrides that show "exe.pdf" as "fdp.exe" and
    # zero-width characters that make two names look alike (controls become "_" below).
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def sanitise_filename(name: str) -> str:
    """The last path component, NFC, without control, bidi/format or reserved characters, at most
    MAX_NAME characters with the extension kept; "" when nothing is left."""
    base = re.split(r"[/\\]", _visible(unicodedata.normalize("NFC", name or "")))[-1]
    base = _RESERVED.sub("_", base).strip().lstrip(".").strip()
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        keep_ext = bool(dot) and 0 < len(ext) <= 10
        base = stem[: MAX_NAME - len(ext) - 1] + "." + ext if keep_ext else base[:MAX_NAME]
    return base


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def check(upload: Upload, max_bytes: int) -> CheckedFile:
    """The upload ready to store, or an InputError saying exactly what is wrong with it."""
    shown = upload.filename or "（无文件名）"
    name = sanitise_filename(upload.filename)
    if not name:
        raise InputError(f"佐证材料“{shown}”的文件名无效。", hint="请给文件起一个正常的名称后重新上传。")
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    kind = ALLOWED.get(ext)
    if kind is None:
        raise InputError(
            f"佐证材料“{name}”的文件类型{'“.' + ext + '”' if ext else '（无扩展名）'}不允许上传。",
            hint=f"只接受 {ALLOWED_TEXT} 文件。",
        )
    size = upload.size if upload.size is not None else len(upload.data)
    if size == 0:
        raise InputError(f"佐证材料“{name}”是空文件。", hint="请检查文件后重新上传。")
    if size > max_bytes:
        raise InputError(
            f"佐证材料“{name}”太大（{_size(size)}），每个文件不能超过 {_size(max_bytes)}。",
            hint="请压缩或拆分后再上传。",
        )
    if not kind.matches(upload.data):
        raise InputError(
            f"佐证材料“{name}”的内容不是 {kind.label} 文件（扩展名与内容不符）。",
            hint="请上传原始文件，不要只改扩展名。",
        )
    return CheckedFile(name, kind.content_type, upload.data)


def check_all(uploads: Iterable[Upload], max_bytes: int) -> list[CheckedFile]:
    files = [u for u in uploads if u.filename or u.data]
    if len(files) > MAX_FILES:
        raise InputError(
            f"一次最多上传 {MAX_FILES} 个佐证材料（现有 {len(files)} 个）。", hint="可打包成 ZIP 上传。"
        )
    return [check(u, max_bytes) for u in files]


def store(
    session: Session, plan_id: int, task_key: str, files: Iterable[CheckedFile], by: str
) -> list[EvidenceFile]:
    repo = EvidenceRepository(session)
    return [repo.add(plan_id, task_key, f.filename, f.content_type, f.data, by) for f in files]


def fetch(session: Session, plan_id: int, file_id: int) -> EvidenceFile:
    """One file of the plan with its bytes."""
    found = EvidenceRepository(session).get(file_id, with_data=True)
    if found is None or found.plan_id != plan_id:
        raise NotFoundError(f"没有编号为 {file_id} 的佐证材料。", hint="请从任务页面的进展记录中下载。")
    return found


def for_task(session: Session, plan_id: int, task_key: str) -> list[EvidenceFile]:
    return EvidenceRepository(session).list(plan_id, task_key)


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, EvidenceFile]:
    return EvidenceRepository(session).many(ids)
