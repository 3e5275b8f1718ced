"""Spark job: add taosha's clean text and line labels to a DataFrame of pages, with `mapInPandas`.

    from taosha.engines.spark_job import clean_dataframe
    cleaned = clean_dataframe(spark.read.json("pages/"))        # a string column "text", one page a row
    cleaned.write.parquet("clean/")

or from the command line, on one machine or a cluster (see docs/cluster.md):

    spark-submit --master spark://HOST:7077 taosha/engines/spark_job.py pages/ clean/

Every input column is kept and four are added, one entry per line of `text` (split at \\n, \\r\\n and \\r):
`clean_text` (the kept lines' repaired text, as `taosha classify --format text` writes a page),
`line_labels` ("content" or "junk"), `junk_probabilities`, and `removed` (per line, the spans cut from a kept
line: start, end, reason). A null text counts as an empty page. Each Python worker loads the model once.
"""
from __future__ import annotations

import argparse
import functools
from collections import deque
from collections.abc import Iterator

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

from taosha.api import CleanedPage, clean_pages, page_from_text

SPAN = StructType([StructField("start", IntegerType()), StructField("end", IntegerType()),
                   StructField("reason", StringType())])
ADDED_FIELDS = [
    StructField("clean_text", StringType()),
    StructField("line_labels", ArrayType(StringType())),
    StructField("junk_probabilities", ArrayType(DoubleType())),
    StructField("removed", ArrayType(ArrayType(SPAN))),
]


def clean_dataframe(pages: DataFrame, text_column: str = "text", model_dir: str | None = None,
                    threshold: str | float | None = None) -> DataFrame:
    """`pages` with taosha's verdict added to every row; model_dir must be readable on every executor
    (None, the shipped model, installs with taosha)."""
    clashes = {field.name for field in ADDED_FIELDS} & set(pages.columns)
    if clashes:
        raise ValueError(f"input already has column(s) {sorted(clashes)}: rename them first")
    if text_column not in pages.columns:
        raise ValueError(f"input has no column {text_column!r}; its columns: {pages.columns}")
    schema = StructType(pages.schema.fields + ADDED_FIELDS)
    clean = functools.partial(clean_frames, text_column=text_column, model_dir=model_dir, threshold=threshold)
    return pages.mapInPandas(clean, schema)


def clean_frames(frames: Iterator[pd.DataFrame], text_column: str = "text", model_dir: str | None = None,
                 threshold: str | float | None = None) -> Iterator[pd.DataFrame]:
    """One partition's Arrow batches with the verdict columns added. The whole partition goes through one
    `clean_pages` run, so watermarks repeated across its pages are learnt as in one `taosha classify` run;
    clean_pages reads a batch of pages ahead, so a frame waits in a queue until its last row is cleaned."""
    waiting: deque[pd.DataFrame] = deque()

    def pages():
        for frame in frames:
            if len(frame):  # an empty frame would never see a verdict and would block the queue
                waiting.append(frame)
            for row, text in enumerate(frame[text_column]):
                yield page_from_text(text if isinstance(text, str) else "", str(row))

    verdicts: list[CleanedPage] = []
    for page in clean_pages(pages(), model_dir, threshold):
        verdicts.append(page)
        if len(verdicts) == len(waiting[0]):
            yield with_verdicts(waiting.popleft(), verdicts)
            verdicts = []


def with_verdicts(frame: pd.DataFrame, verdicts: list[CleanedPage]) -> pd.DataFrame:
    return frame.assign(
        clean_text=[page.text for page in verdicts],
        line_labels=[page.labels for page in verdicts],
        junk_probabilities=[page.junk_probabilities for page in verdicts],
        removed=[page.removed for page in verdicts],
    )


def clean_files(spark: SparkSession, source: str, target: str, parquet: bool = False, text_column: str = "text",
                model_dir: str | None = None, threshold: str | float | None = None,
                partitions: int | None = None) -> None:
    """Read pages (JSONL, or Parquet), clean them, write Parquet to target (replaced if it exists)."""
    pages = (spark.read.parquet if parquet else spark.read.json)(source)
    if partitions:
        pages = pages.repartition(partitions)
    clean_dataframe(pages, text_column, model_dir, threshold).write.mode("overwrite").parquet(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clean a folder of pages with taosha on Spark; writes Parquet.")
    parser.add_argument("input", help="JSONL (one page a record) or, with --parquet, Parquet files")
    parser.add_argument("output", help="folder for the Parquet output (replaced if it exists)")
    parser.add_argument("--parquet", action="store_true", help="the input is Parquet, not JSONL")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--partitions", type=int, help="repartition the input first: at least the executors' "
                        "cores, so that a few large files still keep every core busy")
    parser.add_argument("--model", help="model folder readable on every executor (default: the shipped one)")
    parser.add_argument("--threshold", help="as for taosha classify")
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("taosha").getOrCreate()
    try:
        clean_files(spark, args.input, args.output, args.parquet, args.text_column, args.model, args.threshold,
                    args.partitions)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    # Run as a file by spark-submit: use the installed module's main, so that executors unpickle
    # clean_frames by reference to taosha.engines.spark_job rather than by value from __main__.
    from taosha.engines.spark_job import main as installed_main

    raise SystemExit(installed_main())
