"""The shipped model keeps an article's decisions however the article reaches it (issue #20's bounds).

Measured on the real gold-labeled pages (labeled/real, read from ../shared/corpora): the pages lose their
frame or take another page's, are cut to their content lines or to single lines, hard-wrapped, converted to
the other script; and the short rows inside their main text are counted. `python training/behaviour.py
--corpora ../shared/corpora` prints the same figures.
"""
import pytest

from taosha.classify import classify_pages
from taosha.classify.saved import load
from taosha.measure.behaviour import measure
from taosha.readers.gold import read_gold_dir

from ..conftest import LABELED, SHARED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def behaviour():
    saved = load()
    pages = read_gold_dir(LABELED / "real", SHARED / "corpora")
    return measure(lambda batch: list(classify_pages(saved, batch)), pages)


def test_the_checks_are_measured_on_enough_lines(behaviour):
    counts = behaviour.lines
    assert counts["framed"] >= 3000 and counts["single"] >= 1500 and counts["short_rows"] >= 1000


def test_losing_the_frame_or_taking_another_changes_at_most_1_percent(behaviour):
    assert behaviour.frame_stripped_changed <= 0.01
    assert behaviour.reframed_changed <= 0.01


def test_content_alone_is_kept(behaviour):
    assert behaviour.content_only_kept >= 0.99
    assert behaviour.single_prose_kept >= 0.99


@pytest.mark.xfail(strict=True, reason="not reached (issue #20): wrapping at 16 characters moves content kept "
                   "by 16.8 points, at 24 by 9.3, at 32 by 8.2, from 48 up by 0.3 at most")
def test_hard_wrapping_moves_content_kept_by_at_most_2_points(behaviour):
    assert behaviour.wrap_moved <= 0.02


def test_the_other_script_changes_at_most_2_percent_of_decisions(behaviour):
    assert behaviour.script_changed <= 0.02


def test_short_rows_inside_the_main_text_are_kept(behaviour):
    assert behaviour.short_rows_kept >= 0.95
