"""Checks a ZIP package (docx, xlsx, any zip the app opens) before anything inflates it whole.

The sizes a ZIP declares are never trusted: every member is inflated here in small steps with a
running byte count, so a member that claims 4 KB but inflates to gigabytes is stopped at the limit,
having cost one small buffer. The number of entries is read from the end record before ``zipfile``
builds its list, so a central directory of millions of entries is refused unread. Once a package
passes, each member is known to inflate to exactly its declared size within the limits, and
python-docx / openpyxl (which read whole members) cannot be made to hold more.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from planwatch.model import InputError

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_inflated_bytes: int = 256 * 1024 * 1024
    max_member_bytes: int = 64 * 1024 * 1024
    max_members: int = 10_000


DEFAULT_LIMITS = ZipLimits()


class ZipCorrupt(Exception):
    """The package cannot be read as a ZIP (the caller words the message for its kind of file)."""


def _mb(n: int) -> str:
    return f"{n / 1024**2:.0f} MB"


def declared_entries(data: bytes) -> int | None:
    """The entry count from the end-of-central-directory record (ZIP64 aware); None if not found."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]  # at + 22 <= len(data): in range
    if count != 0xFFFF:
        return int(count)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        offset = struct.unpack_from("<Q", data, locator + 8)[0]
        if offset + 56 <= len(data) and data[offset : offset + 4] == _ZIP64_EOCD:
            return int(struct.unpack_from("<Q", data, offset + 32)[0])
    return None


def _inflated_size(data: bytes, info: zipfile.ZipInfo, cap: int, where: str | None) -> int:
    """Bytes the member really inflates to, counting at most ``cap + 1`` of them."""
    if info.flag_bits & 0x1:
        raise InputError("压缩包中有加密的内容，无法读取", where=where, hint="请去掉文件的密码保护后重新保存")
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(data):
        raise ZipCorrupt(info.filename)
    fields = _LOCAL_HEADER.unpack_from(data, start)
    if fields[0] != b"PK\x03\x04":
        raise ZipCorrupt(info.filename)
    begin = start + _LOCAL_HEADER.size + fields[10] + fields[11]
    raw = memoryview(data)[begin : begin + info.compress_size]
    if info.compress_size < 0 or len(raw) != info.compress_size:
        raise ZipCorrupt(info.filename)
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InputError(
            f"压缩包使用了不支持的压缩方式（{info.compress_type}）",
            where=where,
            hint="请用 Word、WPS 或 Excel 重新保存该文件",
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        for offset in range(0, len(raw), _CHUNK):
            pending = bytes(raw[offset : offset + _CHUNK])
            while pending:
                # max_length bounds every step's output, however much the input expands.
                total += len(inflater.decompress(pending, _CHUNK))
                if total > cap:
                    return total
                pending = inflater.unconsumed_tail
        while not inflater.eof:
            step = inflater.decompress(b"", _CHUNK)
            if not step:
                break
            total += len(step)
            if total > cap:
                return total
    except zlib.error as exc:
        raise ZipCorrupt(info.filename) from exc
    return total


def check_zip(data: bytes, where: str | None, limits: ZipLimits = DEFAULT_LIMITS) -> list[zipfile.ZipInfo]:
    """The members of a ZIP package, once each is known to inflate within ``limits`` to exactly its
    declared size. Raises InputError (in Chinese) over a limit, ZipCorrupt when it is not a ZIP."""
    too_big_hint = "请确认文件来源可靠；如是正常文件，请删除或压缩其中的大图片后重新保存"
    entries = declared_entries(data)
    if entries is not None and entries > limits.max_members:
        raise InputError(
            f"压缩包内有 {entries} 个文件，超过上限 {limits.max_members} 个，已拒绝读取",
            where=where,
            hint=too_big_hint,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise ZipCorrupt(str(exc)) from exc
    if len(members) > limits.max_members:
        raise InputError(
            f"压缩包内有 {len(members)} 个文件，超过上限 {limits.max_members} 个，已拒绝读取",
            where=where,
            hint=too_big_hint,
        )
    total = 0
    for info in members:
        cap = min(limits.max_member_bytes, limits.max_inflated_bytes - total)
        size = _inflated_size(data, info, cap, where)
        if size > cap:
            if size > limits.max_member_bytes:
                message = f"压缩包中的“{info.filename}”展开后超过 {_mb(limits.max_member_bytes)}，已拒绝读取"
            else:
                message = f"压缩内容展开后超过 {_mb(limits.max_inflated_bytes)}，远大于正常的文件，已拒绝读取"
            raise InputError(message, where=where, hint=too_big_hint)
        if size != info.file_size:
            # A member that lies about its size is how a zip bomb slips past a check of the headers.
            raise ZipCorrupt(f"{info.filename}: declares {info.file_size} bytes, inflates to {size}")
        total += size
    return members
