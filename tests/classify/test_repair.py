from taosha.classify import repair
from taosha.classify.repair import AFFIX_MAX, AFFIX_MIN, AffixMemory, affix_spans, repair_pages, tail_of
from taosha.classify.spans import is_pinyin, merge
from taosha.record import Label, Line, Page, Span

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
