"""training/short_lines.py: choosing the short-line rule for a source never looks at that source."""
import importlib.util
from types import SimpleNamespace

from .conftest import REPO

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
