import numpy as np
import pytest

from taosha.classify.decision import DEFAULT_THRESHOLD, says_junk
from taosha.errors import TaoshaError
from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Line, Page, Tag
from taosha.train.fit import (
    KEEP_CONTENT_TARGET,
    MIN_TRAINING_PAGES,
    REMOVE_JUNK_TARGET,
    choose_presets,
    fit_lines,
    holdout_split,
)


def test_holdout_split_is_by_page(corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    fitting, held_out = holdout_split(pages)
    assert not {id(p) for p in fitting} & {id(p) for p in held_out}
    assert len(fitting) + len(held_out) == len(pages) and held_out


def test_training_needs_two_pages(tmp_path):
    (tmp_path / "one.tsv").write_text("C\t正文。\nB\t首页\n", encoding="utf-8")
    with pytest.raises(TaoshaError, match="at least 2 labeled pages"):
        fit_lines(read_labeled_dirs([tmp_path]))


def test_the_fewest_training_pages_leave_two_to_fit_and_one_held_out(corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    fitting, held_out = holdout_split(pages[:MIN_TRAINING_PAGES])
    assert len(fitting) == 2 and len(held_out) == 1
    fitting, held_out = holdout_split(pages[:MIN_TRAINING_PAGES - 1])
    assert len(fitting) < 2


def test_presets_meet_their_targets_on_the_lines_they_were_chosen_on():
    rng = np.random.default_rng(0)
    junk = rng.random(2000) < 0.5
    probabilities = np.clip(np.where(junk, 0.7, 0.3) + rng.normal(0, 0.2, 2000), 0, 1)
    lengths = rng.integers(1, 80, 2000)
    presets = choose_presets(probabilities, junk, lengths)
    kept = (~says_junk(probabilities, lengths, presets["keep-content"]) & ~junk).sum() / (~junk).sum()
    caught = (says_junk(probabilities, lengths, presets["remove-junk"]) & junk).sum() / junk.sum()
    assert kept >= KEEP_CONTENT_TARGET and caught >= REMOVE_JUNK_TARGET
    assert presets["remove-junk"] <= presets["balanced"] == DEFAULT_THRESHOLD <= presets["keep-content"]


def test_a_source_of_many_pages_does_not_outweigh_the_others_page_for_page():
    from taosha.train.fit import sample_weights

    def page(source, name):
        return Page(f"{source}/{name}.tsv", [Line("正文内容", 1, Tag.C), Line("首页", 2, Tag.B)], source)

    pages = [page("big", n) for n in "abcd"] + [page("small", "a")]
    weights = sample_weights(pages, np.array([0, 1] * 5))
    per_page = weights.reshape(5, 2).sum(axis=1)
    assert per_page[0] == pytest.approx(per_page[4] / 2)  # 4 pages: each weighs 4^-0.5 of a lone page
    assert per_page[:4].sum() == pytest.approx(2 * per_page[4])
