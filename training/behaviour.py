"""Print the behaviour checks (taosha.measure.behaviour) of a model on the real gold-labeled pages.

    python training/behaviour.py --corpora ../shared/corpora [--model DIR] [--json]

The tests in tests/measure/test_behaviour.py hold the shipped model to the issue's bounds on the same pages.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taosha.classify import classify_pages
from taosha.classify.saved import load
from taosha.measure.behaviour import measure
from taosha.readers.gold import read_gold_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure a model's behaviour checks on the real gold pages.")
    parser.add_argument("--corpora", required=True, type=Path)
    parser.add_argument("--labels", default=ROOT / "labeled" / "real", type=Path)
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    saved = load(args.model)
    figures = measure(lambda pages: list(classify_pages(saved, pages)), read_gold_dir(args.labels, args.corpora))
    if args.json:
        print(json.dumps(asdict(figures), indent=2))
    else:
        for name, value in asdict(figures).items():
            print(f"{name:<24} {value if isinstance(value, dict) else format(value, '.4f') if value is not None else '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
