from taosha.classify.spans import candidate_parts
from taosha.record import Span


def test_a_reporters_sign_off_is_never_a_candidate_tail():
    def tails(text):
        return [s for s in candidate_parts(text) if s.reason == "spam tail"]

    assert tails("会议要求抓好落实。（记者 王万亮 通讯员 何欣怡）") == tails("會議要求抓好落實。(記者 王萬亮)") == []
    assert tails("会议要求各单位抓好落实。（图文来源：某某小窝）") == [Span(12, 23, "spam tail")]


def test_candidate_parts():
    reasons = [s.reason for s in candidate_parts("某某现金网网址：宜春市铜鼓县今天召开会议。会议要求抓好落实。鸿运棋牌 聚财捕鱼")]
    assert reasons == ["spam head", "spliced sentence", "spam tail"]


def test_a_fragment_before_the_first_space_is_a_candidate():
    from taosha.classify.spans import split_fragment

    assert split_fragment("但表情却是一股着急的样子:“请问 对如何做好下一步工作，区委常委要求：要强化意识。") == (
        "但表情却是一股着急的样子:“请问", " 对如何做好下一步工作，区委常委要求：要强化意识。")
    assert split_fragment("江门讯 近期，高新区党员领导干部身体力行，带头践行。") is None  # too short to be a fragment
    assert split_fragment("会议强调。要抓好 落实各项工作任务，确保取得实效。") is None  # a sentence ends before the space
    assert split_fragment("一段没有空格的正文，一直写到结尾。") is None


def test_html_tags_left_inside_a_kept_line_are_cut_and_the_words_kept():
    from taosha.classify.spans import markup_spans
    from taosha.record import cut_out

    text = '先来回答<br><b>达到</b>了效果 <img src="//p.jpg" width="6"> a<b 且 x>y'
    assert cut_out(text, markup_spans(text)) == "先来回答达到了效果  a<b 且 x>y"  # not "a<b" in prose


def test_a_cut_at_either_edge_takes_the_space_that_separated_it():
    from taosha.classify.spans import trimmed_edges
    from taosha.record import Span, cut_out

    head = "赌场名 天气转暖了。城南社区活动中心里人很多。"
    kept = cut_out(head, trimmed_edges(head, (Span(0, 3, "spam head"),)))
    assert kept == "天气转暖了。城南社区活动中心里人很多。"
    tail = "天气转暖了。城南社区活动中心里。\u3000鸿运棋牌"
    assert cut_out(tail, trimmed_edges(tail, (Span(17, len(tail), "spam tail"),))) == "天气转暖了。城南社区活动中心里。"
    inside = "经济<b> 建设</b>"  # a cut inside the line keeps its neighbours' spaces
    assert trimmed_edges(inside, (Span(2, 5, "markup"),)) == (Span(2, 5, "markup"),)
    assert trimmed_edges("  ", (Span(0, 1, "x"),)) == (Span(0, 1, "x"),)
