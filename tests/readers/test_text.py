import pytest

from taosha.readers.text import decode, read_text, split_lines

SIMPLIFIED = "衡水市推进老旧小区改造，居民生活环境明显改善。"
TRADITIONAL = "聊城市東昌府區全面打響創城工作攻堅戰，居民積極參與。"


def test_split_lines_on_lf_crlf_and_lone_cr_only():
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f\n") == ["a", "b", "c", "d\x0ce\u2028f"]
    assert split_lines("") == [] and split_lines("\n") == [""] and split_lines("x") == ["x"]


@pytest.mark.parametrize("text, encoding", [(SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030"),
                                            (TRADITIONAL, "big5"), (TRADITIONAL, "utf-8")])
def test_chinese_encodings_are_detected(text, encoding):
    assert decode(text.encode(encoding)).text == text


def test_boms():
    assert decode(b"\xef\xbb\xbf" + SIMPLIFIED.encode()).text == SIMPLIFIED
    assert decode(SIMPLIFIED.encode("utf-16")).text == SIMPLIFIED


def test_read_text_numbers_every_line_including_blank_ones():
    page, decoded = read_text("标题\n\n正文。\n".encode(), "doc")
    assert [(l.number, l.text) for l in page.lines] == [(1, "标题"), (2, ""), (3, "正文。")]
    assert [l.number for l in page.text_lines] == [1, 3]
    assert decoded.encoding == "utf-8"
