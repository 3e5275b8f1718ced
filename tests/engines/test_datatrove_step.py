import json

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from taosha.engines.datatrove_step import NO_CONTENT, TaoshaCleaner
from tests.engines.engine_pages import TAIL_LINE, classify_by_doc, kept_text, pages, write_jsonl


def run_pipeline(tmp_path, model_dir, **options) -> tuple[list[dict], list[dict], dict]:
    """Documents written and excluded by a one-task LocalPipelineExecutor, and the taosha step's stats."""
    cleaner = TaoshaCleaner(model_dir=str(model_dir),
                            exclusion_writer=JsonlWriter(str(tmp_path / "excluded"), compression=None), **options)
    pipeline = [JsonlReader(str(tmp_path / "input")), cleaner, JsonlWriter(str(tmp_path / "output"), compression=None)]
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()

    def documents(folder):
        return [json.loads(row) for path in sorted((tmp_path / folder).glob("*.jsonl"))
                for row in path.read_text(encoding="utf-8").splitlines()]

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    step = next(s for s in stats if "taosha" in s["name"])
    return documents("output"), documents("excluded"), step["stats"]


@pytest.fixture(scope="module")
def expected(trained_model_dir, tmp_path_factory):
    corpus = write_jsonl(pages(), tmp_path_factory.mktemp("pages") / "input" / "pages.jsonl")
    return corpus, trained_model_dir


def test_step_matches_classify(expected, tmp_path, capsys):
    corpus, model_dir = expected
    write_jsonl(pages(), tmp_path / "input" / "pages.jsonl")
    by_doc = classify_by_doc(corpus, model_dir, capsys)
    kept, excluded, stats = run_pipeline(tmp_path, model_dir)

    for doc in kept + excluded:
        records, verdict = by_doc[doc["id"]], doc["metadata"]["taosha"]
        assert verdict["labels"] == [r["label"] for r in records]
        assert [round(p, 6) for p in verdict["junk_probabilities"]] == [r["junk_probability"] for r in records]
        assert verdict["removed"] == [r["removed"] for r in records]
    with_content = [p["id"] for p in pages() if any(r["label"] == "content" for r in by_doc[p["id"]])]
    assert [d["id"] for d in kept] == with_content  # in input order
    assert [d["text"] for d in kept] == [kept_text(by_doc[doc]) for doc in with_content]
    assert sorted(d["id"] for d in kept + excluded) == sorted(by_doc)

    originals = {p["id"]: p["text"] for p in pages()}
    assert "all-junk" in {d["id"] for d in excluded}
    for doc in excluded:
        assert doc["metadata"]["filter_reason"] == NO_CONTENT and doc["text"] == originals[doc["id"]]
        assert "content" not in doc["metadata"]["taosha"]["labels"]
    assert stats[f"dropped_{NO_CONTENT}"] == len(excluded)
    assert stats["forwarded"] == len(kept)


def test_a_tail_glued_once_per_page_is_cut_across_the_task(expected, tmp_path):
    _, model_dir = expected
    write_jsonl(pages(), tmp_path / "input" / "pages.jsonl")
    kept, _, _ = run_pipeline(tmp_path, model_dir)
    last = next(d for d in kept if d["id"] == "tail-3")["metadata"]["taosha"]
    assert [span["reason"] for span in last["removed"][TAIL_LINE - 1]] == ["repeated affix"]


def test_empty_documents_are_kept_when_asked(expected, tmp_path):
    _, model_dir = expected
    write_jsonl(pages(), tmp_path / "input" / "pages.jsonl")
    kept, excluded, stats = run_pipeline(tmp_path, model_dir, drop_empty=False)
    assert excluded == [] and len(kept) == len(pages()) and "dropped" not in stats
    assert "text" not in next(d for d in kept if d["id"] == "all-junk")  # datatrove's writer omits empty fields


def test_step_survives_the_pickling_that_slurm_and_ray_executors_do(expected):
    import dill
    from datatrove.data import Document

    _, model_dir = expected
    step = dill.loads(dill.dumps(TaoshaCleaner(model_dir=str(model_dir))))
    docs = [Document(text=p["text"], id=p["id"]) for p in pages()]
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == [p["id"] for p in pages() if p["id"] != "all-junk"]
