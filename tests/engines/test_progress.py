import io

from taosha.engines.local import Done
from taosha.engines.progress import Progress, input_size
from taosha.readers import read_pages


def test_input_size_counts_only_the_files_a_folder_is_read_for(tmp_path):
    (tmp_path / "a.txt").write_bytes("标题\n正文。\n".encode())
    (tmp_path / "notes.md").write_bytes(b"x" * 1000)
    (tmp_path / "image.png").write_bytes(b"\x89PNG" * 1000)
    (tmp_path / "old.txt").mkdir()
    (tmp_path / "old.txt" / "b.htm").write_bytes("<p>正文。</p>".encode())
    read = sum(page.size for page in read_pages([str(tmp_path)]))
    assert input_size([str(tmp_path)]) == read == len("标题\n正文。\n".encode()) + len("<p>正文。</p>".encode())


class _Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_the_last_draw_shows_the_finished_run_even_when_pages_hold_fewer_bytes_than_the_input():
    clock, out = _Clock(), io.StringIO()
    progress = Progress(out, total=1_000_000, clock=clock)  # 120 kB of it were skipped records
    clock.now = 4.0
    progress(Done(pages=9, lines=90, size=880_000))
    progress.finish()
    last = out.getvalue().rsplit("\r\033[K", 1)[1]
    assert last.startswith("100% | 9 pages | 90 lines | 0.9 MB") and last.endswith("done in 0:04\n")
    assert "left" not in last


def test_progress_shows_rate_and_time_left():
    clock, out = _Clock(), io.StringIO()
    progress = Progress(out, total=4_000_000, clock=clock)
    clock.now = 2.0
    progress(Done(pages=10, lines=300, size=1_000_000))
    status = out.getvalue()
    assert "10 pages" in status and "300 lines" in status and "0.50 MB/s" in status
    assert "25%" in status and "0:06 left" in status
    assert "left" not in Progress(io.StringIO(), total=None, clock=clock).status()


def test_input_size_is_unknown_for_stdin(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"12345")
    assert input_size([str(tmp_path)]) == 5 and input_size(["-"]) is None


def test_one_page_is_a_page():
    clock, out = _Clock(), io.StringIO()
    progress = Progress(out, total=None, clock=clock)
    progress(Done(pages=1, lines=1, size=10))
    assert progress.status().startswith("1 page | 1 line | ")
