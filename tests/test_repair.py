
from taosha import repair
from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Label, Line, Page, Span
from taosha.repair import (
    AFFIX_MAX,
    AFFIX_MIN,
    AffixMemory,
    InjectedParts,
    affix_spans,
    candidate_parts,
    is_pinyin,
    merge,
    repair_pages,
    tail_of,
)

WATERMARK = "81W每天发布大量与生活相关的资讯平台"


def _kept(*texts):
    return Page("d", [Line(t, i, junk_probability=0.1, label=Label.CONTENT) for i, t in enumerate(texts, 1)])


def repair_page(page, memory, parts):
    return repair_pages([page], [memory.learn(page)], parts)[0]


def _clean(page):
    return [line.clean for line in page.lines]


def test_pinyin_is_cut_and_real_brackets_stay():
    assert is_pinyin("jīng") and is_pinyin("qū") and is_pinyin("zhuang4") and not is_pinyin("okx")
    page = _kept("張家口經(jīng)開區(qū)圍繞原則", "（记者 王万亮）欧易(OKX)成立(2023)年(app)")
    repair_page(page, AffixMemory(), None)
    assert _clean(page) == ["張家口經開區圍繞原則", "（记者 王万亮）欧易(OKX)成立(2023)年(app)"]


def test_one_bracketed_reading_is_not_enough():
    page = _kept("菱(líng)角是一种水生植物。", "第二段正文内容。")
    repair_page(page, AffixMemory(), None)
    assert _clean(page) == ["菱(líng)角是一种水生植物。", "第二段正文内容。"]


def test_repeated_tail_is_found_without_a_list_and_sentence_end_stays():
    page = _kept(f"改造老旧小区，提升市容环境。{WATERMARK}", f"党员干部带好头。{WATERMARK}",
                 f" 深入一线 强化责任抓落实{WATERMARK}", f"来源：衡水日报{WATERMARK}", "最后一段没有水印。")
    repair_page(page, AffixMemory(), None)
    assert _clean(page) == ["改造老旧小区，提升市容环境。", "党员干部带好头。", " 深入一线 强化责任抓落实",
                            "来源：衡水日报", "最后一段没有水印。"]


def test_a_tail_once_per_page_is_found_across_the_run():
    memory = AffixMemory()
    pages = [_kept(f"第{n}篇文章的正文内容。本文来自某某资讯网") for n in range(4)]
    cleaned = [_clean(repair_page(page, memory, None))[0] for page in pages]
    assert cleaned[-1] == "第3篇文章的正文内容。"


def test_a_page_is_given_only_the_learned_affixes_its_lines_end_with():
    # A run over many sites learns many watermarks; handing each page all of them grew with the run.
    memory = AffixMemory()
    for site in range(50):
        for n in range(3):
            memory.learn(_kept(f"第{n}篇文章的正文内容。本文来自第{site}号资讯网"))
    assert len(memory.affixes) == 50
    assert memory.learn(_kept("没有水印的正文。", "另一段正文。")) == set()
    assert memory.learn(_kept("新的正文内容。本文来自第7号资讯网")) == {"本文来自第7号资讯网"}


def test_tails_pending_in_the_run_stay_bounded_and_the_latest_still_count(monkeypatch):
    # Tails each seen on exactly two paragraphs never become affixes; once they filled the bound, every
    # page rebuilt the whole memory and it kept growing.
    monkeypatch.setattr(repair, "MEMORY_TAILS", 20)
    memory = AffixMemory()
    for n in range(60):
        memory.learn(_kept(f"第{n}篇正文的第一段。转自第{n}号公众号", f"第{n}篇正文的第二段。转自第{n}号公众号"))
        assert len(memory.bodies) <= 20
    memory.learn(_kept("又一篇正文的一段。转自第59号公众号"))
    assert "转自第59号公众号" in memory.affixes


def test_a_tail_is_what_follows_the_last_sentence_end_within_the_affix_sizes():
    assert tail_of("正文。" + "长" * AFFIX_MAX) == "长" * AFFIX_MAX
    assert tail_of("正文。" + "长" * (AFFIX_MAX + 1)) == ""  # a sentence, not an affix
    assert tail_of("正文。前文。" + "短" * AFFIX_MIN + " ") == "短" * AFFIX_MIN
    assert tail_of("正文。" + "短" * (AFFIX_MIN - 1)) == ""


def test_bracketed_sign_offs_are_never_learned_as_run_affixes():
    memory = AffixMemory()
    for n in range(5):
        page = repair_page(_kept(f"第{n}篇新闻正文内容。（记者 王万亮）"), memory, None)
    assert _clean(page) == ["第4篇新闻正文内容。（记者 王万亮）"]


def test_tail_and_affix_helpers():
    assert tail_of("正文。水印短语在此") == "水印短语在此" and tail_of("正文。") == ""
    assert affix_spans("正文。水印短语", {"水印短语"}) == [Span(3, 7, "repeated affix")]
    assert merge([Span(0, 3, "a"), Span(2, 5, "b")]) == (Span(0, 5, "a"),)


def test_a_reporters_sign_off_is_never_a_candidate_tail():
    def tails(text):
        return [s for s in candidate_parts(text) if s.reason == "spam tail"]

    assert tails("会议要求抓好落实。（记者 王万亮 通讯员 何欣怡）") == tails("會議要求抓好落實。(記者 王萬亮)") == []
    assert tails("会议要求各单位抓好落实。（图文来源：某某小窝）") == [Span(12, 23, "spam tail")]


def test_candidate_parts():
    reasons = [s.reason for s in candidate_parts("某某现金网网址：宜春市铜鼓县今天召开会议。会议要求抓好落实。鸿运棋牌 聚财捕鱼")]
    assert reasons == ["spam head", "spliced sentence", "spam tail"]


def test_a_fragment_before_the_first_space_is_a_candidate():
    from taosha.repair import split_fragment

    assert split_fragment("但表情却是一股着急的样子:“请问 对如何做好下一步工作，区委常委要求：要强化意识。") == (
        "但表情却是一股着急的样子:“请问", " 对如何做好下一步工作，区委常委要求：要强化意识。")
    assert split_fragment("江门讯 近期，高新区党员领导干部身体力行，带头践行。") is None  # too short to be a fragment
    assert split_fragment("会议强调。要抓好 落实各项工作任务，确保取得实效。") is None  # a sentence ends before the space
    assert split_fragment("一段没有空格的正文，一直写到结尾。") is None


def test_injected_parts_learns_from_labeled_m_lines():
    from tests.conftest import LABELED

    pages = read_labeled_dirs([LABELED / "pages" / "hacked", LABELED / "pages" / "news"])
    from taosha import model

    wording = model.fit(pages).wording
    parts = InjectedParts().fit(pages, wording)
    article = ["全市粮食生产再获丰收", "今年全市粮食播种面积稳定在一百万亩以上，粮食总产量再创新高。",
               "市农业农村局表示，将继续抓好高标准农田建设，稳定粮食播种面积。"]
    page = _kept(*article, "澳门皇冠现金网网址：今年全市高标准农田建设有序推进，粮食产量稳定增长。")
    cut = parts.cuts([page.lines], wording)
    assert list(cut) == [id(page.lines[3])] and [s.reason for s in cut[id(page.lines[3])]] == ["spam head"]
    clean = _kept(*article, "市农业农村局：今年全市高标准农田建设有序推进，粮食产量稳定增长。")
    assert parts.cuts([clean.lines], wording) == {}
    # Scored as one batch, each page's parts are still judged against their own page.
    both = parts.cuts([page.lines, clean.lines], wording)
    assert list(both) == [id(page.lines[3])]


def test_coherence_counts_bigrams_found_in_the_core_of_another_line_of_the_same_page():
    from taosha.repair import coherence

    # Cores 0 and 1 are page 0, core 2 page 1. Of the part's bigrams (粮食, 食生, 生产) only 粮食 is in
    # another line of page 0; its own line's core, and page 1, do not count.
    cores = ["粮食生产", "粮食丰收", "粮食生产"]
    assert list(coherence(["粮食生产", "粮食生产"], [0, 2], cores, [0, 0, 1])) == [1 / 3, 0.0]


def test_coherence_ignores_names_glued_on_as_heads_or_tails_of_other_lines():
    from taosha.record import Line
    from taosha.repair import candidates, coherence

    lines = [Line(text, n) for n, text in enumerate(
        ["彩多多计划网：今年全市粮食生产再获丰收，总产量再创新高。", "彩多多计划网：秋收进度已经过半，各地农机纷纷下田。",
         "今年新建高标准农田十万亩，灌溉条件明显改善。天天赢麻将 彩多多计划网"], 1)]
    found = candidates([lines])
    # Rotated through heads and tails, the site's name is never part of a line's core.
    assert "彩多多计划网" not in "".join(found.cores)
    shares = coherence(found.texts, found.lines, found.cores, [0] * len(found.cores))
    assert all(share == 0.0 for text, share in zip(found.texts, shares) if "彩多多" in text)


def test_spliced_pages_glue_another_sources_spam_names_on_as_heads_or_tails():
    from taosha.record import Tag
    from taosha.repair import SPAM_PIECE, spliced_pages

    def page(source, sentence, spam):
        return Page(source, [Line(sentence * 3, n, Tag.C) for n in range(1, 41)] + [Line(spam, 41, Tag.S)],
                    source=source)

    pages = [page("a", "今年全市粮食播种面积稳定在一百万亩以上。", "长沙痛风专科医院 | 长沙治疗痛风哪家好"),
             page("b", "她把那封信折好，压在了枕头底下。", "鸿运棋牌娱乐 聚财捕鱼官网")]
    spliced = spliced_pages(pages, share=0.0, seed=1, spam_share=0.5)
    glued = [(p, old, new) for p, q in zip(pages, spliced) for old, new in zip(p.lines, q.lines) if old is not new]
    heads = [new for _, old, new in glued if new.text.endswith(old.text)]
    tails = [new for _, old, new in glued if new.text.startswith(old.text)]
    assert heads and tails and len(heads) + len(tails) == len(glued)
    for p, old, new in glued:
        (part,) = new.injected
        assert new.tag is Tag.M and part and part in new.text
        rest = part.rstrip("：:")
        for name in SPAM_PIECE.findall(next(q for q in pages if q is not p).lines[-1].text):
            rest = rest.replace(name, "")
        assert not rest.strip()  # made of the other source's spam names only
    assert all(new.injected[0].endswith(("：", ":")) for new in heads)


def test_a_page_crawled_again_does_not_make_its_endings_a_watermark():
    memory = AffixMemory()
    for _ in range(4):
        page = repair_page(_kept("会议强调要抓好落实。张三说得很有道理", "第二段正文内容。"), memory, None)
    assert _clean(page)[0] == "会议强调要抓好落实。张三说得很有道理"


def test_on_a_pinyin_page_a_heading_with_one_note_is_cut_too():
    assert is_pinyin("xué") and is_pinyin("jue")
    page = _kept("城鄉(xiāng)面貌全域提升", "經(jīng)開區(qū)著力治理", "創(chuàng)建氛圍更趨濃厚，學(xué)校參與")
    repair_page(page, AffixMemory(), None)
    assert _clean(page) == ["城鄉面貌全域提升", "經開區著力治理", "創建氛圍更趨濃厚，學校參與"]


def test_cohesion_is_the_share_of_a_parts_bigrams_found_in_the_rest_of_its_line():
    from taosha.repair import cohesion

    # 粮食生产 has bigrams 粮食, 食生, 生产; the first rest holds 粮食 and 生产, the second none of them.
    assert list(cohesion(["粮食生产", "粮食生产"], ["粮食增产，生产稳定", "她把信折好"])) == [2 / 3, 0.0]


def test_spliced_pages_glue_a_recorded_piece_from_another_source_in_front_of_long_content_lines():
    from taosha.record import Tag
    from taosha.repair import spliced_pages

    def page(source, sentence):
        return Page(source, [Line(sentence * 3, n, Tag.C) for n in range(1, 41)] + [Line("首页", 41, Tag.B)],
                    source=source)

    pages = [page("a", "今年全市粮食播种面积稳定在一百万亩以上。"), page("b", "她把那封信折好，压在了枕头底下。")]
    spliced = spliced_pages(pages, seed=1)
    again = spliced_pages(pages, seed=1)  # the same seed splices the same pieces
    assert [l.text for q in spliced for l in q.lines] == [l.text for q in again for l in q.lines]
    changed = [(p, old, new) for p, q in zip(pages, spliced) for old, new in zip(p.lines, q.lines) if old is not new]
    assert changed and all(new.tag is Tag.M and new.text.endswith(old.text) for _, old, new in changed)
    for p, old, new in changed:
        (piece,) = new.injected
        assert new.text.startswith(piece) and len(piece) >= 6
        other = next(q for q in pages if q is not p)
        assert piece.strip() in other.lines[0].text  # always from the other source's page
    assert all(l.tag is Tag.C for l in pages[0].lines[:40])  # the originals are left alone


def test_html_tags_left_inside_a_kept_line_are_cut_and_the_words_kept():
    from taosha.repair import markup_spans
    from taosha.record import cut_out

    text = '先来回答<br><b>达到</b>了效果 <img src="//p.jpg" width="6"> a<b 且 x>y'
    assert cut_out(text, markup_spans(text)) == "先来回答达到了效果  a<b 且 x>y"  # not "a<b" in prose
