"""datatrove pipeline step: replace each document's text with taosha's clean text, keep the verdict in metadata.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from taosha.engines.datatrove_step import TaoshaCleaner

    LocalPipelineExecutor([JsonlReader("pages/"), TaoshaCleaner(), JsonlWriter("clean/")], tasks=2).run()

`doc.metadata["taosha"]` holds, one entry per line of the original text (split at \\n, \\r\\n and \\r):
`labels` ("content" or "junk"), `junk_probabilities`, and `removed` (the spans cut from a kept line, each
`{"start", "end", "reason"}`, offsets into that line). A document left with no content line is dropped with
reason "no_content" (counted in the step's stats as `dropped_no_content`, and written with its original text
and `metadata["filter_reason"]` to `exclusion_writer` if one is given), unless `drop_empty=False`.
"""
from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.typeshelper import StatHints

from taosha.api import CleanedPage, clean_pages, page_from_text
from taosha.record import Label

METADATA_KEY = "taosha"
NO_CONTENT = "no_content"


class TaoshaCleaner(PipelineStep):
    """Clean documents line by line with a taosha model (default: the shipped one), loaded once per process.

    A filter in datatrove's sense, but not a `BaseFilter`: BaseFilter judges documents one batch at a time,
    while taosha learns watermarks repeated across pages, so all of a task's documents go through one
    `clean_pages` run, as all the pages of one `taosha classify` run do.
    """

    name = "🪙 taosha"
    type = "🔻 - FILTER"

    def __init__(self, model_dir: str | None = None, threshold: str | float | None = None,
                 drop_empty: bool = True, exclusion_writer: DiskWriter | None = None):
        super().__init__()
        self.model_dir = model_dir
        self.threshold = threshold
        self.drop_empty = drop_empty
        self.exclusion_writer = exclusion_writer

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer or contextlib.nullcontext() as excluded:
            for doc, page in self._cleaned(data or ()):
                self.stat_update(StatHints.total)
                self.stat_update("content_lines", value=page.labels.count(Label.CONTENT.value), unit="doc")
                self.stat_update("junk_lines", value=page.labels.count(Label.JUNK.value), unit="doc")
                doc.metadata[METADATA_KEY] = verdict(page)
                if self.drop_empty and not page.has_content:
                    self.stat_update(StatHints.dropped, f"dropped_{NO_CONTENT}")
                    if excluded:
                        doc.metadata["filter_reason"] = NO_CONTENT
                        excluded.write(doc, rank)
                    continue
                doc.text = page.text
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def _cleaned(self, data) -> Iterator[tuple[Document, CleanedPage]]:
        """Each document with its verdict, in order; clean_pages reads a batch of pages ahead, so the
        documents it has read wait in a queue for their verdicts."""
        waiting: deque[Document] = deque()

        def pages():
            for doc in data:
                waiting.append(doc)
                yield page_from_text(doc.text, str(doc.id))

        verdicts = clean_pages(pages(), self.model_dir, self.threshold)
        while True:
            # The time of a batch's first verdict includes reading that batch from the previous step.
            with self.track_time():
                page = next(verdicts, None)
            if page is None:
                return
            yield waiting.popleft(), page


def verdict(page: CleanedPage) -> dict:
    return {"labels": page.labels, "junk_probabilities": page.junk_probabilities, "removed": page.removed}
