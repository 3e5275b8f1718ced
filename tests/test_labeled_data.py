"""Every committed labeled file must parse: known tags, non-empty text, injected parts inside their line."""
import pytest

from taosha.readers.labeled import find_labeled_files, read_labeled_file
from taosha.record import PINYIN, Tag

from .conftest import LABELED

FILES = find_labeled_files(LABELED)


def test_there_is_labeled_data():
    assert len(FILES) >= 125


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(LABELED)))
def test_labeled_file_is_valid(path):
    page = read_labeled_file(path)  # raises InputError naming file and line on any malformed row
    for line in page.lines:
        assert "\r" not in line.text and line.text.strip()
        if line.tag is Tag.M:
            assert line.injected, f"{path}:{line.number}: M row names no injected part"
            assert line.injected == (PINYIN,) or all(part in line.text for part in line.injected)
