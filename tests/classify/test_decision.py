"""The decision stage (taosha.classify.decision), and training/short_lines.py, which chose its short-line rule:
choosing the rule for a source never looks at that source."""
import importlib.util
from types import SimpleNamespace

import numpy as np

from taosha.classify.decision import SHORT_LINE, DecisionRule, decide, says_junk
from taosha.classify.saved import load
from taosha.readers.text import read_text
from taosha.record import Label

from ..conftest import REPO

spec = importlib.util.spec_from_file_location("short_lines", REPO / "training" / "short_lines.py")
short_lines = importlib.util.module_from_spec(spec)
spec.loader.exec_module(short_lines)


def scores(junk_f1, kept, char_f1):
    return SimpleNamespace(junk_precision=None, junk_recall=None, junk_f1=junk_f1, content_kept=kept,
                           char_precision=None, char_recall=None, char_f1=char_f1)


def test_each_source_is_judged_under_a_rule_chosen_from_the_others():
    # rule "a" is safe everywhere; rule "b" keeps more but source "y" alone would pay with char F1
    table = {"a": {"x": scores(0.95, 0.975, 0.96), "y": scores(0.95, 0.975, 0.96), "z": scores(0.95, 0.975, 0.96)},
             "b": {"x": scores(0.95, 0.99, 0.96), "y": scores(0.95, 0.99, 0.80), "z": scores(0.95, 0.99, 0.96)}}
    chosen, figures = short_lines.nested(["x", "y", "z"], table, short_lines.by_kept)
    # without y's figures, b meets every target and keeps more: y is judged under b and its loss shows
    assert chosen == {"x": "a", "y": "b", "z": "a"}
    assert abs(figures["char_f1"] - (0.96 + 0.80 + 0.96) / 3) < 1e-9


def test_the_two_criteria():
    figures = {"safe": {"junk_f1": 0.95, "content_kept": 0.975, "char_f1": 0.96},
               "edge": {"junk_f1": 0.95, "content_kept": 0.995, "char_f1": 0.951},
               "over": {"junk_f1": 0.95, "content_kept": 0.999, "char_f1": 0.94}}
    assert short_lines.by_kept(figures) == "edge"  # the most kept among those meeting junk F1 and char F1
    assert short_lines.by_margin(figures) == "safe"  # smallest margins: 0.005, 0.001, -0.01


def test_relabeling_with_no_rule_is_a_flat_threshold(corpus_dir):
    from taosha.readers.labeled import read_labeled_dirs

    pages = read_labeled_dirs([corpus_dir])
    for page in pages:
        for i, line in enumerate(page.lines):
            line.junk_probability = 0.6 if i % 2 else 0.4
    flat = short_lines.relabeled(pages, None)
    assert [line.label.value for line in flat[0].lines] == [
        "junk" if i % 2 else "content" for i in range(len(flat[0].lines))]
    lifted = short_lines.relabeled(pages, (10_000, 4.0))  # every line short: 0.6 is not enough
    assert all(line.label.value == "content" for page in lifted for line in page.lines)


def test_labels_every_line_and_blank_lines_are_junk(trained_model_dir):
    saved = load(trained_model_dir)
    page, _ = read_text("首页 新闻 体育\n\n市政府召开会议，部署今年的城市建设工作，要求各部门抓好落实。\n".encode(), "d")
    decide([page], saved.lines.junk_probabilities([page]), DecisionRule())
    assert [l.label is not None for l in page.lines] == [True, True, True]
    assert page.lines[1].label is Label.JUNK and page.lines[1].junk_probability == 1.0


def test_a_short_line_needs_more_certainty_to_be_cut():
    lengths = np.array([0, 10, SHORT_LINE, 200])
    assert says_junk(np.full(4, 0.8), lengths, 0.5).tolist() == [False, False, True, True]
    assert says_junk(np.full(4, 0.96), lengths, 0.5).all()
    # the lift moves the threshold in odds, so the ends stay ends: 0 cuts every line, 1 only certain junk
    assert says_junk(np.zeros(4), lengths, 0.0).all()
    assert says_junk(np.full(4, 0.999), lengths, 1.0).sum() == 0


def test_the_rule_is_frozen_and_moves_only_its_threshold():
    import dataclasses

    import pytest

    rule = DecisionRule()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.threshold = 0.9
    moved = rule.at(0.9)
    assert (moved.threshold, moved.short_line, moved.log_odds) == (0.9, rule.short_line, rule.log_odds)
    lengths, p = np.array([5, 200]), np.array([0.8, 0.8])
    assert rule.says_junk(p, lengths).tolist() == says_junk(p, lengths, 0.5).tolist() == [False, True]
    assert moved.says_junk(p, lengths).tolist() == [False, False]


def test_a_model_s_rule_is_read_from_its_metadata_and_bad_ones_refused():
    from taosha.errors import TaoshaError

    rule = DecisionRule.of_model({"threshold": 0.7, "short_line": {"short_line": 20, "log_odds": 2.0}})
    assert rule == DecisionRule(0.7, 20, 2.0) and rule.recorded() == {"short_line": 20, "log_odds": 2.0}
    assert DecisionRule.of_model({}) == DecisionRule(0.5, SHORT_LINE, 0.0)  # saved before the rule: flat
    for bad in ({"short_line": 0, "log_odds": 1.0}, {"short_line": 10, "log_odds": 99}, {"short_line": "x"}):
        try:
            DecisionRule.of_model({"short_line": bad}, "m/metadata.json")
        except TaoshaError as error:
            assert str(error).startswith("m/metadata.json: bad short_line rule")
        else:
            raise AssertionError(f"accepted {bad}")
