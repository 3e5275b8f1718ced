import io

from taosha.batches import Done
from taosha.progress import Progress, input_size
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
