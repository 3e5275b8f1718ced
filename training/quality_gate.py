"""Quality gate: figures that a change must not lower by more than noise, pinned with their data's digest.

    python training/quality_gate.py          # measure and compare with the pins
    python training/quality_gate.py --pin    # measure and re-pin (an explicit decision: say why in the commit)

The gate trains on the committed labeled pages less two held-out sources and measures on those two, so it
runs where ../shared is absent and in a few seconds more than one training run. Where ../shared/corpora is
present it also pins the real pages: trained on every page but six held-out outlets of real pages, measured on
those (macro over the outlets), which takes one training run on all the data.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taosha.classify import classify_pages
from taosha.classify.decision import DEFAULT_THRESHOLD
from taosha.measure import crossval, evaluation
from taosha.readers.labeled import read_labeled_dirs
from taosha.train import trainer
from taosha.train.fit import data_digest, fit_saved

PINS = Path(__file__).with_name("quality_gate.json")
CORPORA = ROOT.parent / "shared" / "corpora"
HELD_OUT = ("news", "hacked")  # a clean genre and the injected-junk genre
FIGURES = ("junk_f1", "content_kept", "char_f1", "injected_removed")
LOWER_IS_BETTER = ("real_removed",)
# Real outlets of every kind: a forum and Q&A site, a shop, traditional-script news, an encyclopedia, a BBS,
# a news agency.
REAL_HELD_OUT = ("corpora/baidu", "corpora/jd", "corpora/liberty_times", "corpora/wikipedia", "corpora/tianya",
                 "corpora/xinhua")
REAL_FIGURES = ("junk_f1", "content_kept", "page_char_f1")
NOISE = 0.01  # refits on the same data agree to the third decimal; this allows library drift


def measure() -> dict:
    pages = read_labeled_dirs([ROOT / "labeled"])
    fitting = [p for p in pages if p.source not in HELD_OUT]
    held_out = [p for p in pages if p.source in HELD_OUT and not p.augmented]
    trial = fit_saved(fitting)
    scores = evaluation.score_lines(list(classify_pages(trial, held_out)))
    figures = {name: round(getattr(scores, name), 4) for name in FIGURES + LOWER_IS_BETTER}
    return {"digest": data_digest(pages), "held_out": list(HELD_OUT), "figures": figures}


def measure_real() -> dict:
    """Macro figures over the REAL_HELD_OUT outlets, by a model trained on every other page."""
    pages, _ = trainer.gather([str(ROOT / "labeled")], str(CORPORA))
    _, scores = crossval.hold_out_sources(pages, set(REAL_HELD_OUT), DEFAULT_THRESHOLD)
    macro = crossval.macro_average([methods[crossval.METHOD] for methods in scores.values()], crossval.REAL_FIGURES)
    return {"digest": data_digest(pages), "held_out": list(REAL_HELD_OUT),
            "figures": {name: round(macro[name], 4) for name in REAL_FIGURES}}


def regressions(measured: dict, pinned: dict, figures=FIGURES, lower_is_better=LOWER_IS_BETTER) -> list[str]:
    """The figures that fell (or, for lower-is-better ones, rose) by more than NOISE."""
    found = []
    for name in figures:
        if measured["figures"][name] < pinned["figures"][name] - NOISE:
            found.append(f"{name} {measured['figures'][name]:.4f} < pinned {pinned['figures'][name]:.4f}")
    for name in lower_is_better:
        if measured["figures"][name] > pinned["figures"][name] + NOISE:
            found.append(f"{name} {measured['figures'][name]:.4f} > pinned {pinned['figures'][name]:.4f}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the quality gate, or re-pin it.")
    parser.add_argument("--pin", action="store_true", help="write the measured figures as the new pins")
    args = parser.parse_args(argv)
    measured = measure()
    pinned = json.loads(PINS.read_text())
    if CORPORA.is_dir():
        measured["real_pages"] = measure_real()
    elif "real_pages" in pinned:  # kept as pinned: it can only be measured beside ../shared
        measured["real_pages"] = pinned["real_pages"]
    print(json.dumps(measured, indent=2))
    if args.pin:
        PINS.write_text(json.dumps(measured, indent=2) + "\n")
        print(f"pinned in {PINS}")
        return 0
    found = regressions(measured, pinned)
    if "real_pages" in pinned:
        found += regressions(measured["real_pages"], pinned["real_pages"], REAL_FIGURES, ())
    print("\n".join(found) if found else "no regression")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
