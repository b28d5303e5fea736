"""Handing a request's work to a background job: the runner dependency and the answer that sends the
browser to the job's progress page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.responses import RedirectResponse, Response

from planwatch.services.jobs import JobRunner
from planwatch.web.deps import job_runner

Runner = Annotated[JobRunner, Depends(job_runner)]


def to_job(job_id: int, *, htmx: bool = False) -> Response:
    """303 to the job's progress page (htmx: its HX-Redirect, which htmx turns into a page load;
    following a 303 itself, htmx would swap the whole page into the form's result box)."""
    url = f"/jobs/{job_id}"
    if htmx:
        return Response(status_code=202, headers={"HX-Redirect": url, "Location": url})
    return RedirectResponse(url, status_code=303)
