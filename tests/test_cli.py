import json

import pytest

from taosha.cli import main


def test_train_prints_held_out_figures_and_saves(corpus_dir, tmp_path, capsys):
    assert main(["train", str(corpus_dir), "-o", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert "held-out" in out and "junk F1" in out
    assert (tmp_path / "m" / "model.npz").exists() and (tmp_path / "m" / "metadata.json").exists()


def test_classify_jsonl_has_one_record_per_input_line(trained_model_dir, tmp_path, capsys):
    scrape = tmp_path / "page.txt"
    scrape.write_text("首页 | 新闻\n\n市政府召开会议，部署今年的城市建设工作。\n版权所有 京ICP备12345678号\n",
                      encoding="utf-8")
    assert main(["classify", str(scrape), "--model", str(trained_model_dir)]) == 0
    records = [json.loads(row) for row in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert {r["doc"] for r in records} == {str(scrape)}
    for r in records:
        assert r["label"] in ("content", "junk") and 0 <= r["junk_probability"] <= 1
        assert r["clean"] == (r["text"] if r["label"] == "content" else "")


def test_classify_text_format_and_output_file(trained_model_dir, tmp_path):
    scrape = tmp_path / "p.jsonl"
    scrape.write_text(json.dumps({"id": "x", "text": "一\n二"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["classify", str(scrape), "--model", str(trained_model_dir), "--format", "text",
                 "-o", str(out)]) == 0
    assert set(out.read_text(encoding="utf-8").split()) <= {"一", "二"}


def test_evaluate_json(trained_model_dir, corpus_dir, capsys):
    assert main(["evaluate", str(corpus_dir), "--model", str(trained_model_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"overall", "by_source", "worst", "operating_points"}
    assert report["overall"]["lines"] > 100 and "seed000" in report["by_source"]


def test_errors_are_one_line_with_status_2(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "p.tsv").write_text("C\tok\nQ\tbad tag\n", encoding="utf-8")
    assert main(["train", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "p.tsv:2: unknown tag 'Q'" in err
    assert main(["classify", str(tmp_path / "missing.txt"), "--model", str(tmp_path)]) == 2


def test_module_entry_point_has_usage(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "classify" in capsys.readouterr().out


def test_evaluate_prints_operating_points(trained_model_dir, corpus_dir, capsys):
    assert main(["evaluate", str(corpus_dir), "--model", str(trained_model_dir), "--threshold", "remove-junk"]) == 0
    out = capsys.readouterr().out
    for name in ("chosen", "balanced", "keep-content", "remove-junk"):
        assert f"  {name} " in out


def test_bad_threshold_is_status_2(trained_model_dir, tmp_path, capsys):
    assert main(["classify", "-", "--model", str(trained_model_dir), "--threshold", "2"]) == 2
    assert "bad threshold '2'" in capsys.readouterr().err


def test_classify_goes_on_past_a_bad_file_and_exits_1(trained_model_dir, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("标题\n正文。\n", encoding="utf-8")
    assert main(["classify", str(tmp_path / "missing.txt"), str(good), "--model", str(trained_model_dir)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert captured.err.strip() == f"taosha: warning: {tmp_path / 'missing.txt'}: no such file, skipped"


def test_usage_errors_are_one_line_with_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["classify", "--format", "xml"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'xml'" in err


def test_a_line_of_20_megabytes_is_classified(trained_model_dir, tmp_path, capsys):
    page = tmp_path / "huge.txt"
    page.write_text("标题\n" + "正文内容，" * 1_400_000 + "\n结尾。\n", encoding="utf-8")
    assert page.stat().st_size > 20_000_000
    assert main(["classify", str(page), "--model", str(trained_model_dir)]) == 0
    records = [json.loads(row) for row in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3] and len(records[1]["text"]) == 7_000_000
