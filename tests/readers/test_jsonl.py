import io
import json

import pytest

from taosha.errors import InputError
from taosha.readers.jsonl import read_jsonl


def test_one_page_per_record_with_id_or_record_number():
    data = "\n".join([json.dumps({"id": "a1", "text": "标题\n正文"}), json.dumps({"text": "一行"})]).encode()
    pages = list(read_jsonl(io.BytesIO(data), "in.jsonl"))
    assert [p.doc for p in pages] == ["a1", "in.jsonl:2"]
    assert [l.text for l in pages[0].lines] == ["标题", "正文"]


@pytest.mark.parametrize("row, problem", [("{oops", "not a JSON record"), ('{"id": 1}', 'record has no string field "text"')])
def test_malformed_record_names_file_and_record(row, problem):
    with pytest.raises(InputError, match=f"^in.jsonl:1: {problem}"):
        list(read_jsonl(io.BytesIO(row.encode()), "in.jsonl"))


def _read(data: bytes):
    problems = []
    pages = list(read_jsonl(io.BytesIO(data), "in.jsonl", problems.append))
    return pages, [str(p) for p in problems]


@pytest.mark.parametrize("row, problem", [
    (b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b',"text":"t"}\n', "JSON record nested too deeply to read"),
    (b'{"id": ' + b"1" * 5000 + b', "text":"x"}\n', "JSON record with a number too long to read"),
    (b'{"text":"a\x01b"}\n', "not a JSON record: Invalid control character at column 11"),
])
def test_a_record_json_cannot_read_is_skipped_and_the_next_read(row, problem):
    pages, problems = _read(row + b'{"text":"next"}\n')
    assert [p.doc for p in pages] == ["in.jsonl:2"]
    assert problems == [f"in.jsonl:1: {problem}, record skipped"]


def test_lone_surrogates_in_text_and_id_become_replacement_characters_with_one_warning():
    pages, problems = _read(b'{"id":"x\\udc80","text":"a \\ud800 b\\n\\ud83d\\ude00"}\n')
    assert pages[0].doc == "x\ufffd" and [l.text for l in pages[0].lines] == ["a \ufffd b", "\U0001f600"]
    assert problems == ["in.jsonl:1: 2 lone surrogate escape(s) replaced by U+FFFD"]
    "".join([pages[0].doc] + [l.text for l in pages[0].lines]).encode("utf-32-le")  # what features do


def test_undecodable_bytes_are_replaced_and_named_by_line():
    gbk = '{"text":"中文"}\n'.encode("gbk")
    pages, problems = _read('{"text":"已有\ufffd"}\n'.encode() + gbk)
    assert [l.text for p in pages for l in p.lines] == ["已有\ufffd", "\ufffd" * 4]
    assert problems == ["in.jsonl:2: 4 undecodable byte sequence(s) replaced by U+FFFD (read as utf-8)"]


def test_an_empty_text_and_an_empty_file_are_named():
    pages, problems = _read(b'{"id":"a","text":""}\n\n')
    assert [(p.doc, p.lines) for p in pages] == [("a", [])]
    assert problems == ["in.jsonl:1: empty page, no lines to classify"]
    assert _read(b"") == ([], ["in.jsonl: empty file, no records to classify"])
    assert _read(b"\n \n") == ([], ["in.jsonl: empty file, no records to classify"])
