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


def test_presets_chosen_on_too_few_lines_fall_back_to_the_balanced_threshold(corpus_dir, tmp_path, caplog):
    import logging
    import shutil

    from taosha.train import trainer
    from taosha.train.fit import MIN_PRESET_LINES

    few = tmp_path / "few"
    for path in sorted(corpus_dir.glob("*/*.tsv"))[:8]:  # 8 pages: on them remove-junk came out at 0.01
        (few / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, few / path.parent.name / path.name)
    caplog.set_level(logging.INFO, logger="taosha")
    metadata = trainer.train([str(few)], output=tmp_path / "m").metadata
    assert metadata["presets"] == {"balanced": 0.5, "keep-content": 0.5, "remove-junk": 0.5}
    assert metadata["presets_note"].startswith("not chosen: ")
    assert f"fewer than {MIN_PRESET_LINES} of each" in metadata["presets_note"]
    assert "taosha: warning: presets not chosen: " in caplog.text
    assert load(tmp_path / "m").presets["remove-junk"] == 0.5


def test_presets_are_chosen_where_there_are_lines_enough():
    import numpy as np

    from taosha.classify.decision import DecisionRule
    from taosha.train.fit import MIN_PRESET_LINES, choose_presets, safe_presets

    rng = np.random.default_rng(0)
    junk = np.arange(2 * MIN_PRESET_LINES) % 2 == 0
    probabilities = np.clip(np.where(junk, 0.8, 0.2) + rng.normal(0, 0.15, len(junk)), 0, 1)
    presets, note = safe_presets(probabilities, junk, np.full(len(junk), 40), np.ones(len(junk)), DecisionRule())
    assert note == f"chosen on {MIN_PRESET_LINES} content and {MIN_PRESET_LINES} junk held-out lines"
    assert presets == choose_presets(probabilities, junk, np.full(len(junk), 40), np.ones(len(junk)), DecisionRule())
    assert presets["remove-junk"] < 0.5
