"""How the short-line rule (taosha.classify.decision.says_junk) was chosen, measured leave-one-source-out.

    python training/short_lines.py --corpora ../shared/corpora    # about 7 minutes on 2 cores

Runs the leave-one-source-out evaluation once, then relabels every held-out line under each rule of a grid
(lines under N characters, up to K extra junk log-odds at no length) and prints the macro figures of each.
Then it chooses the rule again for each source without looking at that source's figures: the rule with the
largest smallest margin over the three targets on the other sources, and, for comparison, the rule that
keeps most content lines while meeting the other two targets there. The macro over those per-source choices
says what choosing on the evaluation itself adds to the figures.
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taosha.classify.decision import DecisionRule, label_lines
from taosha.measure import crossval, evaluation
from taosha.train import trainer

LENGTHS = (20, 30, 40)
LOG_ODDS = (1.0, 2.0, 3.0, 4.0)
TARGETS = {"junk_f1": 0.90, "content_kept": 0.97, "char_f1": 0.95}


def relabeled(pages, rule):
    """Copies of the held-out pages labeled at the default threshold under the rule (None: a flat threshold)."""
    out = []
    for page in pages:
        page = copy.copy(page)
        page.lines = [copy.copy(line) for line in page.lines]
        length, odds = rule or (1, 0.0)
        label_lines(page.lines, DecisionRule(short_line=length, log_odds=odds))
        out.append(page)
    return out


def per_source(cv, rules):
    sources = sorted(cv.by_source)
    scores = {}
    for rule in rules:
        pages = relabeled(cv.held_out_pages, rule)
        scores[rule] = {s: evaluation.score_lines([p for p in pages if p.source == s]) for s in sources}
    return sources, scores


def margin(figures: dict) -> float:
    return min(figures[key] - target for key, target in TARGETS.items())


def meets_two(figures: dict) -> bool:
    return figures["junk_f1"] >= TARGETS["junk_f1"] and figures["char_f1"] >= TARGETS["char_f1"]


def by_margin(figures: dict) -> object:
    return max(figures, key=lambda rule: margin(figures[rule]))


def by_kept(figures: dict) -> object:
    meeting = [rule for rule in figures if meets_two(figures[rule])] or list(figures)
    return max(meeting, key=lambda rule: figures[rule]["content_kept"])


def nested(sources, scores, choose) -> tuple[dict, dict]:
    """Each source's rule chosen by `choose` from the other sources' macro figures, and the macro of each
    source's figures under its rule."""
    chosen = {}
    for source in sources:
        others = {rule: crossval.macro_average([by[s] for s in sources if s != source])
                  for rule, by in scores.items()}
        chosen[source] = choose(others)
    return chosen, crossval.macro_average([scores[chosen[s]][s] for s in sources])


def line(name, figures) -> str:
    return f"{name:<28} " + " / ".join(f"{figures[key]:.4f}" for key in TARGETS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", help="add the public pages in this folder (../shared/corpora)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages, _ = trainer.gather([str(ROOT / "labeled")], args.corpora)
    cv = crossval.cross_validate(pages, workers=args.workers)
    rules = [None] + [(n, k) for n in LENGTHS for k in LOG_ODDS]
    sources, scores = per_source(cv, rules)
    print(f"macro over {len(sources)} held-out sources, junk F1 / content kept / char F1:")
    for rule in rules:
        name = "flat threshold" if rule is None else f"under {rule[0]} chars, +{rule[1]:g} log-odds"
        print(line(name, crossval.macro_average(list(scores[rule].values()))))
    for name, choose in (("largest smallest margin", by_margin), ("most kept meeting the others", by_kept)):
        chosen, figures = nested(sources, scores, choose)
        counts = {rule: list(chosen.values()).count(rule) for rule in set(chosen.values())}
        print(f"\nchosen per source without its figures, by {name}: " + ", ".join(
            f"{'flat' if r is None else f'{r[0]}/{r[1]:g}'} x{n}" for r, n in sorted(counts.items(), key=str)))
        print(line("macro of those choices", figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
