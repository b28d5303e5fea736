"""Handing a request's work to a background job: the runner dependency, the answer that sends the
browser to the job's progress page, and the 202 an API call gets with the job's address."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse, Response

from planwatch.model.job import Job
from planwatch.services.jobs import JobRunner, job_info
from planwatch.web.deps import job_runner
from planwatch.web.urls import url

Runner = Annotated[JobRunner, Depends(job_runner)]


def with_links(info: dict[str, Any]) -> dict[str, Any]:
    """A job (``services.jobs.job_info``) as its page and JSON show it: with the addresses of its
    page, its JSON and its file (links are the web layer's: ``web/urls.py``)."""
    result = info["result"]
    if result is not None and result["file"] is not None:
        result["file"]["download_url"] = url("job_download", job_id=info["id"])
    info["url"] = url("job", job_id=info["id"])
    info["json_url"] = url("api.job", job_id=info["id"])
    return info


def to_job(job_id: int, *, htmx: bool = False) -> Response:
    """303 to the job's progress page (htmx: its HX-Redirect, which htmx turns into a page load;
    following a 303 itself, htmx would swap the whole page into the form's result box)."""
    page = url("job", job_id=job_id)
    if htmx:
        return Response(status_code=202, headers={"HX-Redirect": page, "Location": page})
    return RedirectResponse(page, status_code=303)


def accepted(job: Job) -> JSONResponse:
    """202 Accepted with the job's address: what an API call answers when it queued a job."""
    info = with_links(job_info(job))
    return JSONResponse(
        jsonable_encoder(info), status_code=202, headers={"Location": info["json_url"], "Retry-After": "1"}
    )
