"""Form fields of the upload forms (导入, 从统计公报提取数据, 落实佐证): the document types they accept,
the uploaded bytes read no further than the size limit, the optional year field."""

from __future__ import annotations

from fastapi import UploadFile

from planwatch.model import InputError
from planwatch.settings import Settings

ACCEPT = ".txt,.docx,.pdf,.html,.htm,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read_upload(upload: UploadFile | None, settings: Settings) -> tuple[bytes, str]:
    """The uploaded bytes, read no further than one byte over the limit (enough for ingest to say
    "too big" without holding a huge upload in memory)."""
    if upload is None:
        raise InputError("没有收到文件。", hint="请选择要导入的规划文件（txt、docx、pdf 或 html）。")
    data = upload.file.read(settings.max_file_bytes + 1)
    return data, upload.filename or ""


def parse_year(text: str | None) -> int | None:
    """The optional year field of an upload form."""
    t = (text or "").strip()
    if not t:
        return None
    if not t.isdigit():
        raise InputError(f"年份“{t}”不是数字。", hint="请写四位年份，如 2023，或留空。")
    return int(t)


def max_mb(settings: Settings) -> int:
    """The upload limit as the forms state it."""
    return settings.max_file_bytes // (1024 * 1024)
