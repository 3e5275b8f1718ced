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
