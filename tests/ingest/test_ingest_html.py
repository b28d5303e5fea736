from __future__ import annotations

import codecs
import html
from pathlib import Path

import pytest
from ingest_helpers import block_texts, check_spans

from planwatch.ingest import read_bytes, read_path
from planwatch.model import Document

PAGE = """<!DOCTYPE html>
<html>
<head>
  <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
  <title> 大连市“十五五”规划建议_大连市人民政府 </title>
  <style>p { text-indent: 2em; }</style>
  <script>var tracker = "不应出现";</script>
</head>
<body>
  <div class="nav">首页 &gt; 政策文件</div>
  <noscript>请启用脚本</noscript>
  <h1>中共大连市委关于制定规划的建议</h1>
  <div class="TRS_Editor">
    <h2>一、总体要求</h2>
    <p>&nbsp;&nbsp;（一）指导思想。坚持&ldquo;两先区&rdquo;建设，推动高质量发展&amp;共同富裕。</p>
    <p>源文件里换行的
       中文段落。</p>
    直接写在 div 里的文字<br>第二行<br/>第三行
    <ul><li>重点任务一</li><li>重点<b>任务</b>二</li></ul>
    <blockquote>引用的文字</blockquote>
    <p style="display:none">隐藏的段落</p>
    <h3>专栏1 主要指标</h3>
    <table>
      <caption>主要指标表</caption>
      <tr><th>指标</th><th>2025年</th><th>2030年</th></tr>
      <tr><td rowspan="2">经济</td><td>5.5</td><td>5左右</td></tr>
      <tr><td colspan="2">保持合理增长</td></tr>
    </table>
    <pre>第一行
  第二行</pre>
  </div>
</body>
</html>
"""


def _read(text: str, encoding: str = "utf-8", name: str = "page.html") -> Document:
    return read_bytes(text.encode(encoding), name)


def test_blocks_headings_and_title() -> None:
    document = read_bytes(PAGE.encode("gbk"), "page.html")
    assert document.format == "html"
    assert document.encoding == "gb18030"
    assert document.title == "大连市“十五五”规划建议_大连市人民政府"
    texts = block_texts(document)
    assert texts == [
        "首页 > 政策文件",
        "中共大连市委关于制定规划的建议",
        "一、总体要求",
        "（一）指导思想。坚持“两先区”建设，推动高质量发展&共同富裕。",
        "源文件里换行的中文段落。",
        "直接写在 div 里的文字",
        "第二行",
        "第三行",
        "重点任务一",
        "重点任务二",
        "引用的文字",
        "专栏1 主要指标",
        "主要指标表",
        "指标\t2025年\t2030年\n经济\t5.5\t5左右\n\t保持合理增长\t",
        "第一行",
        "第二行",
    ]
    levels = [(b.kind, b.level) for b in document.blocks if b.kind != "paragraph"]
    assert levels == [("heading", 1), ("heading", 2), ("heading", 3), ("table", None)]
    for hidden in ("不应出现", "请启用脚本", "隐藏的段落", "text-indent"):
        assert hidden not in document.text
    check_spans(document)


def test_table_with_spans() -> None:
    document = read_bytes(PAGE.encode("gbk"), "page.html")
    assert document.tables[0].rows == (
        ("指标", "2025年", "2030年"),
        ("经济", "5.5", "5左右"),
        ("", "保持合理增长", ""),
    )


def test_nbsp_indent_is_text_but_not_span() -> None:
    document = read_bytes(PAGE.encode("gbk"), "page.html")
    paragraph = document.blocks[3]
    assert document.text[paragraph.start - 2 : paragraph.start] == "\u00a0\u00a0"


def test_title_falls_back_to_first_h1() -> None:
    document = _read("<html><body><h2>副标题</h2><h1>规划 <em>建议</em></h1><p>正文</p></body></html>")
    assert document.title == "规划 建议"


def test_no_title() -> None:
    document = _read("<html><body><p>正文</p></body></html>")
    assert document.title is None


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),  # declared gb2312, really UTF-8: the bytes win
        (codecs.BOM_UTF8 + PAGE.replace("gb2312", "utf-8").encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16"),
        (
            PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "").encode(
                "gbk"
            ),
            "gb18030",
        ),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    document = read_bytes(data, "page.html")
    assert document.encoding == encoding
    assert "（一）指导思想" in document.text


def test_wrong_declared_charset_is_overridden_with_a_warning() -> None:
    page = PAGE.replace("charset=gb2312", "charset=utf-8")
    document = read_bytes(page.encode("gbk"), "page.html")
    assert document.encoding == "gb18030"
    assert "（一）指导思想" in document.text
    assert any("utf-8" in w and "不符" in w for w in document.warnings)


def test_stale_western_charset_on_a_chinese_page() -> None:
    page = PAGE.replace("charset=gb2312", "charset=iso-8859-1")
    document = read_bytes(page.encode("gbk"), "page.html")
    assert document.encoding == "gb18030"
    assert "（一）指导思想" in document.text


def test_big5_page_declared_as_big5() -> None:
    page = "<html><head><meta charset='big5'></head><body><p>國民經濟和社會發展規劃綱要</p></body></html>"
    document = read_bytes(page.encode("big5"), "tw.html")
    assert document.encoding == "big5"
    assert block_texts(document) == ["國民經濟和社會發展規劃綱要"]


def test_numeric_entities_and_crlf() -> None:
    document = _read("<html>\r\n<body>\r\n<p>&#x4E00;&#20108;&#x4e09;、&lt;目标&gt;</p>\r\n</body></html>")
    assert block_texts(document) == ["一二三、<目标>"]


def test_dalian_as_html_paragraphs(tmp_path: Path, dalian_lines: list[str]) -> None:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in dalian_lines)
    path = tmp_path / "dalian.htm"
    path.write_text(f"<html><head><meta charset='utf-8'><title>建议</title></head><body>{body}</body></html>")
    document = read_path(path)
    assert block_texts(document) == dalian_lines
    assert document.title == "建议"


def test_br_separated_paragraphs_in_one_div(dalian_lines: list[str]) -> None:
    body = "<br>\n".join(html.escape(line) for line in dalian_lines[:10])
    document = read_bytes(f"<div>{body}</div>".encode(), "fragment.html")
    assert block_texts(document) == dalian_lines[:10]


def test_heading_with_br_stays_one_heading() -> None:
    document = _read("<html><body><h1>中共大连市委关于制定<br>规划的建议</h1><p>正文</p></body></html>")
    assert block_texts(document)[0] == "中共大连市委关于制定\n规划的建议"
