"""The InputErrors readers raise, worded once so every reader tells a person the same thing."""

from __future__ import annotations

from planwatch.model import InputError

SUPPORTED_FORMATS_TEXT = "txt、docx、pdf 和 html"
SUPPORTED_ENCODINGS_TEXT = "UTF-8（含 BOM）、UTF-16（LE/BE）、GB18030（兼容 GBK、GB2312）"
MAX_BYTES_ENV = "PLANWATCH_MAX_FILE_BYTES"


def human_size(size: int) -> str:
    """Size for people: ``12.3 MB（12,897,484 字节）`` — the exact count lets them compare with the limit."""
    units = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))
    for name, factor in units:
        if size >= factor:
            return f"{size / factor:.1f} {name}（{size:,} 字节）"
    return f"{size} 字节"


def empty_file(where: str | None) -> InputError:
    return InputError(
        "文件为空：没有任何可读取的文字内容",
        where=where,
        hint="请确认选择了正确的文件；如果文件是导出或下载得到的，请重新导出或下载后再导入",
    )


def no_text(where: str | None, what: str) -> InputError:
    return InputError(
        f"文件为空：{what}中没有任何文字内容",
        where=where,
        hint="请确认选择了正确的文件，并在原软件中打开检查其中是否有正文",
    )


def too_large(size: int, limit: int, where: str | None) -> InputError:
    return InputError(
        f"文件过大：{human_size(size)}，超过了允许的上限 {human_size(limit)}",
        where=where,
        hint=(
            "请删除或压缩文件中的图片、拆分文件后再导入；"
            f"如确需导入更大的文件，请调大环境变量 {MAX_BYTES_ENV}（单位：字节）"
        ),
    )


def too_many_chars(count: int | None, limit: int, where: str | None) -> InputError:
    counted = f"{count:,} 个字符，" if count is not None else ""
    return InputError(
        f"文档文字过多：{counted}超过了单个文档的上限 {limit:,} 个字符",
        where=where,
        hint=(
            "一份规划文本通常不超过几十万字；请确认上传的是规划正文，或拆分后分别导入；"
            "如确需导入，请调大环境变量 PLANWATCH_MAX_DOCUMENT_CHARS"
        ),
    )


def unsupported(kind: str, where: str | None, hint: str | None = None) -> InputError:
    return InputError(
        f"不是受支持的文档格式：文件内容是{kind}",
        where=where,
        hint=hint
        or f"PlanWatch 可以读取 {SUPPORTED_FORMATS_TEXT} 文件；请在原软件中另存为其中一种格式后再导入",
    )


def binary_junk(where: str | None) -> InputError:
    return unsupported("无法识别的二进制数据，不是文本、Word（docx）、PDF 或网页（html）", where)


def corrupt(kind: str, where: str | None) -> InputError:
    """``kind`` names what the file should have been: "PDF 文件", "Word 文档（docx）"."""
    return InputError(
        f"文件已损坏或不完整，这个 {kind}无法打开",
        where=where,
        hint="文件可能在下载、复制或传输时被截断；请从原软件重新导出（或重新下载）后再导入",
    )


def undecodable(where: str | None) -> InputError:
    return InputError(
        f"无法识别文本文件的编码：内容不是 {SUPPORTED_ENCODINGS_TEXT} 中的任何一种，文字无法正确读出",
        where=where,
        hint="请用记事本、WPS 或其他编辑器打开文件，选择“另存为”并把编码设为 UTF-8 后再导入",
    )
