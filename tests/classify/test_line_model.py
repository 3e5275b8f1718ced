"""The line model as an estimator: its parameters, its learnt parts, and the names of what it weighs."""
import numpy as np

from taosha.classify.features import DENSE_NAMES, FeatureSpace
from taosha.classify.saved import load
from taosha.readers.text import read_text


def test_parameters_and_learnt_parts_follow_the_estimator_contract(trained_model_dir):
    lines = load(trained_model_dir).lines
    space = lines.features_
    assert space.get_params() == {"char_bits": space.char_bits, "word_bits": space.word_bits,
                                  "max_word": space.max_word, "min_df": space.min_df}
    assert lines.get_params()["features__char_bits"] == space.char_bits
    assert FeatureSpace(char_bits=12).get_params()["char_bits"] == 12
    assert not hasattr(FeatureSpace(), "char_idf_")  # nothing learnt before fit
    for learnt in ("lexicon_", "word_idf_", "char_idf_"):
        assert isinstance(getattr(space, learnt), np.ndarray)


def test_feature_names_follow_the_weights(trained_model_dir):
    lines = load(trained_model_dir).lines
    names = lines.get_feature_names_out()
    assert len(names) == len(lines.first_.coef) and names[: len(DENSE_NAMES)] == DENSE_NAMES
    assert names[len(DENSE_NAMES)] == "word#0" and names[-1] == f"char#{(1 << lines.features_.char_bits) - 1}"
    from taosha.classify.context_pass import context_columns

    assert len(lines.context_feature_names()) == context_columns(len(DENSE_NAMES))
    lines.context_.check(len(lines.context_feature_names()))  # every tree reads a named column


def test_pushes_add_up_to_the_first_pass_score(trained_model_dir):
    lines = load(trained_model_dir).lines
    scrape = "首页 | 新闻 | 体育\n市政府召开会议，部署今年的城市建设工作，要求各部门抓好落实。\n"
    page, _ = read_text(scrape.encode(), "d")
    everything = lines.first_pass_pushes(page, count=len(DENSE_NAMES) + 2)
    scores = lines.first_.decision(lines.features_.featurize([page]))
    for pushes, score in zip(everything, scores):
        assert abs(sum(p for _, p in pushes) + lines.first_.intercept - score) < 1e-9
        sizes = [abs(p) for _, p in pushes]
        assert sizes == sorted(sizes, reverse=True)
    top = lines.first_pass_pushes(page)
    assert [len(t) for t in top] == [3, 3] and top[0] == everything[0][:3]
