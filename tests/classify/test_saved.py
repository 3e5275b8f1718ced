import numpy as np
import pytest

from taosha.classify import classify_pages
from taosha.classify.decision import SHORT_LINE, SHORT_LINE_LOG_ODDS
from taosha.classify.saved import METADATA_FILE, MODEL_FILE, file_digest, load, save
from taosha.errors import TaoshaError
from taosha.readers.labeled import read_labeled_dirs
from taosha.readers.text import read_text
from taosha.record import Label
from taosha.train.fit import fit_saved

from ..conftest import model_copy, seed_pages


def _part_probabilities(saved, pages):
    """The repair stage's probability for every candidate part of the pages' gold content lines."""
    from taosha.classify.parts import candidates

    found = candidates([[line for line in page.lines if line.tag.label is Label.CONTENT] for page in pages])
    return saved.parts.probabilities(found.texts, found.numbers(saved.lines.wording))


def test_a_model_loaded_back_scores_exactly_as_the_model_that_was_saved(corpus_dir, tmp_path):
    # The model in memory right after fitting against the one read back from disk: a lexicon, idf or weight
    # lost or changed on the way through save and load changes these numbers.
    trained = fit_saved(read_labeled_dirs([seed_pages(tmp_path / "seeds", 5)]))
    loaded = load(save(trained, tmp_path / "m"))
    pages = read_labeled_dirs([corpus_dir])  # pages it was not fitted on reach more words and n-grams
    assert np.array_equal(trained.lines.junk_probabilities(pages), loaded.lines.junk_probabilities(pages))
    texts = [line.text for page in pages for line in page.lines]
    assert np.array_equal(trained.lines.wording(texts), loaded.lines.wording(texts))
    assert np.array_equal(_part_probabilities(trained, pages), _part_probabilities(loaded, pages))
    assert loaded.rule == trained.rule and loaded.parts.get_params() == trained.parts.get_params()


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(TaoshaError, match="no model here"):
        load(tmp_path)


def test_a_model_keeps_the_short_line_rule_its_presets_were_chosen_under(trained_model_dir, tmp_path):
    import json

    assert load(trained_model_dir).rule.recorded() == {"short_line": SHORT_LINE, "log_odds": SHORT_LINE_LOG_ODDS}
    copy = model_copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / METADATA_FILE).read_text())
    metadata["short_line"] = {"short_line": 12, "log_odds": 1.5}
    (copy / METADATA_FILE).write_text(json.dumps(metadata))
    saved = load(copy)
    assert saved.rule.recorded() == {"short_line": 12, "log_odds": 1.5}
    # a short line the default rule would keep is cut under this model's own, milder one
    page, _ = read_text("首页 新闻 体育 财经\n".encode(), "d")
    saved.lines.junk_probabilities = lambda pages: np.array([0.7])
    (classified,) = classify_pages(saved, [page])
    assert classified.lines[0].label is Label.JUNK
    del metadata["short_line"]  # saved before the rule: decided by a flat threshold, as its presets were
    (copy / METADATA_FILE).write_text(json.dumps(metadata))
    assert load(copy).rule.log_odds == 0.0
    metadata["short_line"] = {"short_line": "many"}
    (copy / METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(TaoshaError, match="metadata.json: bad short_line rule"):
        load(copy)


def test_threshold_choice(trained_model_dir):
    saved = load(trained_model_dir)
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
    with open(copy / MODEL_FILE, "ab") as tampered:
        tampered.write(b"\0")
    with pytest.raises(TaoshaError, match="sha256 does not match"):
        load(copy)


def test_a_scikit_learn_version_mismatch_warns(trained_model_dir, tmp_path, caplog):
    import json
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(trained_model_dir, copy)
    metadata = json.loads((copy / METADATA_FILE).read_text())
    metadata["versions"]["scikit-learn"] = "0.0.1"
    (copy / METADATA_FILE).write_text(json.dumps(metadata))
    load(copy)
    assert "saved with scikit-learn 0.0.1" in caplog.text


def _rewrite(directory, arrays, change_metadata=None):
    """Write arrays as the model file and re-sign it, as a forger who can edit both files would."""
    np.savez_compressed(directory / MODEL_FILE, **arrays)
    _resign(directory, change_metadata)


def _resign(directory, change_metadata=None):
    """Put the model file's sha256 (and any change) into the metadata, so that only the change is refused."""
    import json

    metadata = json.loads((directory / METADATA_FILE).read_text())
    if change_metadata:
        change_metadata(metadata)
    metadata["sha256"] = file_digest(directory / MODEL_FILE)
    (directory / METADATA_FILE).write_text(json.dumps(metadata))


def _arrays(directory):
    with np.load(directory / MODEL_FILE) as stored:
        return {name: stored[name] for name in stored.files}


def test_the_model_file_holds_numbers_only(trained_model_dir):
    arrays = _arrays(trained_model_dir)
    assert arrays and all(a.dtype.kind in "fiub" for a in arrays.values())


def test_a_pickle_inside_the_model_file_is_refused_unrun(trained_model_dir, tmp_path):
    copy = model_copy(trained_model_dir, tmp_path)
    arrays = _arrays(copy)
    arrays["first_pass.coef"] = np.array([object()], dtype=object)  # saved as a pickle inside the .npz
    _rewrite(copy, arrays)
    with pytest.raises(TaoshaError, match="refusing to load"):
        load(copy)


def test_unknown_arrays_or_kinds_are_refused(trained_model_dir, tmp_path):
    copy = model_copy(trained_model_dir, tmp_path)
    _rewrite(copy, dict(_arrays(copy), extra=np.zeros(3)))
    with pytest.raises(TaoshaError, match="unexpected arrays"):
        load(copy)
    copy2 = model_copy(trained_model_dir, tmp_path / "2")
    _rewrite(copy2, _arrays(copy2), lambda m: m["layout"]["context_pass"].update(kind="pickled-estimator"))
    with pytest.raises(TaoshaError, match="unknown context_pass kind"):
        load(copy2)


def test_trees_that_would_loop_or_reach_outside_are_refused(trained_model_dir, tmp_path):
    copy = model_copy(trained_model_dir, tmp_path)
    arrays = _arrays(copy)
    inner = np.flatnonzero(~arrays["context_pass.leaf"])[0]
    arrays["context_pass.left"][inner] = inner  # a node that is its own child
    _rewrite(copy, arrays)
    with pytest.raises(TaoshaError, match="child index"):
        load(copy)


def test_an_unknown_format_is_refused(trained_model_dir, tmp_path):
    copy = model_copy(trained_model_dir, tmp_path)
    _rewrite(copy, _arrays(copy), lambda m: m["layout"].update(format="joblib"))
    with pytest.raises(TaoshaError, match="unknown model format"):
        load(copy)


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

    copy = model_copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / METADATA_FILE).read_text())
    (copy / METADATA_FILE).write_text(json.dumps(edit(metadata)))
    with pytest.raises(TaoshaError, match=rf"^{re.escape(str(copy / METADATA_FILE))}: bad {re.escape(field)} "):
        load(copy)


def test_a_bad_preset_is_a_one_line_model_error_on_the_command_line(trained_model_dir, tmp_path, capsys):
    import json

    from taosha.cli import main

    copy = model_copy(trained_model_dir, tmp_path)
    metadata = json.loads((copy / METADATA_FILE).read_text())
    metadata["presets"]["keep-content"] = "hi"
    (copy / METADATA_FILE).write_text(json.dumps(metadata))
    scrape = tmp_path / "page.txt"
    scrape.write_text("首页 新闻\n", encoding="utf-8")
    assert main(["classify", str(scrape), "--model", str(copy), "--threshold", "keep-content"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "metadata.json: bad preset 'keep-content' 'hi'" in err


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"not an archive\n" * 40])
def test_a_broken_model_file_signed_anew_is_refused_in_one_line(trained_model_dir, tmp_path, damage):
    copy = model_copy(trained_model_dir, tmp_path)
    (copy / MODEL_FILE).write_bytes(damage((copy / MODEL_FILE).read_bytes()))
    _resign(copy)
    with pytest.raises(TaoshaError, match="model.npz: not a readable model array file") as error:
        load(copy)
    assert "pickle" not in str(error.value) and "\n" not in str(error.value)


def test_a_damaged_member_of_the_model_file_is_refused_in_one_line(trained_model_dir, tmp_path):
    copy = model_copy(trained_model_dir, tmp_path)
    data = bytearray((copy / MODEL_FILE).read_bytes())
    for at in range(1000, len(data) // 2, 997):  # inside the compressed arrays, not the archive's directory
        data[at] ^= 0xFF
    (copy / MODEL_FILE).write_bytes(bytes(data))
    _resign(copy)
    with pytest.raises(TaoshaError, match="model.npz: not a readable model array file"):
        load(copy)
