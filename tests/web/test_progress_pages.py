"""进展报送, 待审核, 收件箱 and evidence downloads, over real HTTP on a fresh database per test.

Each test starts a server of its own (``start_server``) so that the reports it files change no other
test's warnings or inbox.
"""

from __future__ import annotations

import base64
import html
import io
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import func, select

from planwatch.services.progress.evidence_files import sanitise_filename
from planwatch.store.engine import make_engine
from planwatch.store.tables import EvidenceFileRow, ProgressReportRow

OWN = "p11.a44.t1"  # led by 大连市教育局, the default reporter's unit
OTHER = "p3.a6.t1"  # led by 大连市工业和信息化局
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class Site:
    """A server of its own with a reporter of 大连市教育局, a planner and a viewer logged in."""

    def __init__(self, start_server: Callable[..., Any], create_user_in: Callable[..., Any],
                 log_in_to: Callable[..., Any], **settings: Any) -> None:  # fmt: skip
        self.server = start_server(with_plan=True, **settings)
        self.url = self.server.url
        self.reporter = log_in_to(self.url, *create_user_in(self.server.db_url, "reporter"))
        self.planner = log_in_to(self.url, *create_user_in(self.server.db_url, "planner"))
        self.viewer = log_in_to(self.url, *create_user_in(self.server.db_url, "viewer"))

    def counts(self) -> tuple[int, int]:
        engine = make_engine(self.server.db_url)
        try:
            with engine.connect() as conn:
                files = conn.scalar(select(func.count()).select_from(EvidenceFileRow))
                reports = conn.scalar(select(func.count()).select_from(ProgressReportRow))
        finally:
            engine.dispose()
        return int(files or 0), int(reports or 0)


@pytest.fixture
def site(
    start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Callable[..., Any]
) -> Site:
    return Site(start_server, create_user_in, log_in_to)


def _form(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    data = {"period": "2026Q2", "state": "推进中", "percent": "40", "narrative": "已开工建设"}
    data.update({k: v for k, v in fields.items() if v is not None})
    return {"csrf_token": getattr(client, "csrf_token", ""), **data}


def _post_report(
    client: httpx.Client, task: str, files: list[tuple[str, bytes, str]] | None = None, **fields: Any
) -> httpx.Response:
    parts = [("evidence", (name, data, ctype)) for name, data, ctype in files or []]
    return client.post(
        f"/plans/1/tasks/{task}/progress",
        data=_form(client, **fields),
        files=parts or [("evidence", ("", b"", "application/octet-stream"))],
        headers={"X-CSRF-Token": ""},  # a plain form sends its token as a field
    )


def test_upload_then_download_byte_identical(site: Site) -> None:
    reporter = site.reporter
    page = reporter.get(f"/plans/1/tasks/{OWN}")
    text = html.unescape(page.text)
    assert "报送进展" in text and 'enctype="multipart/form-data"' in text and "2026Q" in text

    r = _post_report(
        reporter, OWN, [("开工证明（盖章）.pdf", PDF, "application/pdf"), ("现场照片.png", PNG, "image/png")]
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/plans/1/tasks/{OWN}?reported=1#progress"
    assert site.counts() == (2, 1)

    data = reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()
    report = data["history"][0]
    assert report["status"] == "submitted" and report["percent"] == 40 and report["period"] == "2026Q2"
    assert [e["name"] for e in report["evidence"]] == ["开工证明（盖章）.pdf", "现场照片.png"]
    assert (
        data["standing"]["id"] == report["id"] and data["can_report"] is True and data["can_review"] is False
    )

    page = html.unescape(reporter.get(f"/plans/1/tasks/{OWN}?reported=1").text)
    assert "已报送，等待规划处审核" in page and "待审核" in page
    for entry, original in zip(report["evidence"], (PDF, PNG), strict=True):
        assert entry["url"] in page
        got = reporter.get(entry["url"])
        assert got.status_code == 200
        assert got.content == original
        assert got.headers["x-content-type-options"] == "nosniff"
        disposition = got.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(entry['name'], safe='')}" in disposition
    assert reporter.get(report["evidence"][0]["url"]).headers["content-type"] == "application/pdf"
    api = reporter.get(f"/api/v1{report['evidence'][1]['url']}")
    assert api.status_code == 200 and api.content == PNG

    with httpx.Client(base_url=site.url) as anon:  # files are for signed-in users only
        assert anon.get(f"/api/v1{report['evidence'][0]['url']}").status_code == 401
        page_download = anon.get(report["evidence"][0]["url"])
        assert page_download.status_code == 303 and "/login" in page_download.headers["location"]
    assert reporter.get("/plans/1/evidence/999999").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00" + bytes(100), "文件类型“.exe”不允许上传"),
        ("伪装.pdf", PNG, "内容不是 PDF 文件"),
        ("空白.docx", b"", "是空文件"),
        ("假文档.docx", PDF, "内容不是 Word 文件"),
        ("太大.pdf", PDF + bytes(3000), "太大"),
    ],
)
def test_refused_file_stores_nothing(
    start_server: Callable[..., Any],
    create_user_in: Callable[..., Any],
    log_in_to: Callable[..., Any],
    name: str,
    data: bytes,
    message: str,
) -> None:
    site = Site(start_server, create_user_in, log_in_to, evidence_max_bytes=len(PDF) + 1000)
    good = ("说明.docx", _docx(), "application/octet-stream")
    r = _post_report(
        site.reporter, OWN, [good, (name, data, "application/octet-stream")], narrative="保留的说明"
    )
    assert r.status_code == 400
    text = html.unescape(r.text)
    assert message in text and name in text
    assert "保留的说明" in text  # the form comes back with what was typed
    assert site.counts() == (0, 0)

    body = {"period": "2026Q2", "state": "推进中", "percent": 40,
            "files": [{"filename": name, "content_base64": base64.b64encode(data).decode()}]}  # fmt: skip
    j = site.reporter.post(f"/api/v1/plans/1/tasks/{OWN}/progress", json=body)
    assert j.status_code == 400 and message in j.json()["error"]
    assert site.counts() == (0, 0)


def test_filename_is_sanitised_and_docx_accepted(site: Site) -> None:
    r = _post_report(site.reporter, OWN, [("..\\..\\etc/报告<1>:.docx", _docx(), "application/msword")])
    assert r.status_code == 303, r.text
    data = site.reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()
    assert [f["name"] for f in data["files"]] == ["报告_1_.docx"]
    assert data["files"][0]["content_type"].endswith("wordprocessingml.document")
    # what a browser cannot send through httpx's form encoding
    assert sanitise_filename("C:\\x\\.报\x07告\x00.pdf") == "报_告_.pdf"
    long = sanitise_filename("长" * 300 + ".xlsx")
    assert len(long) == 120 and long.endswith("长.xlsx")


def test_permissions_are_refused_in_chinese(site: Site) -> None:
    r = _post_report(site.reporter, OTHER)
    assert r.status_code == 403 and "只能报送本部门牵头或配合的任务" in html.unescape(r.text)
    j = site.reporter.post(f"/api/v1/plans/1/tasks/{OTHER}/progress", json={"state": "推进中", "percent": 10})
    assert j.status_code == 403 and "没有权限" in j.json()["error"]
    assert (
        site.viewer.post(
            f"/api/v1/plans/1/tasks/{OWN}/progress", json={"state": "推进中", "percent": 10}
        ).status_code
        == 403
    )
    other_page = html.unescape(site.reporter.get(f"/plans/1/tasks/{OTHER}").text)
    assert (
        "progress-form" not in other_page and "只有本任务的牵头、配合部门和规划处可以报送进展" in other_page
    )
    assert site.counts() == (0, 0)

    ok = site.reporter.post(f"/api/v1/plans/1/tasks/{OWN}/progress", json={"state": "推进中", "percent": 10})
    assert ok.status_code == 201, ok.text
    rid = ok.json()["report"]["id"]
    for client in (site.reporter, site.viewer):
        assert client.get("/plans/1/reviews").status_code == 403
        assert client.get("/api/v1/plans/1/reviews").status_code == 403
        refused = client.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True})
        assert refused.status_code == 403 and "只有规划处或管理员可以审核" in refused.json()["error"]
    with httpx.Client(base_url=site.url) as anon:
        assert anon.post(f"/api/v1/plans/1/tasks/{OWN}/progress", json={}).status_code == 401
        assert anon.get("/api/v1/inbox").status_code == 401
        assert anon.get("/inbox").status_code == 303
    assert site.counts() == (0, 1)


def test_missing_csrf_token_is_refused(site: Site) -> None:
    r = site.reporter.post(
        f"/plans/1/tasks/{OWN}/progress",
        data={"period": "2026Q2", "state": "推进中", "percent": "40"},
        files=[("evidence", ("a.pdf", PDF, "application/pdf"))],
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 403 and "CSRF" in html.unescape(r.text)
    j = site.reporter.post(
        f"/api/v1/plans/1/tasks/{OWN}/progress",
        json={"state": "推进中", "percent": 1},
        headers={"X-CSRF-Token": ""},
    )
    assert j.status_code == 403
    assert site.counts() == (0, 0)
    ok = site.reporter.post(f"/api/v1/plans/1/tasks/{OWN}/progress", json={"state": "推进中", "percent": 1})
    rid = ok.json()["report"]["id"]
    r = site.planner.post(
        f"/plans/1/reports/{rid}/review", data={"action": "approve"}, headers={"X-CSRF-Token": ""}
    )
    assert r.status_code == 403
    assert (
        site.reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()["history"][0]["status"]
        == "submitted"
    )


def test_submit_return_resubmit_approve_with_inbox(site: Site) -> None:
    reporter, planner = site.reporter, site.planner
    body = {"period": "2026Q2", "state": "推进中", "percent": 30, "narrative": "完成选址",
            "files": [{"filename": "选址批复.pdf", "content_base64": base64.b64encode(PDF).decode()}]}  # fmt: skip
    first = reporter.post(f"/api/v1/plans/1/tasks/{OWN}/progress", json=body)
    assert first.status_code == 201, first.text
    rid = first.json()["report"]["id"]
    file_id = first.json()["report"]["evidence"][0]["file_id"]

    queue = planner.get("/api/v1/plans/1/reviews").json()
    assert [r["id"] for r in queue["reports"]] == [rid] and queue["reports"][0]["lead"] == "大连市教育局"
    page = html.unescape(planner.get("/plans/1/reviews").text)
    assert "选址批复.pdf" in page and "退回意见" in page and f"/plans/1/reports/{rid}/review" in page
    inbox = planner.get("/api/v1/inbox").json()
    assert any(i["kind"] == "review" and i["task"] == OWN for i in inbox["items"])

    r = planner.post(f"/plans/1/reports/{rid}/review", data={"action": "return", "comment": " "})
    assert r.status_code == 400 and "退回报告须填写意见" in html.unescape(r.text)
    r = planner.post(
        f"/plans/1/reports/{rid}/review", data={"action": "return", "comment": "请补充施工许可证"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/plans/1/reviews?done=return"

    inbox = reporter.get("/api/v1/inbox").json()
    returned = [i for i in inbox["items"] if i["kind"] == "returned"]
    assert len(returned) == 1 and "请补充施工许可证" in returned[0]["body"] and returned[0]["task"] == OWN
    assert returned[0]["link"] == f"/plans/1/tasks/{OWN}"
    assert reporter.get("/api/v1/inbox/count").json()["count"] == inbox["count"]
    page = html.unescape(reporter.get("/inbox").text)
    assert "请补充施工许可证" in page and f"/plans/1/tasks/{OWN}" in page
    assert "data-inbox-count" in page

    # resubmitted with the file already stored plus a new one
    r = _post_report(reporter, OWN, [("施工许可证.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "image/jpeg")],
                     percent="35", keep=str(file_id))  # fmt: skip
    assert r.status_code == 303, r.text
    assert site.counts() == (2, 3)
    stale = planner.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True})
    assert stale.status_code == 409 and "重新填报，请刷新后再审核" in stale.json()["error"]
    latest = planner.get("/api/v1/plans/1/reviews").json()["reports"]
    assert len(latest) == 1 and [e["name"] for e in latest[0]["evidence"]] == [
        "选址批复.pdf",
        "施工许可证.jpg",
    ]
    ok = planner.post(
        f"/api/v1/plans/1/reports/{latest[0]['id']}/review", json={"approve": True, "comment": "同意"}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"

    data = reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()
    # two reports, each one entry as last decided (a review is no report of its own)
    assert [h["status"] for h in data["history"]] == ["approved", "returned"]
    assert data["standing"]["status"] == "approved" and data["standing"]["percent"] == 35
    assert data["pending"] == [] and planner.get("/api/v1/plans/1/reviews").json()["count"] == 0
    assert not [i for i in reporter.get("/api/v1/inbox").json()["items"] if i["kind"] == "returned"]
    page = html.unescape(reporter.get(f"/plans/1/tasks/{OWN}").text)
    assert "已通过" in page and "请补充施工许可证" in page and page.count('class="report"') == 2


def test_closing_needs_evidence(site: Site) -> None:
    r = _post_report(site.reporter, OWN, state="已完成", percent="100", closes="1")
    assert r.status_code == 400 and "须附至少一个佐证材料" in html.unescape(r.text)
    r = _post_report(
        site.reporter,
        OWN,
        [("验收报告.pdf", PDF, "application/pdf")],
        state="已完成",
        percent="100",
        closes="1",
    )
    assert r.status_code == 303
    report = site.reporter.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()["history"][0]
    assert report["closes_task"] is True and report["evidence"][0]["name"] == "验收报告.pdf"
