"""JSON replies serialised by orjson (issue 18), for the twins of the busiest pages.

FastAPI validates a route's return value against its annotation before serialising it; for the
large, already plain data of a cached page that costs more than building it. Routes that return
:func:`json_reply` keep their schema in OpenAPI through ``response_model``. Chinese text stays
unescaped (UTF-8), as in every other reply.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

_OPTIONS = orjson.OPT_NON_STR_KEYS


def json_reply(data: Any, status_code: int = 200) -> Response:
    return Response(
        orjson.dumps(data, option=_OPTIONS), status_code=status_code, media_type="application/json"
    )
