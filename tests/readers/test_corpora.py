import pytest

from taosha.errors import InputError
from taosha.readers.corpora import apply_overlay, line_hash, read_corpora, site_of
from taosha.readers.labeled import read_labeled_file
from taosha.record import Tag

from ..conftest import LABELED, SHARED, needs_shared


def _page(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("B\t某某新闻网\nB\t真正的标题\nC\t正文。\n", encoding="utf-8")
    return read_labeled_file(path)


def test_overlay_corrects_tags_by_line_number_and_hash(tmp_path):
    page = _page(tmp_path)
    overlay = tmp_path / "o.tsv"
    overlay.write_text(f"# reviewed\n2\t{line_hash('真正的标题')}\tC\n", encoding="utf-8")
    apply_overlay(page, overlay)
    assert [l.tag for l in page.lines] == [Tag.B, Tag.C, Tag.C]


def test_stale_overlay_is_refused(tmp_path):
    page = _page(tmp_path)
    overlay = tmp_path / "o.tsv"
    overlay.write_text(f"2\t{line_hash('别的文字')}\tC\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"o.tsv:1: line 2 of the page changed"):
        apply_overlay(page, overlay)


def test_sites():
    assert site_of("gne", "tests__sina__2") == "sina" and site_of("cx_netease", "17") == "163"


def test_overlays_hold_no_page_text():
    for overlay in (LABELED / "overlays").glob("*/*.tsv"):
        for row in overlay.read_text(encoding="utf-8").splitlines():
            assert row == "# reviewed" or __import__("re").fullmatch(r"\d+\t[0-9a-f]{12}\t[CMBSN]", row), overlay


@needs_shared
def test_every_overlay_applies_to_the_public_pages():
    pages = read_corpora(SHARED / "corpora", LABELED / "overlays")
    assert len(pages) >= 90
    assert sum(l.tag is Tag.N for p in pages for l in p.lines) > 0  # only overlays introduce N
