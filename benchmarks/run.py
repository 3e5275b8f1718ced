"""Corpus-scale benchmark: taosha classify end to end against jieba's default segmentation of the same text.

    python benchmarks/run.py            # 50 MB corpus, classify with 1 and 2 workers, then jieba
    python benchmarks/run.py --mb 5     # a quicker look

It builds a JSONL corpus of at least --mb megabytes of page text by cycling through the labeled pages, runs
`taosha classify` on it in a child process for each worker count (model loading included), then times
`jieba.lcut` over every line of the same text in this process (dictionary loading excluded). It prints MB/s
for each run and for jieba, their ratio, the speed-up of more workers (and whether their output is
byte-identical to one worker's), and peak resident memory.
"""
from __future__ import annotations

import argparse
import hashlib
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

from taosha.readers.labeled import read_labeled_dirs

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
    command = [sys.executable, "-m", "taosha", "classify", str(corpus), "-o", str(output), "--quiet"]
    if workers > 1:
        command += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - start


def time_jieba(corpus: Path) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    with open(corpus, encoding="utf-8") as rows:
        lines = [line for row in rows for line in json.loads(row)["text"].split("\n")]
    start = time.perf_counter()
    for line in lines:
        jieba.lcut(line)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of page text (default 50)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts to run classify with (default: 1 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        size, pages = build_corpus(corpus, args.mb)
        print(f"corpus: {size / MB:.1f} MB of page text, {pages} pages; {os.cpu_count()} cores", flush=True)
        runs = {}
        for workers in args.workers:
            output = Path(scratch) / f"out-{workers}.jsonl"
            seconds = time_classify(corpus, output, workers)
            # Peak of the largest process so far (each worker process is its own): the streaming figure.
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            runs[workers] = seconds, hashlib.sha256(output.read_bytes()).hexdigest()
            print(f"taosha classify ({workers} worker{'s' if workers > 1 else ''}): {seconds:.1f} s, "
                  f"{size / MB / seconds:.2f} MB/s, peak RSS {peak_kb / 1024:.0f} MB", flush=True)
        jieba_seconds = time_jieba(corpus)
    jieba_rate = size / MB / jieba_seconds
    print(f"jieba.lcut, default mode: {jieba_seconds:.1f} s, {jieba_rate:.2f} MB/s")
    first = min(runs)
    print(f"classify ({first} worker) / jieba speed: {jieba_seconds / runs[first][0]:.2f}x")
    for workers, (seconds, digest) in runs.items():
        if workers != first:
            same = "identical output" if digest == runs[first][1] else "OUTPUT DIFFERS"
            print(f"{workers} workers / {first}: {runs[first][0] / seconds:.2f}x speed, {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
