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
