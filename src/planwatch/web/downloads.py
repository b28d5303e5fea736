"""Files sent as downloads: the ``Content-Disposition`` header for a (Chinese) file name and the reply
carrying the bytes."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.responses import Response


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (Chinese) name as RFC 5987 ``filename*``."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("_") or "export"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    """``data`` as a download named ``filename``."""
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition(filename)}
    )
