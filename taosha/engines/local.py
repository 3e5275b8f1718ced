"""Running stage: classify a stream of pages batch by batch, in this process or in N worker processes, and
hand back each page's rendered output in input order.

The one thing that must see the pages in order, the memory of repeated affixes across the run, stays in
this process and runs before a batch is sent out; workers label, repair and render. So the output is the
same whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from taosha.classify import classify_batch, learnt_batches
from taosha.classify.saved import SavedModel
from taosha.record import Line, Page
from taosha.writers import RENDERERS


@dataclass
class BatchJob:
    """Labels, repairs and renders one batch: what a worker process runs."""

    saved: SavedModel
    threshold: float
    output_format: str

    def __call__(self, batch: list, affixes: list[set[str]]) -> list[str]:
        render = RENDERERS[self.output_format]
        return [render(page) for page in classify_batch(self.saved, batch, affixes, self.saved.rule.at(self.threshold))]


@dataclass
class Done:
    """What a finished batch adds to the run's counts."""

    pages: int
    lines: int
    size: int


_worker_job: BatchJob | None = None


def _install(job: BatchJob) -> None:
    global _worker_job
    _worker_job = job


def _run(packed: list[tuple], affixes: list[set[str]]) -> list[str]:
    return _worker_job([_unpacked(page) for page in packed], affixes)


def _packed(page: Page) -> tuple:
    """What a worker needs of a page, as plain strings and numbers: pickling those to the worker and back
    costs a tenth of pickling the Line objects, and the main process, which does it, is what two workers
    wait on."""
    return page.doc, page.source, page.size, [line.text for line in page.lines], [line.number for line in page.lines]


def _unpacked(packed: tuple) -> Page:
    doc, source, size, texts, numbers = packed
    return Page(doc, [Line(text, number) for text, number in zip(texts, numbers)], source=source, size=size)


def classify_rendered(job: BatchJob, pages: Iterable, workers: int = 1, on_batch=None) -> Iterator[str]:
    """Each page's rendered output, in input order; on_batch(Done) after every batch (for progress)."""
    for batch, rendered in _results(job, learnt_batches(pages), workers):
        yield from rendered
        if on_batch is not None:
            on_batch(Done(len(batch), sum(len(p.lines) for p in batch), sum(p.size for p in batch)))


def _results(job: BatchJob, batches, workers: int):
    if workers <= 1:
        for batch, affixes in batches:
            yield batch, job(batch, affixes)
        return
    # At most two batches a worker in flight: reading never runs ahead of the workers by more than that,
    # so memory stays flat however long the input.
    with multiprocessing.get_context(_start_method()).Pool(workers, _install, (job,)) as pool:
        pending = deque()
        for batch, affixes in batches:
            pending.append((batch, pool.apply_async(_run, ([_packed(page) for page in batch], affixes))))
            if len(pending) >= 2 * workers:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()


def _start_method() -> str:
    # fork shares the loaded model with the workers for free; where it is missing (Windows) the model is
    # sent to each worker once. macOS offers fork (though Python's default there is spawn), so it forks too.
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
