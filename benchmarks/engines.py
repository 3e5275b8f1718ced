"""What cleaning costs per GB in each engine: taosha classify, the datatrove step, the Spark job.

    pip install -e ".[datatrove,spark]"
    python benchmarks/engines.py            # 2 MB corpus (a few minutes on this machine)
    python benchmarks/engines.py --mb 20    # firmer figures

It builds a JSONL corpus of --mb megabytes of page text from labeled/ (benchmarks/run.py's corpus) and times
on it, with the shipped model, `taosha classify` (a child process, 1 worker), the datatrove step
(LocalPipelineExecutor, 1 task, JSONL in and out) and the Spark job (`spark_job.clean_files`, local[2], the
input split into 2 partitions, Parquet out). `first` is a cold run: for classify and datatrove with the model
load, for Spark with its Python workers' start and model loads but not the session start (printed apart: an
application pays it once). `steady` is what the same work costs once that is paid, which is what a GB costs:
for datatrove and Spark a second run in the same process or session, for classify the first run less a model
load timed in a fresh process. MB/s and minutes per GB come from `steady`.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import MB, build_corpus, run_classify

SPARK_CORES = 2


def time_model_load() -> float:
    """A fresh process's cost to import taosha and load the shipped model: what every engine pays once."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from taosha.api import loaded_model; loaded_model()"], check=True,
                   cwd=ROOT)
    return time.perf_counter() - start


def time_datatrove(corpus: Path, scratch: Path) -> list[float]:
    """Seconds of two runs in this process: the first loads the model, the second finds it loaded."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from taosha.engines.datatrove_step import TaoshaCleaner

    seconds = []
    for run in range(2):
        pipeline = [JsonlReader(str(corpus.parent)), TaoshaCleaner(),
                    JsonlWriter(str(scratch / f"datatrove-out-{run}"), compression=None)]
        executor = LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(scratch / f"logs-{run}"))
        start = time.perf_counter()
        executor.run()
        seconds.append(time.perf_counter() - start)
    return seconds


def time_spark(corpus: Path, scratch: Path) -> tuple[float, list[float]]:
    """Seconds of the session start, then of two runs of the job (JSONL in, clean, Parquet out) in it."""
    from pyspark.sql import SparkSession

    from taosha.engines.spark_job import clean_files

    os.environ["PYSPARK_PYTHON"] = sys.executable  # Python workers run this interpreter, with taosha
    start = time.perf_counter()
    session = (SparkSession.builder.master(f"local[{SPARK_CORES}]").appName("taosha-benchmark")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", str(SPARK_CORES))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - start
    seconds = []
    try:
        for run in range(2):
            start = time.perf_counter()
            clean_files(session, str(corpus), str(scratch / f"spark-out-{run}"), partitions=SPARK_CORES)
            seconds.append(time.perf_counter() - start)
    finally:
        session.stop()
    return started, seconds


def row(name: str, cores: int, first: float, steady: float, megabytes: float) -> str:
    rate = megabytes / steady
    return f"{name:<32} {cores:>5} {first:>7.1f} {steady:>7.1f} {rate:>7.3f} {1000 / rate / 60:>7.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="megabytes of page text (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        corpus = scratch / "corpus" / "pages.jsonl"
        corpus.parent.mkdir()
        size, pages = build_corpus(corpus, args.mb)
        megabytes = size / MB
        load = time_model_load()
        classify = run_classify(corpus, scratch / "classify.jsonl", 1).seconds
        datatrove = time_datatrove(corpus, scratch)
        session, spark = time_spark(corpus, scratch)
    print(f"corpus: {megabytes:.1f} MB of page text, {pages} pages; {os.cpu_count()} cores")
    print(f"model load in a fresh process: {load:.1f} s; Spark session start: {session:.1f} s")
    print(f"{'engine':<32} {'cores':>5} {'first':>7} {'steady':>7} {'MB/s':>7} {'min/GB':>7}")
    print(row("taosha classify (1 process)", 1, classify, classify - load, megabytes))
    print(row("datatrove, LocalPipeline 1 task", 1, *datatrove, megabytes))
    print(row(f"Spark local[{SPARK_CORES}], {SPARK_CORES} partitions", SPARK_CORES, *spark, megabytes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
