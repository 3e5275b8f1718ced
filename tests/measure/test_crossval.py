import pytest

from taosha.classify import classify_pages
from taosha.classify.saved import METADATA_FILE, load
from taosha.errors import TaoshaError
from taosha.measure.evaluation import score_lines
from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Label, Line, Page, Tag

from ..conftest import model_copy


def _line(tag, label, text="正文内容", p=None):
    p = p if p is not None else (0.9 if label is Label.JUNK else 0.1)
    return Line(text, 1, tag=tag, junk_probability=p, label=label)


def test_cross_validation_figures_are_recorded_only_in_a_model_of_the_same_data(trained_model_dir, corpus_dir,
                                                                                  tmp_path):
    import json

    from taosha.measure import crossval

    copy = model_copy(trained_model_dir, tmp_path)
    pages = read_labeled_dirs([corpus_dir])
    held_out = list(classify_pages(load(copy), read_labeled_dirs([corpus_dir])))
    cv = crossval.CrossValidation({"a": {}, "b": {}}, {"taosha": {"junk_f1": 0.5}}, held_out)
    crossval.record_in_metadata(cv, pages, str(copy))
    recorded = json.loads((copy / METADATA_FILE).read_text())["leave_one_source_out"]
    assert recorded["sources"] == 2 and recorded["macro"]["taosha"]["junk_f1"] == 0.5
    assert recorded["injected_pooled"]["injected_lines"] > 0
    load(copy)  # the model file is untouched: it still matches its sha256
    with pytest.raises(TaoshaError, match="other data"):
        crossval.record_in_metadata(cv, pages[:-1], str(copy))


def test_the_threshold_sweep_says_it_decides_short_lines_as_classify_does():
    from taosha.classify.decision import SHORT_LINE
    from taosha.measure import crossval

    short_content = _line(Tag.C, Label.CONTENT, "短标题", p=0.8)  # under the short-line rule: kept at 0.5
    long_junk = _line(Tag.B, Label.JUNK, "首页" * SHORT_LINE, p=0.8)
    pages = [Page("d", [short_content, long_junk], source="s")]
    scores = score_lines(pages)
    cv = crossval.CrossValidation({"s": {crossval.METHOD: scores}},
                                  {crossval.METHOD: crossval.macro_average([scores])}, pages)
    figures = crossval.threshold_sweep(cv, (0.5,))[0.5]
    assert figures["content_kept"] == 1.0 and figures["junk_recall"] == 1.0  # not "p >= 0.5" for every line
    out = crossval.format_cross_validation(cv)
    assert "p >= 0." not in out and "T = 0.50" in out
    assert f"junk from p >= T at {SHORT_LINE} characters or more; a shorter line needs higher odds" in out


def test_cv_real_holds_out_outlets_never_split_between_sides():
    from taosha.measure.crossval import group_folds

    def page(source, lines):
        return Page(f"{source}-{lines}", [Line("正文", n, Tag.C) for n in range(1, lines + 1)], source)

    pages = [page("corpora/a", 50), page("corpora/a", 10), page("corpora/b", 40), page("corpora/c", 30),
             page("news", 100)]  # a written page: it only ever trains
    folds = group_folds(pages, 2)
    assert folds == [{"corpora/a"}, {"corpora/b", "corpora/c"}]
    assert group_folds(pages, 10) == [{"corpora/a"}, {"corpora/b"}, {"corpora/c"}]
