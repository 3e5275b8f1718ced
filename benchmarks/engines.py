"""What cleaning costs per GB in each engine: taosha classify, the datatrove step, the Spark job.

    pip install -e ".[datatrove,spark]"
    python benchmarks/engines.py            # 2 MB corpus (a few minutes on this machine)
    python benchmarks/engines.py --mb 20    # firmer figures

It builds a JSONL corpus of --mb megabytes of page text from labeled/ (benchmarks/run.py's corpus), then times
on it, with the shipped model, `taosha classify` (a child process, 1 worker), the datatrove step
(LocalPipelineExecutor, 1 task, JSONL in and out) and the Spark job (`spark_job.main`, local[2], input split
into 2 partitions, Parquet out). `seconds` is end to end with the model load; Spark's session start is printed
apart, since a cluster pays it once per application. MB/s and minutes per GB extrapolate the steady rate: the
seconds less one model load (timed in a fresh process), which each process pays once whatever the corpus size.
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

from benchmarks.run import MB, build_corpus, time_classify

SPARK_CORES = 2


def time_model_load() -> float:
    """A fresh process's cost to import taosha and load the shipped model: what every engine pays once."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from taosha.api import loaded_model; loaded_model()"], check=True,
                   cwd=ROOT)
    return time.perf_counter() - start


def time_datatrove(corpus: Path, scratch: Path) -> float:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from taosha.engines.datatrove_step import TaoshaCleaner

    pipeline = [JsonlReader(str(corpus.parent)), TaoshaCleaner(),
                JsonlWriter(str(scratch / "datatrove-out"), compression=None)]
    executor = LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(scratch / "datatrove-logs"))
    start = time.perf_counter()
    executor.run()
    return time.perf_counter() - start


def time_spark(corpus: Path, scratch: Path) -> tuple[float, float]:
    """(session start, job) seconds; the job reads the JSONL, cleans it and writes Parquet."""
    from pyspark.sql import SparkSession

    from taosha.engines import spark_job

    start = time.perf_counter()
    session = (SparkSession.builder.master(f"local[{SPARK_CORES}]").appName("taosha-benchmark")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", str(SPARK_CORES))
               .config("spark.pyspark.python", sys.executable).getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    spark_job.main([str(corpus), str(scratch / "spark-out"), "--partitions", str(SPARK_CORES)])  # stops it
    return started - start, time.perf_counter() - started


def row(name: str, cores: int, seconds: float, startup: float, megabytes: float) -> str:
    rate = megabytes / max(seconds - startup, 1e-9)
    return f"{name:<32} {cores:>5} {seconds:>8.1f} {rate:>7.3f} {1000 / rate / 60:>8.0f}"


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
        startup = time_model_load()
        classify = time_classify(corpus, scratch / "classify.jsonl", 1)
        datatrove = time_datatrove(corpus, scratch)
        session, spark = time_spark(corpus, scratch)
    print(f"corpus: {megabytes:.1f} MB of page text, {pages} pages; {os.cpu_count()} cores")
    print(f"start-up: model load in a fresh process {startup:.1f} s; Spark session start {session:.1f} s "
          "(not in the figures below)")
    print(f"{'engine':<32} {'cores':>5} {'seconds':>8} {'MB/s':>7} {'min/GB':>8}")
    print(row("taosha classify (1 process)", 1, classify, startup, megabytes))
    print(row("datatrove, LocalPipeline 1 task", 1, datatrove, startup, megabytes))
    print(row(f"Spark local[{SPARK_CORES}], {SPARK_CORES} partitions", SPARK_CORES, spark, startup, megabytes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
