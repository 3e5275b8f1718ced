import pytest

from taosha.errors import InputError
from taosha.readers.labeled import parse_row, read_labeled_dirs, read_labeled_file
from taosha.record import PINYIN, Tag


def test_row_with_tag_and_text():
    line = parse_row("C\t今天天气很好。", "f.tsv", 3)
    assert (line.tag, line.text, line.number, line.injected) == (Tag.C, "今天天气很好。", 3, ())


def test_m_row_names_injected_parts():
    line = parse_row("M\t正文一句。水印甲乙\t水印甲乙 ||| 正文", "f.tsv", 1)
    assert line.injected == ("水印甲乙", "正文")
    assert parse_row("M\t經(jīng)開區(qū)\tpinyin", "f.tsv", 1).injected == (PINYIN,)


@pytest.mark.parametrize("row, problem", [
    ("X\t文本", "unknown tag 'X'"),
    ("C", "expected TAG<TAB>line text"),
    ("C\t   ", "empty line text"),
    ("M\t正文\t不在其中", "does not occur in the line"),
    ("C\t正文\t正", "only M rows name injected parts"),
    ("C\ta\tb\tc", "at most 3 tab-separated fields"),
])
def test_malformed_row_names_file_line_and_problem(row, problem):
    with pytest.raises(InputError) as error:
        parse_row(row, "some/page.tsv", 7)
    assert str(error.value).startswith("some/page.tsv:7: ")
    assert problem in str(error.value)


def test_dirs_are_read_recursively_and_source_is_the_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.tsv").write_text("C\t标题\nB\t首页\n", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.tsv").write_text("S\t广告\n", encoding="utf-8")
    (tmp_path / "a" / "overlays").mkdir()
    (tmp_path / "a" / "overlays" / "x.tsv").write_text("# reviewed\n", encoding="utf-8")
    pages = read_labeled_dirs([tmp_path / "a"])
    assert [(p.source, len(p.lines)) for p in pages] == [("b", 1), ("a", 2)]


def test_missing_dir_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        read_labeled_dirs([tmp_path / "nope"])


def _lines(path):
    return [(line.number, line.tag.value, line.text) for line in read_labeled_file(path).lines]


@pytest.mark.parametrize("inside", ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x1e", "\x85"])
def test_rows_end_only_at_line_ends_as_classify_reads_lines(tmp_path, inside):
    path = tmp_path / "p.tsv"
    path.write_text(f"C\t正文{inside}第二部分\nB\t首页\n", encoding="utf-8")
    assert _lines(path) == [(1, "C", f"正文{inside}第二部分"), (2, "B", "首页")]


def test_an_error_names_the_files_own_line_number(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("C\t正文\u2028第二部分\x0c第三部分\nX\t坏行\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.tsv:2: unknown tag 'X'"):
        read_labeled_file(path)


def test_crlf_and_lone_cr_end_rows(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_bytes("C\t一\r\nB\t二\rS\t三\n".encode())
    assert _lines(path) == [(1, "C", "一"), (2, "B", "二"), (3, "S", "三")]


def test_a_leading_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_bytes("\ufeffN\t■■■\nC\t正文。\n".encode())
    assert _lines(path) == [(1, "N", "■■■"), (2, "C", "正文。")]


def test_a_file_not_in_utf8_names_its_first_undecodable_row(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_bytes(b"C\tabc\r\nB\tdef\n" + "C\t第三行正文。\n".encode("gbk"))
    with pytest.raises(InputError) as error:
        read_labeled_file(path)
    assert str(error.value) == f"{path}:3: not UTF-8: labeled files must be UTF-8"
