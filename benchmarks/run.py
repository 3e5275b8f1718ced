"""Corpus-scale benchmark: taosha classify end to end against jieba's default segmentation of the same text.

    python benchmarks/run.py            # 50 MB corpus (about 10 minutes on this machine)
    python benchmarks/run.py --mb 5     # a quicker look

It builds a JSONL corpus of at least --mb megabytes of page text by cycling through the labeled pages, runs
`taosha classify` on it in a child process (model loading included), then times `jieba.lcut` over every line
of the same text in this process (dictionary loading excluded), and prints MB/s for both, their ratio, and
the classify run's peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taosha.readers.labeled import read_labeled_dirs  # noqa: E402

MB = 1_000_000


def build_corpus(path: Path, megabytes: float) -> tuple[int, int]:
    """Write pages until the text reaches the size; returns (bytes of page text, pages)."""
    pages = ["\n".join(line.text for line in page.lines) for page in read_labeled_dirs([ROOT / "labeled"])]
    size = count = 0
    with open(path, "w", encoding="utf-8") as out:
        while size < megabytes * MB:
            text = pages[count % len(pages)]
            out.write(json.dumps({"id": f"page-{count}", "text": text}, ensure_ascii=False) + "\n")
            size += len(text.encode("utf-8"))
            count += 1
    return size, count


def time_classify(corpus: Path, output: Path, workers: int) -> float:
    command = [sys.executable, "-m", "taosha", "classify", str(corpus), "-o", str(output)]
    if workers > 1:
        command += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - start


def time_jieba(corpus: Path) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    lines = [line for row in open(corpus, encoding="utf-8") for line in json.loads(row)["text"].split("\n")]
    start = time.perf_counter()
    for line in lines:
        jieba.lcut(line)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of page text (default 50)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus, output = Path(scratch) / "corpus.jsonl", Path(scratch) / "out.jsonl"
        size, pages = build_corpus(corpus, args.mb)
        classify_seconds = time_classify(corpus, output, args.workers)
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        jieba_seconds = time_jieba(corpus)
    classify_rate, jieba_rate = size / MB / classify_seconds, size / MB / jieba_seconds
    print(f"corpus: {size / MB:.1f} MB of page text, {pages} pages; {os.cpu_count()} cores")
    print(f"taosha classify ({args.workers} worker): {classify_seconds:.1f} s, {classify_rate:.2f} MB/s, "
          f"peak RSS {peak_kb / 1024:.0f} MB")
    print(f"jieba.lcut, default mode:  {jieba_seconds:.1f} s, {jieba_rate:.2f} MB/s")
    print(f"classify / jieba speed: {classify_rate / jieba_rate:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
