"""Quality gate: figures that a change must not lower by more than noise, pinned with their data's digest.

    python training/quality_gate.py          # measure and compare with the pins
    python training/quality_gate.py --pin    # measure and re-pin (an explicit decision: say why in the commit)

The gate trains on the committed labeled pages less two held-out sources and measures on those two, so it
runs where ../shared is absent and in a few seconds more than one training run.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taosha import evaluation, model
from taosha.readers.labeled import read_labeled_dirs

PINS = Path(__file__).with_name("quality_gate.json")
HELD_OUT = ("news", "hacked")  # a clean genre and the injected-junk genre
FIGURES = ("junk_f1", "content_kept", "char_f1", "injected_removed")
LOWER_IS_BETTER = ("real_removed",)
NOISE = 0.01  # refits on the same data agree to the third decimal; this allows library drift


def measure() -> dict:
    pages = read_labeled_dirs([ROOT / "labeled"])
    fitting = [p for p in pages if p.source not in HELD_OUT]
    held_out = [p for p in pages if p.source in HELD_OUT and not p.augmented]
    trial = model.fit_saved(fitting)
    scores = evaluation.score_lines(list(model.classify_pages(trial, held_out)))
    figures = {name: round(getattr(scores, name), 4) for name in FIGURES + LOWER_IS_BETTER}
    return {"digest": model.data_digest(pages), "held_out": list(HELD_OUT), "figures": figures}


def regressions(measured: dict, pinned: dict) -> list[str]:
    """The figures that fell (or, for lower-is-better ones, rose) by more than NOISE."""
    found = []
    for name in FIGURES:
        if measured["figures"][name] < pinned["figures"][name] - NOISE:
            found.append(f"{name} {measured['figures'][name]:.4f} < pinned {pinned['figures'][name]:.4f}")
    for name in LOWER_IS_BETTER:
        if measured["figures"][name] > pinned["figures"][name] + NOISE:
            found.append(f"{name} {measured['figures'][name]:.4f} > pinned {pinned['figures'][name]:.4f}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the quality gate, or re-pin it.")
    parser.add_argument("--pin", action="store_true", help="write the measured figures as the new pins")
    args = parser.parse_args(argv)
    measured = measure()
    print(json.dumps(measured, indent=2))
    if args.pin:
        PINS.write_text(json.dumps(measured, indent=2) + "\n")
        print(f"pinned in {PINS}")
        return 0
    found = regressions(measured, json.loads(PINS.read_text()))
    print("\n".join(found) if found else "no regression")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
