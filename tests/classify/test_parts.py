from taosha.classify.parts import InjectedParts
from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Label, Line, Page


def _kept(*texts):
    return Page("d", [Line(t, i, junk_probability=0.1, label=Label.CONTENT) for i, t in enumerate(texts, 1)])


def test_injected_parts_learns_from_labeled_m_lines():
    from tests.conftest import LABELED

    pages = read_labeled_dirs([LABELED / "pages" / "hacked", LABELED / "pages" / "news"])
    from taosha.train.fit import fit_lines
    from taosha.train.spliced import spliced_pages

    wording = fit_lines(pages).wording
    parts = InjectedParts()
    parts.fit(spliced_pages(pages, parts.splice_share, spam_share=parts.spam_share), wording)
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
    from taosha.classify.parts import coherence

    # Cores 0 and 1 are page 0, core 2 page 1. Of the part's bigrams (粮食, 食生, 生产) only 粮食 is in
    # another line of page 0; its own line's core, and page 1, do not count.
    cores = ["粮食生产", "粮食丰收", "粮食生产"]
    assert list(coherence(["粮食生产", "粮食生产"], [0, 2], cores, [0, 0, 1])) == [1 / 3, 0.0]


def test_coherence_ignores_names_glued_on_as_heads_or_tails_of_other_lines():
    from taosha.classify.parts import candidates, coherence
    from taosha.record import Line

    lines = [Line(text, n) for n, text in enumerate(
        ["彩多多计划网：今年全市粮食生产再获丰收，总产量再创新高。", "彩多多计划网：秋收进度已经过半，各地农机纷纷下田。",
         "今年新建高标准农田十万亩，灌溉条件明显改善。天天赢麻将 彩多多计划网"], 1)]
    found = candidates([lines])
    # Rotated through heads and tails, the site's name is never part of a line's core.
    assert "彩多多计划网" not in "".join(found.cores)
    shares = coherence(found.texts, found.lines, found.cores, [0] * len(found.cores))
    assert all(share == 0.0 for text, share in zip(found.texts, shares) if "彩多多" in text)


def test_cohesion_is_the_share_of_a_parts_bigrams_found_in_the_rest_of_its_line():
    from taosha.classify.parts import cohesion

    # 粮食生产 has bigrams 粮食, 食生, 生产; the first rest holds 粮食 and 生产, the second none of them.
    assert list(cohesion(["粮食生产", "粮食生产"], ["粮食增产，生产稳定", "她把信折好"])) == [2 / 3, 0.0]
