"""What reading and writing alone cost: the floor under any speed-up of taosha classify in Python.

    python benchmarks/io_floor.py --mb 5

It builds the corpus as benchmarks/run.py does, then reads it into pages and writes one JSONL record per
line, as `taosha classify` does, with every line given a fixed label instead of the model's: no features,
no scoring, no repair. It prints the CPU seconds and MB/s of that alone.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import MB, build_corpus
from taosha.readers import read_pages
from taosha.record import Label
from taosha.writers import render_jsonl


def read_and_write(corpus: Path, output: Path) -> float:
    """CPU seconds to read the corpus into pages and write every line's record."""
    start = time.process_time()
    with open(output, "w", encoding="utf-8") as out:
        for page in read_pages([str(corpus)]):
            for line in page.lines:
                line.label, line.junk_probability = Label.CONTENT, 0.0
            out.write(render_jsonl(page))
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of page text (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        size, pages = build_corpus(corpus, args.mb)
        seconds = read_and_write(corpus, Path(scratch) / "out.jsonl")
    print(f"{size / MB:.1f} MB of page text, {pages} pages: read and written in {seconds:.2f} CPU s "
          f"({size / MB / seconds:.1f} MB/s)")


if __name__ == "__main__":
    main()
