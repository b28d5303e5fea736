"""Text decoding (BOM, UTF-8, UTF-16, GB18030) and the plain-text reader."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from planwatch.ingest import errors
from planwatch.ingest.assemble import make_document, normalise_newlines
from planwatch.ingest.fast_construct import maker
from planwatch.model import Block, Document

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# C0 controls that never occur in a text document (tab, newlines, form feed and the DOS
# end-of-file mark 0x1A do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
_ASCII_RUN = re.compile("[\x00-\x7f]+")
_CJK_OR_ASCII = re.compile("[\t\n\r\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2010-\u2027\u00b7]")

# How much decoded text the plausibility checks look at: enough to judge, bounded for 10 MB files.
_SAMPLE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # line ends normalised to LF, BOM removed
    encoding: str
    warnings: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _gb2312_chars() -> frozenset[str]:
    """Every character of GB2312: simplified Chinese text is almost entirely made of them."""
    pairs = bytes(b for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    return frozenset(pairs.decode("gb2312", errors="ignore"))


def _looks_like_text(text: str) -> bool:
    # A stray control character (a vertical tab pasted from Word) is tolerated; binary data
    # decoded as text is full of them.
    sample = text[:_SAMPLE_CHARS]
    return len(_CONTROL.findall(sample)) <= len(sample) // 100


def _gb2312_share(text: str) -> float:
    """Share of the non-ASCII characters (in a sample) that are in GB2312; 1.0 for ASCII-only text."""
    wide = _ASCII_RUN.sub("", text[:_SAMPLE_CHARS])
    if not wide:
        return 1.0
    common = _gb2312_chars()
    return sum(map(common.__contains__, wide)) / len(wide)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM, recognised by its NUL bytes: ASCII characters (newlines, digits,
    punctuation) have a zero high byte, which sits at odd offsets in LE and even offsets in BE."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls == even_nuls:
        return None
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE_CHARS]
    if not _looks_like_text(sample):
        return None
    # The wrong byte order also decodes; it turns text into a scatter of unrelated scripts.
    if len(_CJK_OR_ASCII.findall(sample)) < 0.9 * len(sample):
        return None
    return Decoded(normalise_newlines(text), codec)


# Encodings a statistical guess may settle on. Anything else it proposes for a file that is neither
# UTF-8 nor GB18030 (cp1252, KOI8-R, …) is mojibake for a Chinese plan, and an error is better.
_GUESSABLE = frozenset({"big5", "cp950", "big5hkscs"})


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    if name not in _GUESSABLE:
        return None
    text = str(best)
    if not _looks_like_text(text):
        return None
    return text, name


def decode_text(data: bytes, where: str | None) -> Decoded:
    """Decodes a text file: BOM, then strict UTF-8, then UTF-16 by NUL pattern, then GB18030.

    GB18030 is checked before any statistical guess because short Chinese text in GBK is often
    mis-guessed as Big5 or a Cyrillic code page by statistical detectors; it is accepted outright
    when its characters are the everyday ones of GB2312.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise errors.undecodable(where) from exc
            return Decoded(normalise_newlines(text.removeprefix("\ufeff")), name)

    if b"\x00" in data:
        # No real text file contains NUL, except UTF-16/32 without a BOM.
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise errors.binary_junk(where)
        return utf16

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise errors.binary_junk(where)
        return Decoded(normalise_newlines(text), "utf-8")

    try:
        gb_text: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and _looks_like_text(gb_text) and _gb2312_share(gb_text) >= 0.9:
        return Decoded(normalise_newlines(gb_text), "gb18030")

    guess = _charset_normalizer_guess(data)
    if guess is not None:
        text, name = guess
        return Decoded(
            normalise_newlines(text),
            name,
            (f"文本编码不是 UTF-8 或 GB18030，已推测按 {name}（繁体中文）解码，请核对文字是否正确",),
        )
    if gb_text is not None and _looks_like_text(gb_text):
        return Decoded(
            normalise_newlines(gb_text),
            "gb18030",
            ("文本按 GB18030 解码，但其中生僻字较多，编码可能识别有误，请核对文字是否正确",),
        )
    if not _looks_like_text(data[:_SAMPLE_CHARS].decode("latin-1")):
        raise errors.binary_junk(where)
    raise errors.undecodable(where)


# One match per non-blank line, from its first to its last non-space character. Starting at a
# non-space keeps the scan linear even for lines made of long runs of spaces.
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_Block = maker(Block)


def line_blocks(text: str) -> tuple[Block, ...]:
    return tuple(_Block("paragraph", m.start(), m.end()) for m in _LINE.finditer(text))


def read_txt(data: bytes, source: str, *, decoded: Decoded | None = None) -> Document:
    if decoded is None:
        decoded = decode_text(data, source)
    if not decoded.text.strip():
        raise errors.empty_file(source)
    return make_document(
        data,
        source,
        "txt",
        decoded.text,
        line_blocks(decoded.text),
        encoding=decoded.encoding,
        warnings=decoded.warnings,
    )
