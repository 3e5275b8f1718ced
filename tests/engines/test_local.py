import json

from taosha import classify
from taosha.classify import classify_pages
from taosha.classify.saved import load
from taosha.cli import main
from taosha.engines.local import BatchJob, classify_rendered
from taosha.readers.labeled import read_labeled_dirs
from taosha.writers import render_jsonl


def _pages(corpus_dir):
    pages = read_labeled_dirs([corpus_dir])
    for page in pages:
        for line in page.lines:
            line.tag = None
    return pages


def test_workers_give_the_same_output_in_the_same_order(trained_model_dir, corpus_dir, monkeypatch):
    monkeypatch.setattr(classify, "BATCH_LINES", 50)  # many small batches, so the workers interleave
    job = BatchJob(load(trained_model_dir), 0.5, "jsonl")
    alone = list(classify_rendered(job, _pages(corpus_dir), workers=1))
    together = list(classify_rendered(job, _pages(corpus_dir), workers=2))
    assert together == alone
    direct = [render_jsonl(page) for page in classify_pages(job.saved, _pages(corpus_dir), 0.5)]
    assert alone == direct


def test_batches_report_every_page_and_line(trained_model_dir, corpus_dir):
    job = BatchJob(load(trained_model_dir), 0.5, "text")
    done = []
    list(classify_rendered(job, _pages(corpus_dir), on_batch=done.append))
    pages = _pages(corpus_dir)
    assert sum(d.pages for d in done) == len(pages)
    assert sum(d.lines for d in done) == sum(len(p.lines) for p in pages)


def test_classify_is_quiet_when_not_on_a_terminal(trained_model_dir, tmp_path, capsys):
    page = tmp_path / "p.txt"
    page.write_text("标题\n正文内容，说明情况。\n", encoding="utf-8")
    assert main(["classify", str(page), "--model", str(trained_model_dir), "--workers", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and len([json.loads(r) for r in captured.out.splitlines()]) == 2


def test_bad_worker_count_is_a_one_line_usage_error(capsys):
    import pytest

    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--workers", "0", "x.txt"])
    assert exit_info.value.code == 2
    assert "invalid worker count" in capsys.readouterr().err
