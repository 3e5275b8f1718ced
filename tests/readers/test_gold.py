"""Gold label files of public pages: labels only, checked against the page's lines by hash."""
import pytest

from taosha.errors import InputError
from taosha.readers.gold import gold_files, gold_rows, parse_gold_file, read_gold_dir, read_gold_page
from taosha.record import PINYIN, Line, Page, Tag

from ..conftest import LABELED, SHARED, needs_shared

PAGE = """<html><head><title>长者食堂开张_某某网</title></head><body><div>首页 | 新闻</div>
<h1>长者食堂开张</h1><p>社区里的老人吃上了热饭。威尼斯人娱乐城</p><p>上一篇</p></body></html>"""
TAGS = ["B", "B", "C", "M", "B"]


def write_page(tmp_path):
    corpora = tmp_path / "corpora"
    (corpora / "site" / "html").mkdir(parents=True)
    (corpora / "site" / "html" / "one.html").write_text(PAGE, encoding="utf-8")
    return corpora


def labeled_page(corpora) -> Page:
    from taosha.readers.html import read_html

    page, _ = read_html((corpora / "site/html/one.html").read_bytes(), "one.html")
    for line, tag in zip(page.lines, TAGS):
        line.tag = Tag(tag)
    page.lines[3].injected = ("威尼斯人娱乐城",)
    return page


def write_gold(tmp_path, rows, header="# page: site/html/one.html\n# outlet: example\n"):
    path = tmp_path / "real" / "one.tsv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_gold_rows_hold_no_text_and_read_back_to_the_same_labels(tmp_path):
    corpora = write_page(tmp_path)
    page = labeled_page(corpora)
    rows = gold_rows(page)
    assert not any("食堂" in row or "威尼斯" in row for row in rows)
    assert rows[3].split("\t")[3] == "12:19"
    back = read_gold_page(write_gold(tmp_path, rows), corpora)
    assert [line.tag.value for line in back.lines] == TAGS
    assert back.lines[3].injected == ("威尼斯人娱乐城",)
    assert back.source == "corpora/example"


def test_pinyin_spans_round_trip():
    line = Line("經(jīng)開區", 1, Tag.M, (PINYIN,))
    assert gold_rows(Page("p", [line]))[0].endswith("\tM\tpinyin")


@pytest.mark.parametrize(("rows", "header", "problem"), [
    (["1\tabc\tB"], "# page: site/html/one.html\n# outlet: x\n", ":3: line 1 of the page changed"),
    (["2\tabc\tB"], "# page: site/html/one.html\n# outlet: x\n", ":3: expected line 1, found 2"),
    (["1\tabc\tQ"], "# page: site/html/one.html\n# outlet: x\n", ":3: unknown tag 'Q'"),
    (["1\tabc\tB\t1:2"], "# page: site/html/one.html\n# outlet: x\n", ":3: only M rows name injected spans"),
    (["1\tabc\tM\t1-2"], "# page: site/html/one.html\n# outlet: x\n", ":3: bad spans '1-2'"),
    (["1\tabc\tB"], "# outlet: x\n", "no '# page:' line"),
    (["1\tabc\tB"], "# page: site/html/one.html\n# outlet: x\n", "labels 1 lines, but"),
])
def test_a_bad_gold_file_is_named_with_its_row(tmp_path, rows, header, problem):
    corpora = write_page(tmp_path)
    if "changed" in problem:  # every row present, the first with a wrong hash
        page = labeled_page(corpora)
        rows = ["1\t000000000000\tB"] + gold_rows(page)[1:]
    path = write_gold(tmp_path, rows, header)
    with pytest.raises(InputError) as caught:
        read_gold_page(path, corpora)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_a_span_outside_its_line_is_refused(tmp_path):
    corpora = write_page(tmp_path)
    rows = gold_rows(labeled_page(corpora))
    rows[3] = rows[3].rsplit("\t", 1)[0] + "\t15:999"
    with pytest.raises(InputError, match="outside the line"):
        read_gold_page(write_gold(tmp_path, rows), corpora)


GOLD = LABELED / "real"


def test_every_committed_gold_file_names_its_page_and_outlet():
    files = gold_files(GOLD)
    assert len(files) == 138
    for path in files:
        header, rows = parse_gold_file(path)
        assert header["page"].endswith((".html", ".htm")) and header["outlet"]
        assert all(len(row.digest) == 12 for _, row in rows)


@needs_shared
def test_every_committed_gold_file_matches_its_page():
    pages = read_gold_dir(GOLD, SHARED / "corpora")
    assert len(pages) == 138
    for page in pages:
        assert all(line.tag is not None for line in page.lines)
        for line in page.lines:
            if line.tag is Tag.M and line.injected and line.injected != (PINYIN,):
                assert all(part in line.text for part in line.injected)
