"""Training variants: the same labeled page without its frame, alone, hard-wrapped, and single lines."""
import random

from taosha.record import Line, Page, Tag
from taosha.train.variants import bare, converted, other_script, singles, unframed, with_variants, wrapped

TAGS = "BBCBCMB"


def page():
    lines = [Line(f"第{i}行" + "字" * 20, i + 1, Tag(tag)) for i, tag in enumerate(TAGS)]
    lines[5].injected = ("字字",)
    return Page("news/001.tsv", lines, "news")


def test_unframed_runs_from_the_first_content_line_to_the_last():
    variant = unframed(page())
    assert [l.tag.value for l in variant.lines] == list("CBCM")
    assert [l.number for l in variant.lines] == [1, 2, 3, 4] and variant.augmented and variant.source == "news"


def test_bare_keeps_the_content_lines_alone():
    assert [l.tag.value for l in bare(page()).lines] == list("CCM")


def test_wrapped_breaks_every_line_but_m_lines_at_the_width():
    variant = wrapped(page(), 10)
    assert all(len(l.text) <= 10 for l in variant.lines if l.tag is not Tag.M)
    assert "".join(l.text for l in variant.lines if l.tag is not Tag.M) == "".join(
        l.text for l in page().lines if l.tag is not Tag.M)
    assert sum(l.tag is Tag.M for l in variant.lines) == 1


def test_singles_are_one_content_and_one_junk_line():
    made = singles(page(), random.Random(0))
    assert [(len(p.lines), p.lines[0].tag.label.value) for p in made] == [(1, "content"), (1, "junk")]


def test_variants_are_made_only_from_real_pages_with_content_and_do_not_change_with_the_run():
    junk_only = Page("news/002.tsv", [Line("首页" * 6, 1, Tag.B)], "news")
    first = with_variants([page(), junk_only])
    assert first[:2] == [first[0], junk_only] and all(p.augmented for p in first[2:])
    assert [p.doc for p in first[2:]] == ["news/001.tsv#unframed", "news/001.tsv#bare", first[4].doc,
                                          "news/001.tsv#script", "news/001.tsv#single-content",
                                          "news/001.tsv#single-junk"]
    assert first[4].doc.startswith("news/001.tsv#wrapped")
    again = with_variants([page(), junk_only])
    assert [[l.text for l in p.lines] for p in again] == [[l.text for l in p.lines] for p in first]


def test_the_other_script_converts_text_and_injected_parts_both_ways():
    convert = other_script()
    simplified = Page("d", [Line("经济发展很快。网站水印", 1, Tag.M, ("网站水印",)), Line("首页", 2, Tag.B)], "s")
    traditional = converted(simplified, convert)
    assert [l.text for l in traditional.lines] == ["經濟發展很快。網站水印", "首頁"]
    assert traditional.lines[0].tag is Tag.M and traditional.lines[0].injected == ("網站水印",)
    back = converted(traditional, convert)
    assert [l.text for l in back.lines] == ["经济发展很快。网站水印", "首页"]
