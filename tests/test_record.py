from taosha.record import Label, Line, Span, Tag


def test_tags_map_to_content_or_junk():
    assert [t.label for t in Tag] == [Label.CONTENT, Label.CONTENT, Label.JUNK, Label.JUNK, Label.JUNK]


def test_clean_is_empty_for_junk_and_the_line_for_content():
    line = Line("正文。", 1, junk_probability=0.9, label=Label.JUNK)
    assert line.clean == ""
    line = Line("正文。", 1, junk_probability=0.1, label=Label.CONTENT)
    assert line.clean == "正文。"


def test_clean_cuts_removed_spans():
    line = Line("某某娱乐城：宜春市下雨了。水印", 1, junk_probability=0.1, label=Label.CONTENT,
                removed=(Span(0, 6, "spam"), Span(13, 15, "affix")))
    assert line.clean == "宜春市下雨了。"


def test_blank_line():
    assert Line("  \t", 1).is_blank and not Line(" 字 ", 1).is_blank


def test_cut_out_removes_spans_given_in_any_order_even_overlapping():
    from taosha.record import Span, cut_out

    text = "王者现金网：正文内容。广告尾巴"
    assert cut_out(text, [Span(11, 15, "spam tail"), Span(0, 6, "spam head")]) == "正文内容。"
    # A span inside another, or running into it, takes nothing twice and leaves nothing behind.
    assert cut_out(text, [Span(0, 6, "spam head"), Span(2, 4, "spliced fragment"), Span(5, 8, "x")]) == "内容。广告尾巴"
    assert cut_out(text, []) == text
