import io
import json
import subprocess
import sys

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


def test_classify_text_format_and_output_file(tmp_path, capsys):  # the shipped model
    scrape = tmp_path / "p.jsonl"
    text = "首页 | 新闻 | 体育\n市政府召开会议，部署今年的城市建设工作，要求各部门抓好落实。\n版权所有 京ICP备12345678号"
    scrape.write_text(json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["classify", str(scrape)]) == 0
    kept = [r["clean"] for r in map(json.loads, capsys.readouterr().out.splitlines()) if r["label"] == "content"]
    out = tmp_path / "out.txt"
    assert main(["classify", str(scrape), "--format", "text", "-o", str(out)]) == 0
    assert kept and out.read_text(encoding="utf-8") == "\n".join(kept) + "\n"


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
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0 and "classify" in capsys.readouterr().out
    run = subprocess.run([sys.executable, "-m", "taosha", "--help"], check=False, capture_output=True,
                         text=True)
    assert run.returncode == 0 and "usage:" in run.stdout and "classify" in run.stdout


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


def test_a_run_that_reads_no_page_leaves_the_previous_output(trained_model_dir, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for given in ([str(tmp_path / "missing.txt")], [str(tmp_path / "missing.txt"), str(empty)]):
        assert main(["classify", *given, "--model", str(trained_model_dir), "-o", str(out), "--quiet"]) == 1
        assert out.read_text(encoding="utf-8") == "precious\n"
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"taosha: warning: no line was read, so {out} was left as it was")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.jsonl"]  # no temporary left
    good = tmp_path / "good.txt"
    good.write_text("标题\n正文。\n", encoding="utf-8")
    assert main(["classify", str(good), "--model", str(trained_model_dir), "-o", str(out), "--quiet"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # a run that read a page replaces it


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


def _one_line_error(capsys, *parts):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and all(part in err for part in parts), err


@pytest.mark.parametrize("target, reason", [("missing/out.jsonl", "No such file or directory"),
                                            ("folder", "Is a directory"),
                                            ("file.txt/out.jsonl", "Not a directory")])
def test_a_bad_output_path_is_one_line_before_any_work(tmp_path, capsys, target, reason):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("")
    # The model folder does not exist either: the output is checked first.
    assert main(["classify", str(tmp_path / "file.txt"), "--model", str(tmp_path / "no-model"),
                 "-o", str(tmp_path / target)]) == 2
    _one_line_error(capsys, f"taosha: {tmp_path / target}: cannot write the output there ({reason})")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder"]


def test_output_through_a_symlink_a_fifo_and_a_pipe(trained_model_dir, tmp_path):
    import os

    page = tmp_path / "p.txt"
    page.write_text("正文内容。\n", encoding="utf-8")
    classify = ["classify", str(page), "--model", str(trained_model_dir), "-o"]
    (tmp_path / "real.jsonl").write_text("old\n")
    (tmp_path / "link.jsonl").symlink_to("real.jsonl")
    assert main(classify + [str(tmp_path / "link.jsonl")]) == 0
    assert (tmp_path / "link.jsonl").is_symlink()
    assert json.loads((tmp_path / "real.jsonl").read_text(encoding="utf-8"))["text"] == "正文内容。"

    os.mkfifo(tmp_path / "fifo")
    reader = os.open(tmp_path / "fifo", os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert main(classify + [str(tmp_path / "fifo")]) == 0
        assert json.loads(os.read(reader, 10_000))["text"] == "正文内容。"
    finally:
        os.close(reader)
    assert not (tmp_path / "fifo").is_file()

    reader, writer = os.pipe()
    try:
        assert main(classify + [f"/dev/fd/{writer}"]) == 0
        os.close(writer)
        assert json.loads(os.read(reader, 10_000))["text"] == "正文内容。"
    finally:
        os.close(reader)


def test_bad_jsonl_records_are_warnings_and_the_output_is_utf8(trained_model_dir, tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'{"id":"a\\udc80","text":"a \\ud800 b"}\n'
                       b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b',"text":"t"}\n'
                       b'{"id": ' + b"1" * 5000 + b', "text":"x"}\n'
                       b'{"text":""}\n'
                       b'{"text":"\xd6\xd0\xce\xc4"}\n')
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(corpus), "--model", str(trained_model_dir), "-o", str(out)]) == 1
    records = [json.loads(row) for row in out.read_bytes().decode("utf-8").splitlines()]
    assert [(r["doc"], r["text"]) for r in records] == [("a\ufffd", "a \ufffd b"), (f"{corpus}:5", "\ufffd" * 4)]
    warnings = capsys.readouterr().err.splitlines()
    assert [w.split(": ", 3)[2] for w in warnings] == [f"{corpus}:{n}" for n in (1, 2, 3, 4, 5)]


def test_a_file_name_that_is_not_utf8_is_escaped_in_the_output(trained_model_dir, tmp_path, capsys):
    import os

    name = os.path.join(os.fsencode(tmp_path), b"bad\xffname.txt")
    with open(name, "wb") as page:
        page.write("正文内容。\n".encode())
    out = tmp_path / "out.jsonl"
    assert main(["classify", os.fsdecode(name), "--model", str(trained_model_dir), "-o", str(out)]) == 0
    assert json.loads(out.read_bytes().decode("utf-8"))["doc"] == f"{tmp_path}/bad\\xffname.txt"


@pytest.mark.parametrize("target, message", [
    ("model.txt", "model.txt: cannot make a model folder there ({where}/model.txt is not a folder)"),
    ("model.txt/sub", "model.txt/sub: cannot make a model folder there ({where}/model.txt is not a folder)"),
])
def test_train_checks_its_output_folder_before_training(tmp_path, capsys, monkeypatch, target, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.txt").write_text("")
    (tmp_path / "labeled").mkdir()  # no pages: training would stop on that, after the output check
    assert main(["train", "labeled", "-o", target]) == 2
    _one_line_error(capsys, "taosha: " + message.format(where=tmp_path))


def test_evaluate_record_is_checked_before_the_folds(tmp_path, capsys):
    (tmp_path / "labeled").mkdir()
    assert main(["evaluate", "--cv-by-source", str(tmp_path / "labeled"), "--record", str(tmp_path)]) == 2
    _one_line_error(capsys, f"taosha: {tmp_path}: no metadata.json, not a model folder")


@pytest.mark.parametrize("options, message", [
    (["--corpora", "c", "--record", "m"],
     "--corpora, --record: only used by evaluate --cv-by-source or --cv-real"),
    (["--workers", "2"], "--workers: only used by evaluate --cv-by-source or --cv-real"),
    (["--cv-by-source", "--threshold", "0.7"], "--threshold: not used by evaluate --cv-by-source"),
    (["--cv-by-source", "--corpora-lines", "silver"], "--corpora-lines: only used with --corpora"),
    (["--cv-real", "--model", "m", "--corpora", "c"], "--model: not used by evaluate --cv-real"),
    (["--cv-real"], "--cv-real: needs --corpora, the folder of the real pages"),
    (["--cv-by-source", "--folds", "3"], "--folds: only used by evaluate --cv-real"),
    (["--cv-by-source", "--cv-real"], "--cv-by-source, --cv-real: choose one"),
])
def test_evaluate_options_of_the_other_kind_are_a_usage_error(tmp_path, capsys, options, message):
    with pytest.raises(SystemExit) as exit_:  # a folder of no pages: nothing would run without the check
        main(["evaluate", str(tmp_path)] + options)
    assert exit_.value.code == 2
    _one_line_error(capsys, message)


def test_version_and_format_help(capsys, monkeypatch):
    from importlib import metadata

    import taosha

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"taosha {metadata.version('taosha')}\n"

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"taosha {taosha.__version__}\n"
    with pytest.raises(SystemExit):
        main(["classify", "--help"])
    assert "jsonl (default): one record a line of input" in " ".join(capsys.readouterr().out.split())


def test_a_full_disk_midway_is_one_line(tmp_path, capsys, monkeypatch):
    import errno

    class FullDisk(io.StringIO):
        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    page = tmp_path / "p.txt"
    page.write_text("标题\n正文。\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(["classify", str(page), "--quiet"]) == 2
    assert capsys.readouterr().err == "taosha: standard output: cannot write the output (No space left on device)\n"


def test_a_jsonl_corpus_on_standard_input(tmp_path, capsys, monkeypatch):
    rows = [{"id": "a", "text": "首页\n正文。"}, {"id": "b", "text": "标题\n\n第二页正文。"}]
    corpus = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(corpus)))
    assert main(["classify", "--stdin-format", "jsonl", "--quiet"]) == 0
    records = [json.loads(row) for row in capsys.readouterr().out.splitlines()]
    assert [(r["doc"], r["line"], r["text"]) for r in records] == [
        ("a", 1, "首页"), ("a", 2, "正文。"), ("b", 1, "标题"), ("b", 2, ""), ("b", 3, "第二页正文。")]


def test_a_full_disk_when_the_output_file_is_closed_is_one_line(tmp_path, capsys, monkeypatch):
    import contextlib
    import errno

    from taosha import writers

    @contextlib.contextmanager
    def full_on_close(path, mode="w", **kwargs):  # the buffered last write fails as the file closes
        yield io.StringIO()
        raise OSError(errno.ENOSPC, "No space left on device")

    page = tmp_path / "p.txt"
    page.write_text("标题\n正文。\n", encoding="utf-8")
    monkeypatch.setattr(writers, "atomic_file", full_on_close)
    assert main(["classify", str(page), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"taosha: {tmp_path / 'out.jsonl'}: cannot write the output (No space left on device)\n")


class _Terminal(io.StringIO):
    """Standard output and error on one terminal."""

    def isatty(self):
        return True

    def screen(self) -> list[str]:
        """The lines as the terminal shows them: `\\r\\033[K` wipes the line so far."""
        return [line.rsplit("\r\033[K", 1)[-1] for line in self.getvalue().split("\n")]


def test_records_and_progress_on_one_terminal_never_share_a_line(trained_model_dir, tmp_path, monkeypatch):
    import taosha.classify
    import taosha.engines.progress

    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(6):
        (pages / f"{n}.txt").write_text(f"第{n}篇\n市政府召开会议，部署今年的城市建设工作。\n", encoding="utf-8")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(taosha.classify, "BATCH_LINES", 2)  # a batch a page
    monkeypatch.setattr(taosha.engines.progress, "REFRESH_SECONDS", 0.0)  # a status after every batch
    assert main(["classify", str(pages), "--model", str(trained_model_dir)]) == 0
    shown = [line for line in terminal.screen() if line]
    assert terminal.getvalue().count("\r\033[K") > 6  # drawn after batches, wiped before records
    records, status = shown[:-1], shown[-1]
    assert len(records) == 12 and all(json.loads(line)["doc"].endswith(".txt") for line in records)
    assert status.startswith("100% | 6 pages | 12 lines")
