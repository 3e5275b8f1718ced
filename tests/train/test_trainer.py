import pytest

from taosha.classify.saved import load
from taosha.errors import TaoshaError
from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Label, Line, Page, Tag
from taosha.train.fit import MIN_TRAINING_PAGES, data_digest, holdout_split

from ..conftest import seed_pages


def test_a_trained_model_records_its_data_and_the_pages_it_was_measured_on(trained_model_dir, corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    saved = load(trained_model_dir)
    assert saved.metadata["data"]["digest"] == data_digest(pages)
    assert saved.metadata["versions"]["scikit-learn"]
    # measured on the held-out pages that did not choose the presets: every other one, by page
    _, held_out = holdout_split(pages)
    measured = held_out[1::2]
    assert saved.metadata["holdout"]["pages"] == len(measured) > 0
    assert saved.metadata["holdout"]["lines"] == sum(len(page.lines) for page in measured)


def test_training_says_up_front_how_many_pages_it_needs(tmp_path, caplog):
    from taosha.train import trainer

    for count in (1, 2):
        with pytest.raises(TaoshaError, match=rf"at least {MIN_TRAINING_PAGES} labeled pages .* found {count}$"):
            trainer.train([str(seed_pages(tmp_path / str(count), count))], output=tmp_path / "m")
    assert "training on" not in caplog.text and not (tmp_path / "m").exists()


def test_too_few_pages_to_measure_on_log_no_made_up_figures(tmp_path, caplog):
    import logging

    from taosha.measure import evaluation
    from taosha.train import trainer

    caplog.set_level(logging.INFO, logger="taosha")
    result = trainer.train([str(seed_pages(tmp_path / "p", MIN_TRAINING_PAGES))], output=tmp_path / "m")
    assert result.holdout.pages == 0
    assert "held-out pages: none left to measure on" in caplog.text and "0.000" not in caplog.text
    # a held-out page with no junk line has no junk F1 either: "-", as the table says, not 0.000
    content_only = Page("d", [Line("正文。", 1, tag=Tag.C, junk_probability=0.1, label=Label.CONTENT)])
    summary = trainer.held_out_summary(evaluation.score_lines([content_only]))
    assert summary == "held-out pages: junk F1 -, content kept 1.000"
