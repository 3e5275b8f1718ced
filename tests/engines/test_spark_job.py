import sys

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from pyspark.sql import SparkSession

from taosha.api import clean_texts
from taosha.engines.spark_job import clean_dataframe, clean_frames
from tests.engines.engine_pages import TAIL_LINE, classify_by_doc, kept_text, pages, write_jsonl


@pytest.fixture(scope="module")
def spark():
    # One core, no UI, one shuffle partition: a test-sized session. Python workers run this interpreter:
    # a session built in Python reads PYSPARK_PYTHON (default python3), not spark.pyspark.python.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        session = (SparkSession.builder.master("local[1]").appName("taosha-test")
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "1")
                   .getOrCreate())
        yield session
        session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_jsonl(pages(), tmp_path_factory.mktemp("pages") / "pages.jsonl")


def test_job_matches_classify(spark, corpus, trained_model_dir, capsys):
    by_doc = classify_by_doc(corpus, trained_model_dir, capsys)
    frame = spark.read.schema("id string, text string").json(str(corpus))
    rows = clean_dataframe(frame, model_dir=str(trained_model_dir)).collect()

    assert [row.id for row in rows] == [p["id"] for p in pages()]
    for row in rows:
        records = by_doc[row.id]
        assert row.line_labels == [r["label"] for r in records]
        assert [round(p, 6) for p in row.junk_probabilities] == [r["junk_probability"] for r in records]
        assert [[span.asDict() for span in line] for line in row.removed] == [r["removed"] for r in records]
        assert row.clean_text == kept_text(records)
    tail = next(row for row in rows if row.id == "tail-3")  # one partition: one run, as classify's
    assert [span.reason for span in tail.removed[TAIL_LINE - 1]] == ["repeated affix"]


def test_frames_of_any_size_come_back_whole_and_in_order(trained_model_dir):
    import pandas as pd

    texts = [p["text"] for p in pages()] * 10  # 90 pages: more than one of taosha's batches
    sizes = [3, 0, 70, 0, 17]
    frames, at = [], 0
    for size in sizes:
        frames.append(pd.DataFrame({"text": texts[at:at + size], "n": range(at, at + size)}))
        at += size
    out = list(clean_frames(iter(frames), model_dir=str(trained_model_dir)))
    assert [len(frame) for frame in out] == [size for size in sizes if size]
    expected = list(clean_texts(texts, model_dir=str(trained_model_dir)))
    joined = pd.concat(out)
    assert list(joined["n"]) == list(range(len(texts)))
    assert list(joined["clean_text"]) == [page.text for page in expected]
    assert [list(labels) for labels in joined["line_labels"]] == [page.labels for page in expected]


def test_null_text_is_an_empty_page_and_other_columns_are_kept(spark, trained_model_dir):
    frame = spark.createDataFrame([("a", None, 7)], "id string, text string, size int")
    row = clean_dataframe(frame, model_dir=str(trained_model_dir)).first()
    assert (row.id, row.size, row.clean_text, row.line_labels, row.removed) == ("a", 7, "", [], [])


def test_added_columns_must_not_exist(spark):
    frame = spark.createDataFrame([("a", "x")], "clean_text string, text string")
    with pytest.raises(ValueError, match="clean_text"):
        clean_dataframe(frame)
