"""A one-line progress display for long runs: pages, lines, MB/s and time left where the input size is known."""
from __future__ import annotations

import time
from pathlib import Path

MB = 1_000_000
REFRESH_SECONDS = 0.5  # redraw at most this often: a fast run must not spend its time drawing


def input_size(paths: list[str]) -> int | None:
    """Total bytes of the files that will be read, or None when it cannot be known (standard input)."""
    from taosha.readers import page_files

    total = 0
    for path in paths or ["-"]:
        if path == "-":
            return None
        entry = Path(path)
        files = page_files(entry) if entry.is_dir() else [entry]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


class Progress:
    def __init__(self, stream, total: int | None, clock=time.monotonic):
        self.stream, self.total, self.clock = stream, total, clock
        self.started = self.drawn = clock()
        self.pages = self.lines = self.size = 0
        self.finished = False
        self.shown = False  # a status is on the stream's current line

    def __call__(self, done) -> None:
        self.pages += done.pages
        self.lines += done.lines
        self.size += done.size
        if self.clock() - self.drawn >= REFRESH_SECONDS:
            self.draw()

    def status(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.size / MB / elapsed
        parts = [_count(self.pages, "page"), _count(self.lines, "line"), f"{self.size / MB:,.1f} MB",
                 f"{rate:.2f} MB/s"]
        if self.finished:
            # Skipped files and records and blank JSONL rows are read but reach no page, so the pages' bytes
            # can fall short of the total: the run is done whatever they add up to.
            parts = (["100%"] if self.total else []) + parts + [f"done in {_clock(elapsed)}"]
        elif self.total and rate > 0:
            share = min(self.size / self.total, 1.0)
            left = max(self.total - self.size, 0) / MB / rate
            parts = [f"{share:4.0%}"] + parts + [f"{_clock(left)} left"]
        return " | ".join(parts)

    def draw(self) -> None:
        self.drawn = self.clock()
        self.stream.write("\r\033[K" + self.status())
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Take the status off its line, so what is written next starts on a line of its own."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

    def clearing(self, texts):
        """The texts, the status cleared before each: for records written to the terminal the status is on."""
        for text in texts:
            self.clear()
            yield text

    def finish(self) -> None:
        self.finished = True
        self.draw()
        self.stream.write("\n")
        self.stream.flush()
        self.shown = False


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
