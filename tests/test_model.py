import numpy as np
import pytest

from taosha import model
from taosha.errors import TaoshaError
from taosha.readers.labeled import read_labeled_dirs
from taosha.readers.text import read_text
from taosha.record import Label, Line, Page, Tag

from .conftest import LABELED


def test_holdout_split_is_by_page(corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    fitting, held_out = model.holdout_split(pages)
    assert not {id(p) for p in fitting} & {id(p) for p in held_out}
    assert len(fitting) + len(held_out) == len(pages) and held_out


def _part_probabilities(saved, pages):
    """The repair stage's probability for every candidate part of the pages' gold content lines."""
    from taosha.repair import candidates

    found = candidates([[line for line in page.lines if line.tag.label is Label.CONTENT] for page in pages])
    return saved.parts.probabilities(found.texts, found.numbers(saved.lines.wording))


def test_a_model_loaded_back_scores_exactly_as_the_model_that_was_saved(corpus_dir, tmp_path):
    # The model in memory right after fitting against the one read back from disk: a lexicon, idf or weight
    # lost or changed on the way through save and load changes these numbers.
    trained = model.fit_saved(read_labeled_dirs([_seed_pages(tmp_path / "seeds", 5)]))
    loaded = model.load(model.save(trained, tmp_path / "m"))
    pages = read_labeled_dirs([corpus_dir])  # pages it was not fitted on reach more words and n-grams
    assert np.array_equal(trained.lines.junk_probabilities(pages), loaded.lines.junk_probabilities(pages))
    texts = [line.text for page in pages for line in page.lines]
    assert np.array_equal(trained.lines.wording(texts), loaded.lines.wording(texts))
    assert np.array_equal(_part_probabilities(trained, pages), _part_probabilities(loaded, pages))
    assert loaded.rule == trained.rule and loaded.parts.parameters() == trained.parts.parameters()


def test_a_trained_model_records_its_data_and_the_pages_it_was_measured_on(trained_model_dir, corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    saved = model.load(trained_model_dir)
    assert saved.metadata["data"]["digest"] == model.data_digest(pages)
    assert saved.metadata["versions"]["scikit-learn"]
    # measured on the held-out pages that did not choose the presets: every other one, by page
    _, held_out = model.holdout_split(pages)
    measured = held_out[1::2]
    assert saved.metadata["holdout"]["pages"] == len(measured) > 0
    assert saved.metadata["holdout"]["lines"] == sum(len(page.lines) for page in measured)


def test_labels_every_line_and_blank_lines_are_junk(trained_model_dir):
    saved = model.load(trained_model_dir)
    page, _ = read_text("首页 新闻 体育\n\n市政府召开会议，部署今年的城市建设工作，要求各部门抓好落实。\n".encode(), "d")
    model.label_pages(saved.lines, [page])
    assert [l.label is not None for l in page.lines] == [True, True, True]
    assert page.lines[1].label is Label.JUNK and page.lines[1].junk_probability == 1.0


def test_training_needs_two_pages(tmp_path):
    (tmp_path / "one.tsv").write_text("C\t正文。\nB\t首页\n", encoding="utf-8")
    with pytest.raises(TaoshaError, match="at least 2 labeled pages"):
        model.fit(read_labeled_dirs([tmp_path]))


def _seed_pages(folder, count):
    """A folder of the first `count` seed pages, each in its source folder as in labeled/."""
    for path in sorted((LABELED / "seeds").glob("*/*.tsv"))[:count]:
        (folder / path.parent.name).mkdir(parents=True)
        (folder / path.parent.name / path.name).write_bytes(path.read_bytes())
    return folder


def test_training_says_up_front_how_many_pages_it_needs(tmp_path, caplog):
    from taosha import trainer

    for count in (1, 2):
        with pytest.raises(TaoshaError, match=rf"at least {model.MIN_TRAINING_PAGES} labeled pages .* found {count}$"):
            trainer.train([str(_seed_pages(tmp_path / str(count), count))], output=tmp_path / "m")
    assert "training on" not in caplog.text and not (tmp_path / "m").exists()


def test_the_fewest_training_pages_leave_two_to_fit_and_one_held_out(corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    fitting, held_out = model.holdout_split(pages[: model.MIN_TRAINING_PAGES])
    assert len(fitting) == 2 and len(held_out) == 1
    fitting, held_out = model.holdout_split(pages[: model.MIN_TRAINING_PAGES - 1])
    assert len(fitting) < 2


def test_too_few_pages_to_measure_on_log_no_made_up_figures(tmp_path, caplog):
    import logging

    from taosha import evaluation, trainer

    caplog.set_level(logging.INFO, logger="taosha")
    result = trainer.train([str(_seed_pages(tmp_path / "p", model.MIN_TRAINING_PAGES))], output=tmp_path / "m")
    assert result.holdout.pages == 0
    assert "held-out pages: none left to measure on" in caplog.text and "0.000" not in caplog.text
    # a held-out page with no junk line has no junk F1 either: "-", as the table says, not 0.000
    content_only = Page("d", [Line("正文。", 1, tag=Tag.C, junk_probability=0.1, label=Label.CONTENT)])
    summary = trainer.held_out_summary(evaluation.score_lines([content_only]))
    assert summary == "held-out pages: junk F1 -, content kept 1.000"


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(TaoshaError, match="no model here"):
        model.load(tmp_path)


def test_presets_meet_their_targets_on_the_lines_they_were_chosen_on():
    rng = np.random.default_rng(0)
    junk = rng.random(2000) < 0.5
    probabilities = np.clip(np.where(junk, 0.7, 0.3) + rng.normal(0, 0.2, 2000), 0, 1)
    lengths = rng.integers(1, 80, 2000)
    presets = model.choose_presets(probabilities, junk, lengths)
    kept = (~model.says_junk(probabilities, lengths, presets["keep-content"]) & ~junk).sum() / (~junk).sum()
    caught = (model.says_junk(probabilities, lengths, presets["remove-junk"]) & junk).sum() / junk.sum()
    assert kept >= model.KEEP_CONTENT_TARGET and caught >= model.REMOVE_JUNK_TARGET
    assert presets["remove-junk"] <= presets["balanced"] == model.DEFAULT_THRESHOLD <= presets["keep-content"]


def test_a_short_line_needs_more_certainty_to_be_cut():
    lengths = np.array([0, 10, model.SHORT_LINE, 200])
    assert model.says_junk(np.full(4, 0.8), lengths, 0.5).tolist() == [False, False, True, True]
    assert model.says_junk(np.full(4, 0.96), lengths, 0.5).all()
    # the lift moves the threshold in odds, so the ends stay ends: 0 cuts every line, 1 only certain junk
    assert model.says_junk(np.zeros(4), lengths, 0.0).all()
    assert model.says_junk(np.full(4, 0.999), lengths, 1.0).sum() == 0


def test_a_model_keeps_the_short_line_rule_its_presets_were_chosen_under(trained_model_dir, tmp_path):
    import json

    assert model.load(trained_model_dir).rule == {"short_line": model.SHORT_LINE,
                                                   "log_odds": model.SHORT_LINE_LOG_ODDS}
    copy = _copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / model.METADATA_FILE).read_text())
    metadata["short_line"] = {"short_line": 12, "log_odds": 1.5}
    (copy / model.METADATA_FILE).write_text(json.dumps(metadata))
    saved = model.load(copy)
    assert saved.rule == {"short_line": 12, "log_odds": 1.5}
    # a short line the default rule would keep is cut under this model's own, milder one
    page, _ = read_text("首页 新闻 体育 财经\n".encode(), "d")
    saved.lines.junk_probabilities = lambda pages: np.array([0.7])
    (classified,) = model.classify_pages(saved, [page])
    assert classified.lines[0].label is Label.JUNK
    del metadata["short_line"]  # saved before the rule: decided by a flat threshold, as its presets were
    (copy / model.METADATA_FILE).write_text(json.dumps(metadata))
    assert model.load(copy).rule["log_odds"] == 0.0
    metadata["short_line"] = {"short_line": "many"}
    (copy / model.METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(TaoshaError, match="metadata.json: bad short_line rule"):
        model.load(copy)


def test_threshold_choice(trained_model_dir):
    saved = model.load(trained_model_dir)
    assert set(saved.presets) == {"balanced", "keep-content", "remove-junk"}
    assert saved.resolve_threshold(None) == saved.presets["balanced"]
    assert saved.resolve_threshold("keep-content") == saved.presets["keep-content"]
    assert saved.resolve_threshold("0.25") == 0.25
    for bad in ("1.5", "lots"):
        with pytest.raises(TaoshaError, match="bad threshold"):
            saved.resolve_threshold(bad)


def test_a_changed_model_file_is_refused(trained_model_dir, tmp_path):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    with open(copy / model.MODEL_FILE, "ab") as tampered:
        tampered.write(b"\0")
    with pytest.raises(TaoshaError, match="sha256 does not match"):
        model.load(copy)


def test_a_scikit_learn_version_mismatch_warns(trained_model_dir, tmp_path, caplog):
    import json
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    metadata = json.loads((copy / model.METADATA_FILE).read_text())
    metadata["versions"]["scikit-learn"] = "0.0.1"
    (copy / model.METADATA_FILE).write_text(json.dumps(metadata))
    model.load(copy)
    assert "saved with scikit-learn 0.0.1" in caplog.text


def _copy(trained_model_dir, tmp_path):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    return copy


def _rewrite(directory, arrays, change_metadata=None):
    """Write arrays as the model file and re-sign it, as a forger who can edit both files would."""
    np.savez_compressed(directory / model.MODEL_FILE, **arrays)
    _resign(directory, change_metadata)


def _resign(directory, change_metadata=None):
    """Put the model file's sha256 (and any change) into the metadata, so that only the change is refused."""
    import json

    metadata = json.loads((directory / model.METADATA_FILE).read_text())
    if change_metadata:
        change_metadata(metadata)
    metadata["sha256"] = model.file_digest(directory / model.MODEL_FILE)
    (directory / model.METADATA_FILE).write_text(json.dumps(metadata))


def _arrays(directory):
    with np.load(directory / model.MODEL_FILE) as stored:
        return {name: stored[name] for name in stored.files}


def test_the_model_file_holds_numbers_only(trained_model_dir):
    arrays = _arrays(trained_model_dir)
    assert arrays and all(a.dtype.kind in "fiub" for a in arrays.values())


def test_a_pickle_inside_the_model_file_is_refused_unrun(trained_model_dir, tmp_path):
    copy = _copy(trained_model_dir, tmp_path)
    arrays = _arrays(copy)
    arrays["first_pass.coef"] = np.array([object()], dtype=object)  # saved as a pickle inside the .npz
    _rewrite(copy, arrays)
    with pytest.raises(TaoshaError, match="refusing to load"):
        model.load(copy)


def test_unknown_arrays_or_kinds_are_refused(trained_model_dir, tmp_path):
    copy = _copy(trained_model_dir, tmp_path)
    _rewrite(copy, dict(_arrays(copy), extra=np.zeros(3)))
    with pytest.raises(TaoshaError, match="unexpected arrays"):
        model.load(copy)
    copy2 = _copy(trained_model_dir, tmp_path / "2")
    _rewrite(copy2, _arrays(copy2), lambda m: m["layout"]["context_pass"].update(kind="pickled-estimator"))
    with pytest.raises(TaoshaError, match="unknown context_pass kind"):
        model.load(copy2)


def test_trees_that_would_loop_or_reach_outside_are_refused(trained_model_dir, tmp_path):
    copy = _copy(trained_model_dir, tmp_path)
    arrays = _arrays(copy)
    inner = np.flatnonzero(~arrays["context_pass.leaf"])[0]
    arrays["context_pass.left"][inner] = inner  # a node that is its own child
    _rewrite(copy, arrays)
    with pytest.raises(TaoshaError, match="child index"):
        model.load(copy)


def test_an_unknown_format_is_refused(trained_model_dir, tmp_path):
    copy = _copy(trained_model_dir, tmp_path)
    _rewrite(copy, _arrays(copy), lambda m: m["layout"].update(format="joblib"))
    with pytest.raises(TaoshaError, match="unknown model format"):
        model.load(copy)


def test_cross_validation_figures_are_recorded_only_in_a_model_of_the_same_data(trained_model_dir, corpus_dir,
                                                                                  tmp_path):
    import json

    from taosha import crossval

    copy = _copy(trained_model_dir, tmp_path)
    pages = read_labeled_dirs([corpus_dir])
    held_out = list(model.classify_pages(model.load(copy), read_labeled_dirs([corpus_dir])))
    cv = crossval.CrossValidation({"a": {}, "b": {}}, {"taosha": {"junk_f1": 0.5}}, held_out)
    crossval.record_in_metadata(cv, pages, str(copy))
    recorded = json.loads((copy / model.METADATA_FILE).read_text())["leave_one_source_out"]
    assert recorded["sources"] == 2 and recorded["macro"]["taosha"]["junk_f1"] == 0.5
    assert recorded["injected_pooled"]["injected_lines"] > 0
    model.load(copy)  # the model file is untouched: it still matches its sha256
    with pytest.raises(TaoshaError, match="other data"):
        crossval.record_in_metadata(cv, pages[:-1], str(copy))


@pytest.mark.parametrize("edit, field", [
    (lambda m: [1, 2, 3], "model description"),
    (lambda m: m | {"layout": "x"}, "layout"),
    (lambda m: m | {"layout": None}, "layout"),
    (lambda m: m | {"versions": "1.0"}, "versions"),
    (lambda m: m | {"threshold": "high"}, "threshold"),
    (lambda m: m | {"threshold": None}, "threshold"),
    (lambda m: m | {"threshold": 7}, "threshold"),  # would label every line content, blank ones too
    (lambda m: m | {"threshold": -3}, "threshold"),
    (lambda m: m | {"presets": ["a"]}, "presets"),
    (lambda m: m | {"presets": {"keep-content": "hi"}}, "preset 'keep-content'"),
    (lambda m: m | {"presets": {"keep-content": 1.5}}, "preset 'keep-content'"),
    (lambda m: m | {"layout": m["layout"] | {"features": "x"}}, "layout.features"),
    (lambda m: m | {"layout": m["layout"] | {"features": m["layout"]["features"] | {"max_word": "4"}}},
     "layout.features.max_word"),
    (lambda m: m | {"layout": m["layout"] | {"injected_parts": m["layout"]["injected_parts"]
                                              | {"cut_probability": 7}}}, "layout.injected_parts.cut_probability"),
])
def test_a_hand_edited_description_is_refused_naming_the_field(trained_model_dir, tmp_path, edit, field):
    import json
    import re

    copy = _copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / model.METADATA_FILE).read_text())
    (copy / model.METADATA_FILE).write_text(json.dumps(edit(metadata)))
    with pytest.raises(TaoshaError, match=rf"^{re.escape(str(copy / model.METADATA_FILE))}: bad {re.escape(field)} "):
        model.load(copy)


def test_a_bad_preset_is_a_one_line_model_error_on_the_command_line(trained_model_dir, tmp_path, capsys):
    import json

    from taosha.cli import main

    copy = _copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / model.METADATA_FILE).read_text())
    metadata["presets"]["keep-content"] = "hi"
    (copy / model.METADATA_FILE).write_text(json.dumps(metadata))
    scrape = tmp_path / "page.txt"
    scrape.write_text("首页 新闻\n", encoding="utf-8")
    assert main(["classify", str(scrape), "--model", str(copy), "--threshold", "keep-content"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "metadata.json: bad preset 'keep-content' 'hi'" in err


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"not an archive\n" * 40])
def test_a_broken_model_file_signed_anew_is_refused_in_one_line(trained_model_dir, tmp_path, damage):
    copy = _copy(trained_model_dir, tmp_path)
    (copy / model.MODEL_FILE).write_bytes(damage((copy / model.MODEL_FILE).read_bytes()))
    _resign(copy)
    with pytest.raises(TaoshaError, match="model.npz: not a readable model array file") as error:
        model.load(copy)
    assert "pickle" not in str(error.value) and "\n" not in str(error.value)


def test_a_damaged_member_of_the_model_file_is_refused_in_one_line(trained_model_dir, tmp_path):
    copy = _copy(trained_model_dir, tmp_path)
    data = bytearray((copy / model.MODEL_FILE).read_bytes())
    for at in range(1000, len(data) // 2, 997):  # inside the compressed arrays, not the archive's directory
        data[at] ^= 0xFF
    (copy / model.MODEL_FILE).write_bytes(bytes(data))
    _resign(copy)
    with pytest.raises(TaoshaError, match="model.npz: not a readable model array file"):
        model.load(copy)


def test_a_source_of_many_pages_does_not_outweigh_the_others_page_for_page():
    from taosha.model import sample_weights

    def page(source, name):
        return Page(f"{source}/{name}.tsv", [Line("正文内容", 1, Tag.C), Line("首页", 2, Tag.B)], source)

    pages = [page("big", n) for n in "abcd"] + [page("small", "a")]
    weights = sample_weights(pages, np.array([0, 1] * 5))
    per_page = weights.reshape(5, 2).sum(axis=1)
    assert per_page[0] == pytest.approx(per_page[4] / 2)  # 4 pages: each weighs 4^-0.5 of a lone page
    assert per_page[:4].sum() == pytest.approx(2 * per_page[4])
