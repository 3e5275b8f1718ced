"""Nothing lost: every input line yields exactly one record, in order, with the text as decoded."""
import functools
import io
import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from taosha.classify import classify_pages
from taosha.classify.saved import load
from taosha.readers import read_pages
from taosha.readers.text import decode
from taosha.writers import render_jsonl, write_rendered


@functools.lru_cache(maxsize=1)
def shipped(directory):
    return load(directory)

CHARS = st.sampled_from(list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
                             "也能下過們這個國來時會學說經開區、，。！？“”（）0123456789abcXYZ <>/=-|:;")
                        + ["\t", "\x00", "\x0c", "\u2028"])
LINE = st.text(CHARS, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(lines=["\x00"], ending="\n", encoding="utf-8", final=False)  # binary to the reader: skipped, reported
@given(lines=st.lists(LINE, min_size=1, max_size=12), ending=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"]), final=st.booleans())
def test_every_line_yields_one_record_in_order(trained_model_dir, tmp_path, lines, ending, encoding, final):
    text = ending.join(lines) + (ending if final else "")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")  # Big5 lacks some simplified characters: such a page is sent as UTF-8
    page = tmp_path / "page.txt"
    page.write_bytes(data)
    out, noted = io.StringIO(), []
    classified = classify_pages(shipped(trained_model_dir), read_pages([str(page)], on_problem=noted.append))
    write_rendered(map(render_jsonl, classified), out, "jsonl")
    records = [json.loads(row) for row in out.getvalue().splitlines()]
    if [str(problem) for problem in noted] == [f"{page}: binary file, skipped"]:
        # Only a page of mostly control bytes with a NUL (a page of `\x00` alone) may be taken for binary.
        assert records == [] and "\x00" in text and not encoding.startswith("utf-16")
        return
    # A last empty line without an ending is no line at all, as for any text tool.
    expected = lines[:-1] if not final and lines[-1] == "" else lines
    assert [r["line"] for r in records] == list(range(1, len(expected) + 1))
    # Each record holds its line as decoded; a few characters of GBK can also be valid Big5 (and the other
    # way round), so only text that names its encoding (BOM, UTF-8) must come back as written.
    decoded = decode(data).text.split(ending)[: len(expected)]
    assert [r["text"] for r in records] == decoded
    if encoding.startswith("utf") or data == text.encode("utf-8"):
        assert decoded == expected
