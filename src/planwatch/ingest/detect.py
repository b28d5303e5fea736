"""Format detection from content. A file's suffix is never trusted: mail gateways and download
portals rename files, and a PDF saved as ``.txt`` is still a PDF."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from planwatch.ingest import errors
from planwatch.ingest.text import Decoded, decode_text
from planwatch.ingest.zipguard import DEFAULT_LIMITS, ZipCorrupt, ZipLimits, check_zip

FORMATS = ("txt", "docx", "pdf", "html")

# Signatures of files people mistake for documents, named so the error says what was picked.
_FOREIGN: tuple[tuple[bytes, str, str | None], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "图片中的文字需要先进行 OCR 文字识别，再另存为 txt 或 docx 导入"),
    (b"\xff\xd8\xff", "JPEG 图片", "图片中的文字需要先进行 OCR 文字识别，再另存为 txt 或 docx 导入"),
    (b"GIF87a", "GIF 图片", None),
    (b"GIF89a", "GIF 图片", None),
    (b"II*\x00", "TIFF 图片", "图片中的文字需要先进行 OCR 文字识别，再另存为 txt 或 docx 导入"),
    (b"MM\x00*", "TIFF 图片", "图片中的文字需要先进行 OCR 文字识别，再另存为 txt 或 docx 导入"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "旧版 Office 文件（.doc、.xls、.ppt 或 WPS 格式）",
        "请用 Word 或 WPS 打开后“另存为”.docx 格式再导入",
    ),
    (b"{\\rtf", "RTF 文档", "请用 Word 或 WPS 打开后“另存为”.docx 格式再导入"),
    (b"\x7fELF", "可执行程序", None),
    (b"\x1f\x8b", "gzip 压缩包", "请先解压，再导入其中的文档"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "请先解压，再导入其中的文档"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "请先解压，再导入其中的文档"),
    (b"SQLite format 3\x00", "SQLite 数据库", None),
)

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|th|span|a|b|strong|em|font|center|section"
    r"|article|meta|title|body|head|html)\b[^<>]{0,500}>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sniffed:
    format: str
    decoded: Decoded | None = None  # the decoded text, for txt and html, so it is decoded once


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGICS)


def zip_names(
    data: bytes, where: str | None, what: str = "ZIP 压缩包", limits: ZipLimits = DEFAULT_LIMITS
) -> set[str]:
    """The member names of a zip-based office file (xlsx, docx), refused when the archive is broken
    or would inflate beyond the limits (every member is measured as it inflates)."""
    try:
        members = check_zip(data, where, limits)
    except (ZipCorrupt, zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise errors.corrupt(what, where) from exc
    return {member.filename for member in members}


def _zip_kind(data: bytes, where: str | None, limits: ZipLimits) -> str:
    try:
        # Parts are inflated in memory later; every one is measured first, whatever it declares.
        members = check_zip(data, where, limits)
        names = {member.filename for member in members}
        mimetype = b""
        if "mimetype" in names:
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("mimetype") as handle:
                mimetype = handle.read(100)
    except (ZipCorrupt, zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        # A cut-off docx has lost its central directory, but its local headers still name the parts;
        # the docx reader then says precisely what is broken.
        if not isinstance(exc, ZipCorrupt) or b"PK\x05\x06" in data[-65_557:]:
            raise errors.corrupt("ZIP 压缩包", where) from exc
        if b"word/document" in data or b"[Content_Types].xml" in data[:4096]:
            return "docx"
        raise errors.corrupt("ZIP 压缩包", where) from exc
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return "docx"
    convert = "请在原软件中另存为 docx 或 pdf 后再导入"
    if "xl/workbook.xml" in names:
        raise errors.unsupported("Excel 工作簿（xlsx），不是 Word 文档", where, convert)
    if "ppt/presentation.xml" in names:
        raise errors.unsupported("PowerPoint 演示文稿（pptx），不是 Word 文档", where, convert)
    if "OFD.xml" in names:
        raise errors.unsupported("OFD 版式文件", where, "请用 OFD 阅读器打开后另存或打印为 PDF 再导入")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise errors.unsupported("OpenDocument 文档（odt/ods/odp）", where, convert)
    if mimetype.startswith(b"application/epub"):
        raise errors.unsupported("EPUB 电子书", where, None)
    raise errors.unsupported("ZIP 压缩包，不是 Word 文档", where, "请先解压，再导入其中的文档")


def looks_like_html(text: str) -> bool:
    head = text[:8192]
    if _HTML_START.match(head):
        return True
    if not head.lstrip().startswith("<"):
        return False
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 3


def sniff(data: bytes, where: str | None, zip_limits: ZipLimits = DEFAULT_LIMITS) -> Sniffed:
    """Decides the format from the bytes; raises InputError for anything that is not a document."""
    if not data or data.isspace():
        raise errors.empty_file(where)
    if data[:1024].lstrip()[:5] == b"%PDF-" or (
        data.find(b"%PDF-", 0, 1024) >= 0 and b"endobj" in data[:1_000_000]
    ):
        return Sniffed("pdf")
    if data.startswith(_ZIP_MAGICS):
        return Sniffed(_zip_kind(data, where, zip_limits))
    for magic, kind, hint in _FOREIGN:
        if data.startswith(magic):
            raise errors.unsupported(kind, where, hint)
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        raise errors.unsupported("Windows 可执行程序", where)
    decoded = decode_text(data, where)
    return Sniffed("html" if looks_like_html(decoded.text) else "txt", decoded)


def detect_format(data: bytes) -> str:
    """``"txt"``, ``"docx"``, ``"pdf"`` or ``"html"``, judged from the content alone."""
    return sniff(bytes(data), None).format
