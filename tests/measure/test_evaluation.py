import pytest

from taosha.measure.evaluation import evaluate, format_report, score_lines
from taosha.record import Label, Line, Page, Tag


def _line(tag, label, text="正文内容", p=None):
    p = p if p is not None else (0.9 if label is Label.JUNK else 0.1)
    return Line(text, 1, tag=tag, junk_probability=p, label=label)


def test_figures_by_hand():
    page = Page("d", [
        _line(Tag.C, Label.CONTENT, "一二三四"),  # content kept
        _line(Tag.M, Label.JUNK, "一二"),  # content lost
        _line(Tag.B, Label.JUNK, "首页"),  # junk caught
        _line(Tag.S, Label.CONTENT, "广告广告广告广告"),  # junk kept
    ], source="s")
    scores = score_lines([page])
    assert scores.junk_precision == pytest.approx(1 / 2) and scores.junk_recall == pytest.approx(1 / 2)
    assert scores.content_kept == pytest.approx(1 / 2)
    assert scores.char_precision == pytest.approx(4 / 12) and scores.char_recall == pytest.approx(4 / 6)
    assert scores.tag_accuracy == {"C": 1.0, "M": 0.0, "B": 1.0, "S": 0.0, "N": None}
    assert scores.confusion["S"] == {"content": 1, "junk": 0}


def test_report_per_source_and_worst_lines_first():
    pages = [Page("a", [_line(Tag.C, Label.JUNK, p=0.99), _line(Tag.B, Label.CONTENT, p=0.4)], source="x"),
             Page("b", [_line(Tag.C, Label.CONTENT)], source="y")]
    report = evaluate(pages)
    assert list(report.by_source) == ["x", "y"] and report.overall.lines == 3
    assert [e.junk_probability for e in report.worst] == [0.99, 0.4]
    assert "ALL" in format_report(report) and "worst-classified" in format_report(report)


def test_no_labeled_pages_is_a_one_line_error(tmp_path, capsys):
    from taosha.cli import main
    from taosha.errors import TaoshaError

    with pytest.raises(TaoshaError, match="no labeled pages"):
        evaluate([], {"chosen": 0.5})
    (tmp_path / "notes.txt").write_text("not labeled\n", encoding="utf-8")
    assert main(["evaluate", str(tmp_path)]) == 2  # the shipped model
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"no labeled pages found in {tmp_path}" in err


def test_operating_points_of_pages_without_gold_tags_are_empty():
    from taosha.measure.evaluation import operating_points

    (point,) = operating_points([Page("d", [Line("首页", 1, junk_probability=0.9, label=Label.JUNK)])],
                                {"chosen": 0.5}).values()
    assert (point.junk_precision, point.junk_recall, point.content_kept) == (None, None, None)


def test_page_char_f1_counts_the_kept_text_by_hand():
    from taosha.measure.evaluation import page_char_f1
    from taosha.record import Span

    cut = _line(Tag.M, Label.CONTENT, "正文句子广告词")  # 4 real characters, 3 injected
    cut.injected = ("广告词",)
    cut.removed = (Span(4, 6, "test"),)  # two of the three injected characters cut
    page = Page("d", [_line(Tag.C, Label.CONTENT, "一二三四"), cut, _line(Tag.B, Label.CONTENT, "首页"),
                      _line(Tag.C, Label.JUNK, "五六")], source="s")
    # content 4 + 4 + 2 = 10 characters; kept 4 + 5 + 2 = 11; both 4 + 4 = 8
    assert page_char_f1(page) == pytest.approx(2 * (8 / 11) * (8 / 10) / (8 / 11 + 8 / 10))
    listing = Page("list", [_line(Tag.B, Label.CONTENT, "首页")])
    assert page_char_f1(listing) is None  # no content: F1 says nothing, junk F1 measures such a page
    assert score_lines([page, listing]).page_char_f1 == page_char_f1(page)
    for line in page.lines:
        line.label = Label.JUNK
    assert page_char_f1(page) == 0.0


def test_m_line_figures_count_a_line_thrown_whole_as_all_cut():
    from taosha.record import Span

    kept = _line(Tag.M, Label.CONTENT, "广告正文正文")
    kept.injected, kept.removed = ("广告",), (Span(0, 2, "test"),)
    thrown = _line(Tag.M, Label.JUNK, "广告正文")
    thrown.injected = ("广告",)
    scores = score_lines([Page("d", [kept, thrown])])
    assert scores.m_lines == 2
    assert scores.m_injected_cut == 1.0  # 2 cut from the kept line, 2 thrown with the other
    assert scores.m_real_cut == pytest.approx(2 / 6)  # the thrown line's 2 real characters of 6


def test_the_worst_lines_say_what_pushed_them(trained_model_dir, corpus_dir):
    from taosha.classify import classify_pages
    from taosha.classify.saved import load
    from taosha.measure.evaluation import evaluate, explain_worst, format_report
    from taosha.readers.labeled import read_labeled_dirs

    saved = load(trained_model_dir)
    pages = list(classify_pages(saved, read_labeled_dirs([corpus_dir])))
    report = evaluate(pages)
    assert report.worst
    explain_worst(report, pages, saved.lines)
    for example in report.worst:
        assert len(example.pushes) == 3 and all(isinstance(name, str) for name, _ in example.pushes)
    assert "first pass pushed by" in format_report(report)
