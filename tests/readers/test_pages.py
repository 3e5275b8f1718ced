import io
import json

import pytest

from taosha.errors import InputError
from taosha.readers import looks_binary, read_pages


def _collect(paths):
    problems = []
    pages = list(read_pages([str(p) for p in paths], on_problem=problems.append))
    return pages, [str(p) for p in problems]


def test_a_bad_file_is_reported_and_the_others_are_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("标题\n正文。\n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 20)
    pages, problems = _collect([binary, tmp_path / "missing.txt", good])
    assert [p.doc for p in pages] == [str(good)]
    assert problems == [f"{binary}: binary file, skipped", f"{tmp_path / 'missing.txt'}: no such file, skipped"]


def test_malformed_jsonl_record_is_named_and_the_rest_read(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join([json.dumps({"id": "a", "text": "一"}), "{broken", json.dumps({"text": "二"})]),
                      encoding="utf-8")
    pages, problems = _collect([corpus])
    assert [p.doc for p in pages] == ["a", f"{corpus}:3"]
    assert len(problems) == 1 and problems[0].startswith(f"{corpus}:2: not a JSON record")


def test_undecodable_bytes_are_replaced_and_counted(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes("正文内容".encode() + b"\xff\xfe\xfa" + "。".encode())
    pages, problems = _collect([page])
    assert "\ufffd" in pages[0].lines[0].text and "replaced by U+FFFD" in problems[0]


def test_nul_bytes_in_text_and_utf16_are_not_binary():
    assert not looks_binary("正文\x00内容，一个字节错误。".encode() * 3)
    assert not looks_binary("正文内容".encode("utf-16"))
    assert looks_binary(bytes(range(256)) * 4)


def test_without_a_handler_problems_raise(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_pages([str(tmp_path / "nope.txt")]))


def test_an_empty_file_is_named(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pages, problems = _collect([empty])
    assert len(pages) == 1 and pages[0].lines == [] and problems == [f"{empty}: empty page, no lines to classify"]


def test_a_folder_without_page_files_is_named(tmp_path):
    (tmp_path / "notes.md").write_text("正文", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()  # a folder named like a page is no page
    pages, problems = _collect([tmp_path])
    assert pages == [] and problems == [
        f"{tmp_path}: folder holds no page files (.htm .html .jsonl .text .txt), nothing to classify"]


def test_a_file_name_that_is_not_utf8_is_written_and_reported_escaped(tmp_path):
    import os

    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.txt"), "wb") as page:
        page.write("正文。\n".encode())
    with open(os.path.join(folder, b"bad\xfe.jsonl"), "wb") as corpus:
        corpus.write(b'{"text":""}\n')
    pages, problems = _collect([tmp_path, os.fsdecode(os.path.join(folder, b"gone\xff.txt"))])
    assert [p.doc for p in pages] == [f"{tmp_path}/bad\\xfe.jsonl:1", f"{tmp_path}/bad\\xffname.txt"]
    assert problems == [f"{tmp_path}/bad\\xfe.jsonl:1: empty page, no lines to classify",
                        f"{tmp_path}/gone\\xff.txt: no such file, skipped"]


class _Endless(io.RawIOBase):
    """A stream that never ends (`/dev/zero`, `yes`), counting the bytes it gave."""

    def __init__(self, unit: bytes):
        self.unit, self.given = unit, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.given > 50_000_000:  # a reader with no bound fails here instead of filling the memory
            raise AssertionError("read 50 MB of an endless stream")
        size = len(buffer)
        buffer[:size] = (self.unit * (size // len(self.unit) + 1))[:size]
        self.given += size
        return size


@pytest.mark.parametrize("unit, problem", [
    (b"\x00", "<stdin>: binary file, skipped"),
    ("是的，没错。\n".encode(), "<stdin>: more than 1,000,000 bytes in one page (an endless stream?), skipped"),
])
def test_an_endless_stream_is_named_in_one_line_within_bounded_memory(unit, problem, monkeypatch):
    import sys

    from taosha.readers import text

    monkeypatch.setattr(text, "MAX_PAGE_BYTES", 1_000_000)
    endless = _Endless(unit)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    problems = []
    assert list(read_pages(["-"], on_problem=problems.append)) == []
    assert [str(p) for p in problems] == [problem]
    assert endless.given < 3_000_000  # read no further than the bound (and a read-ahead buffer)


def test_an_endless_jsonl_record_ends_the_reading_in_one_line(monkeypatch):
    import sys

    from taosha.readers import text

    monkeypatch.setattr(text, "MAX_PAGE_BYTES", 1_000_000)
    endless = _Endless(b'{"text": "' + "是的".encode() * 1000)
    start = io.BytesIO(json.dumps({"text": "第一页。"}, ensure_ascii=False).encode() + b"\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Chain(start, endless))))
    problems = []
    pages = list(read_pages(["-"], on_problem=problems.append, stdin_jsonl=True))
    assert [page.lines[0].text for page in pages] == ["第一页。"]
    assert [str(p) for p in problems] == [
        "<stdin>:2: record of more than 1,000,000 bytes (an endless stream?), the rest of the file skipped"]
    assert endless.given < 3_000_000


class _Chain(io.RawIOBase):
    def __init__(self, *streams):
        self.streams = list(streams)

    def readable(self):
        return True

    def readinto(self, buffer):
        while self.streams:
            size = self.streams[0].readinto(buffer)
            if size:
                return size
            self.streams.pop(0)
        return 0
