import logging

import pytest

from taosha.readers import read_pages
from taosha.readers.html import declared_charset, html_lines, read_html

PAGE = """<html><head><meta charset="gbk"><title>新闻标题_某某网</title>
<style>.nav{margin:0}</style><script>var a = 1;</script></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/n">新闻</a></div>
<h1>新闻标题</h1><p>第一段<b>正文</b>，内容。</p><p>第二段<br>换行后</p>
<noscript>请开启脚本</noscript><ul><li>列表一</li><li>列表二</li></ul></body></html>"""


def test_lines_are_cut_at_blocks_and_scripts_dropped():
    assert html_lines(PAGE) == ["新闻标题_某某网", "首页 | 新闻", "新闻标题", "第一段正文，内容。", "第二段",
                                "换行后", "列表一", "列表二"]


def test_declared_charset_and_decoding():
    data = PAGE.encode("gbk")
    assert declared_charset(data) == "gb18030"
    page, decoded = read_html(data, "p.html")
    assert decoded.encoding == "gb18030" and page.lines[3].text == "第一段正文，内容。"


def test_undeclared_big5_is_detected():
    markup = "<html><body><p>東昌府區全面打響創城工作攻堅戰，居民積極參與。</p></body></html>"
    page, _ = read_html(markup.encode("big5"), "p.htm")
    assert page.lines[0].text == "東昌府區全面打響創城工作攻堅戰，居民積極參與。"


@pytest.mark.parametrize("markup", [
    "<html><head><title>标题</title><body><p>正文第一段。</p></body></html>",
    "<html><head><title>标题</title><p>正文第一段。</p>",
    "<html><head><title>标题</title><meta charset=utf-8><div>正文第一段。</div>",
    "<html><head><title>标题</title><meta charset=utf-8>正文第一段。",
    "<head><title>标题</title><br/>正文第一段。",
])
def test_the_body_begins_where_head_content_ends_without_end_tag(markup):
    # </head> may be left out: a body element (or text) ends the head, whose content alone is dropped.
    assert html_lines(markup) == ["标题", "正文第一段。"]


def test_head_content_before_the_body_is_still_dropped():
    markup = ("<html><head><title>标题</title><noscript><img src=x></noscript><meta name=a content=b>"
              "<script>var a = 1;</script><style>p{}</style><body><p>正文。</p>")
    assert html_lines(markup) == ["标题", "正文。"]


def test_an_end_tag_closes_dropped_elements_left_open_inside_it():
    markup = "<p>前文一段。</p><noscript><iframe src=x></noscript><p>后文一段。</p>"
    assert html_lines(markup) == ["前文一段。", "后文一段。"]
    markup = "<html><head><noscript><iframe src=x></head><body><p>正文。</p>"
    assert html_lines(markup) == ["正文。"]


@pytest.mark.parametrize("tag, kept", [
    ("script", "var a = 1;"), ("style", "p {color: red}"), ("iframe", "框内文字"), ("noscript", "请开启脚本"),
])
def test_an_element_never_closed_does_not_hide_what_follows(tag, kept):
    markup = f"<p>前文一段。</p><{tag}>{kept}<p>后文一段。</p><div>结尾。</div>"
    problems = []
    page, _ = read_html(markup.encode(), "p.html", on_problem=problems.append)
    assert [line.text for line in page.lines] == ["前文一段。", kept, "后文一段。", "结尾。"]
    assert [str(problem) for problem in problems] == [
        f"p.html: <{tag}> at markup line 1 is never closed: what follows it is read as text, not dropped"]


def test_nested_elements_never_closed_are_all_read_and_reported():
    markup = "<p>前文。</p>\n<script>var a;<iframe src=x>\n<p>后文。</p>"
    problems = []
    page, _ = read_html(markup.encode(), "p.html", on_problem=problems.append)
    assert [line.text for line in page.lines] == ["前文。", "var a;", "后文。"]
    assert ["<script> at markup line 2" in str(p) for p in problems] == [True, False]
    assert "<iframe> at markup line 2" in str(problems[1])


def test_closed_elements_report_nothing():
    problems = []
    read_html(PAGE.encode("gbk"), "p.html", on_problem=problems.append)
    assert problems == []


def test_without_on_problem_an_unclosed_element_is_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="taosha"):
        page, _ = read_html("<p>前文。</p><script>var a;<p>后文。</p>".encode(), "p.html")
    assert [line.text for line in page.lines] == ["前文。", "var a;", "后文。"]
    assert "p.html: <script> at markup line 1 is never closed" in caplog.text


def test_reading_files_passes_an_unclosed_element_on(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes("<p>前文。</p><script>var a;<p>后文。</p>".encode())
    problems = []
    pages = list(read_pages([str(path)], on_problem=problems.append))
    assert [line.text for line in pages[0].lines] == ["前文。", "var a;", "后文。"]
    assert [str(problem) for problem in problems] == [
        f"{path}: <script> at markup line 1 is never closed: what follows it is read as text, not dropped"]
