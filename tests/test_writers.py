import contextlib
import io
import json

import pytest

from taosha.record import Label, Line, Page, Span
from taosha.writers import atomic_file, render_jsonl, render_text, write_rendered


def line_records(page):
    """What render_jsonl must write, built the plain way: a dict a line for json.dumps."""
    return [{"doc": page.doc, "line": line.number, "label": line.label.value,
             "junk_probability": round(line.junk_probability, 6), "text": line.text, "clean": line.clean,
             "removed": [{"start": s.start, "end": s.end, "reason": s.reason} for s in line.removed]}
            for line in page.lines]


def _page():
    return Page("d", [Line("首页", 1, junk_probability=0.9, label=Label.JUNK),
                      Line("正文。水印", 2, junk_probability=0.1, label=Label.CONTENT,
                           removed=(Span(3, 5, "repeated affix"),))])


def test_records_carry_removed_spans():
    records = [json.loads(row) for row in render_jsonl(_page()).splitlines()]
    assert [r["clean"] for r in records] == ["", "正文。"]
    assert records[1]["removed"] == [{"start": 3, "end": 5, "reason": "repeated affix"}]


def test_text_format_writes_repaired_kept_lines():
    out = io.StringIO()
    write_rendered(map(render_text, [_page(), _page()]), out, "text")
    assert out.getvalue() == "正文。\n\n正文。\n"


def test_atomic_file_leaves_the_old_output_until_success(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_file(target) as out:
        out.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]
    with atomic_file(target) as out:
        out.write("new\n")
    assert target.read_text() == "new\n"


def test_atomic_output_gets_ordinary_permissions(tmp_path):
    import os

    target = tmp_path / "out.txt"
    with atomic_file(target) as out:
        out.write("x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_rendered_records_are_exactly_the_json_of_line_records():
    page = Page('d"oc\\1', [Line('正文 "引号" \\ 和\u2028分隔', 1, junk_probability=0.1234567, label=Label.CONTENT,
                                 removed=(Span(0, 2, "spam head"),)),
                            Line("", 2, junk_probability=1.0, label=Label.JUNK)])
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in line_records(page))
    assert render_jsonl(page) == expected.replace("\u2028", "\\u2028")
    assert [json.loads(row) for row in render_jsonl(page).splitlines()] == line_records(page)


def test_atomic_file_writes_through_a_symlink_to_its_file(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "out.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to("real/out.jsonl")
    with atomic_file(link) as out:
        out.write("new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["link.jsonl", "out.jsonl", "real"]


def test_atomic_file_writes_a_fifo_directly(tmp_path):
    import os
    import stat

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write does not wait
    try:
        with atomic_file(fifo) as out:
            out.write("through the fifo\n")
        assert os.read(reader, 100) == b"through the fifo\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and list(tmp_path.iterdir()) == [fifo]


def test_atomic_file_writes_a_pipe_given_as_dev_fd(tmp_path):
    import os

    reader, writer = os.pipe()
    try:
        with atomic_file(f"/dev/fd/{writer}") as out:  # what `-o >(gzip > out.gz)` passes
            out.write("piped\n")
        os.close(writer)
        assert os.read(reader, 100) == b"piped\n"
    finally:
        os.close(reader)
        with contextlib.suppress(OSError):
            os.close(writer)


@pytest.mark.parametrize("target, error", [("missing/out.jsonl", FileNotFoundError),
                                           ("folder", IsADirectoryError),
                                           ("file/out.jsonl", NotADirectoryError)])
def test_atomic_file_fails_on_a_bad_path_before_the_block_runs(tmp_path, target, error):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("")
    ran = []
    with pytest.raises(error), atomic_file(tmp_path / target):
        ran.append(True)
    assert ran == []
