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


@pytest.mark.parametrize("legacy, lines", [("gbk", [SIMPLIFIED, "首页 | 新闻 | 体育", "版权所有 京ICP备12345678号"]),
                                           ("big5", [TRADITIONAL, "首頁 | 新聞 | 體育", "版權所有，轉載請註明出處"])])
def test_lines_of_utf8_and_a_chinese_codec_glued_together_are_each_read_right(legacy, lines):
    glued = [line.encode("utf-8" if n % 2 else legacy) for n, line in enumerate(lines * 2)]
    decoded = decode(b"\r\n".join(glued) + b"\r\n")
    assert split_lines(decoded.text) == lines * 2 and decoded.replaced == 0
    assert decoded.encoding == "utf-8+" + ("gb18030" if legacy == "gbk" else legacy)


def test_a_legacy_page_with_a_line_that_is_also_valid_utf8_stays_legacy():
    line = "滨海县召开防汛工作会议，部署今年的防汛抗旱工作。"
    also_utf8 = next(ch for ch in "牟谋某拇" if _valid_utf8(ch.encode("gbk")))  # a GBK pair that is UTF-8 too
    text = f"{line}\n{also_utf8}\n{line}"
    assert decode(text.encode("gbk")).text == text


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
