"""Corpus-scale benchmark: taosha classify end to end against jieba's default segmentation of the same text.

    python benchmarks/run.py                       # 50 MB corpus, 3 rounds
    python benchmarks/run.py --mb 5 --rounds 1     # a quicker look

It builds a JSONL corpus of at least --mb megabytes of page text by cycling through the labeled pages. Each
round runs `taosha classify` on it in a child process for each worker count (model loading included), then
times `jieba.lcut` over every line of the same text in another (dictionary loading excluded). It prints
how long a fresh process takes to load the shipped model; each round's MB/s, CPU seconds and peak resident
memory; whether every run's output is byte-identical; and then the median over the rounds of classify's
speed against jieba's and of two workers' against one's.

Rounds interleave the runs because the speed of a shared virtual machine drifts: a ratio is taken within a
round, from runs minutes apart, and the median keeps one slowed run from deciding it. The ratio of CPU
seconds (one worker's against jieba's) leaves out time spent waiting for a core, and each run prints the share
of the machine's CPU time that the host took while it ran (steal, from /proc/stat on Linux).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

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


@dataclass
class Run:
    """One timed run: wall-clock and CPU seconds, peak resident memory, and a digest of its output."""

    seconds: float
    cpu_seconds: float
    peak_mb: float = 0.0
    digest: str = ""
    stolen: float | None = None  # share of the machine's CPU time its host took meanwhile (Linux only)


def run_classify(corpus: Path, output: Path, workers: int) -> Run:
    """taosha classify in a child process; CPU time and peak RSS are the child's and its workers'."""
    command = [sys.executable, "-m", "taosha", "classify", str(corpus), "-o", str(output), "--quiet"]
    if workers > 1:
        command += ["--workers", str(workers)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, file_digest(output))


def file_digest(path: Path) -> str:
    """sha256 of a file read a megabyte at a time: this process must stay small (see run_jieba)."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(MB), b""):
            digest.update(block)
    return digest.hexdigest()


def run_jieba(corpus: Path) -> Run:
    """jieba in a child process too: the lines and the dictionary stay out of this process. A child started
    by vfork and exec (as subprocess does on Linux) inherits this process's peak RSS in its own, so this
    process's peak must stay below any classify run's."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.run import jieba_child; jieba_child()"
    timed = subprocess.run([sys.executable, "-c", code, str(corpus)], check=True, capture_output=True, text=True)
    seconds, cpu_seconds = map(float, timed.stdout.split())
    return Run(seconds, cpu_seconds)


def jieba_child() -> None:
    """Prints the wall-clock and CPU seconds of jieba.lcut over every line of the corpus in sys.argv[1]."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    with open(sys.argv[1], encoding="utf-8") as rows:
        lines = [line for row in rows for line in json.loads(row)["text"].split("\n")]
    start, cpu = time.perf_counter(), time.process_time()
    for line in lines:
        jieba.lcut(line)
    print(time.perf_counter() - start, time.process_time() - cpu)


def model_loading() -> str:
    """How long a fresh process takes to import taosha's model stage and load the shipped model, and the
    size of the files it reads."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.run import loading_child; loading_child()"
    timed = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    imported, loaded, cpu_seconds, files = timed.stdout.split()
    return (f"shipped model: {int(files) / MB:.1f} MB of files; import {float(imported):.2f} s, "
            f"load {float(loaded):.2f} s ({float(cpu_seconds):.2f} CPU s for both)")


def loading_child() -> None:
    start, cpu = time.perf_counter(), time.process_time()
    from taosha.classify import saved

    imported = time.perf_counter()
    saved.load()
    directory = saved.shipped_model_dir()
    files = sum((directory / name).stat().st_size for name in (saved.MODEL_FILE, saved.METADATA_FILE))
    print(imported - start, time.perf_counter() - imported, time.process_time() - cpu, files)


def watched(run_once, *args) -> Run:
    """The run, with the share of CPU time that the virtual machine's host took ("steal") while it ran: a
    run slowed by the host says so, rather than passing for a slow program."""
    before = _cpu_ticks()
    run = run_once(*args)
    after = _cpu_ticks()
    if before and after and after[1] > before[1]:
        run.stolen = (after[0] - before[0]) / (after[1] - before[1])
    return run


def _cpu_ticks() -> tuple[int, int] | None:
    """(steal, all) clock ticks of every core so far, from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (fields[7], sum(fields)) if len(fields) == 8 else None


def describe(name: str, run: Run, size: int) -> str:
    memory = f", peak RSS {run.peak_mb:.0f} MB" if run.peak_mb else ""
    host = f", host took {run.stolen:.0%} of the CPU" if run.stolen is not None else ""
    return (f"  {name}: {run.seconds:.1f} s, {size / MB / run.seconds:.2f} MB/s, "
            f"{run.cpu_seconds:.1f} CPU s{memory}{host}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of page text (default 50)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts to run classify with (default: 1 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of runs; medians are reported (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        size, pages = build_corpus(corpus, args.mb)
        print(f"corpus: {size / MB:.1f} MB of page text, {pages} pages; {os.cpu_count()} cores", flush=True)
        print(model_loading(), flush=True)
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"round {number}:", flush=True)
            runs = {}
            for workers in args.workers:
                runs[workers] = watched(run_classify, corpus, Path(scratch) / "out.jsonl", workers)
                print(describe(f"taosha classify, {workers} worker{'s' if workers > 1 else ''}", runs[workers],
                               size), flush=True)
            runs["jieba"] = watched(run_jieba, corpus)
            print(describe("jieba.lcut, default mode", runs["jieba"], size), flush=True)
            rounds.append(runs)
    summarize(rounds, args.workers, size)
    return 0


def summarize(rounds: list[dict], worker_counts: list[int], size: int) -> None:
    one = min(worker_counts)
    digests = {runs[w].digest for runs in rounds for w in worker_counts}
    print(f"medians over {len(rounds)} round{'s' if len(rounds) > 1 else ''}; "
          f"{'every run gave identical output' if len(digests) == 1 else 'OUTPUTS DIFFER'}")
    for workers in worker_counts:
        rate = median(size / MB / runs[workers].seconds for runs in rounds)
        print(f"  taosha classify, {workers} worker{'s' if workers > 1 else ''}: {rate:.2f} MB/s")
    print(f"  jieba.lcut: {median(size / MB / runs['jieba'].seconds for runs in rounds):.2f} MB/s")
    ratios = [runs["jieba"].seconds / runs[one].seconds for runs in rounds]
    print(f"  classify ({one} worker) / jieba speed: {median(ratios):.2f}x (rounds: {_listed(ratios)})")
    cpu = [runs["jieba"].cpu_seconds / runs[one].cpu_seconds for runs in rounds]
    print(f"  by CPU time: {median(cpu):.2f}x (rounds: {_listed(cpu)})")
    for workers in worker_counts:
        if workers != one:
            gains = [runs[one].seconds / runs[workers].seconds for runs in rounds]
            print(f"  {workers} workers / {one}: {median(gains):.2f}x speed (rounds: {_listed(gains)})")


def _listed(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}x" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
