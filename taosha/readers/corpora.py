"""Public pages of ../shared/corpora: silver line labels, with the project's reviewed corrections applied.

Corrections are label-only overlays (`labeled/overlays/<corpus>/<page>.tsv`, rows `line<TAB>hash<TAB>TAG`):
the repository never holds these pages' text, only which of their lines get another tag.

By default a page is read from its HTML with taosha's own reader, as `classify` reads it, and the corrected
silver tags are projected onto those lines (`projection.py`). A line the silver cutting never had takes the
tag the silver convention gives its text when the corpus lets us decide it, and is left out otherwise.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from taosha.errors import InputError
from taosha.readers.html import read_html
from taosha.readers.labeled import read_labeled_file, read_rows
from taosha.readers.projection import Projected, project, projected_labels, squashed
from taosha.record import Line, Page, Tag

LINE_SOURCES = ("html", "silver")
HTML_SUFFIXES = (".html", ".htm")
LIST_PAGE = "test_list_page__"  # gne's list and forum index pages: every silver line is B
# A line found in the reference text with fewer characters than this may be there by chance ("更多", "0"):
# the silver files tag such lines either way, so the convention cannot decide them.
REFERENCE_MIN_CHARS = 10

Convention = Callable[[str], Tag | None]  # a line's tag from its text alone, None when undecidable


def line_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# gne names some pages by channel: the outlet is what held-out evaluation must keep on one side.
OUTLET_OF_SITE = {"netease_forum": "163", "tieba": "baidu"}


def site_of(corpus: str, stem: str) -> str:
    """The outlet a page comes from, named as the gold files name it: held-out evaluation must hold out
    whole outlets."""
    if corpus == "cx_netease":
        return "163"  # every cx_netease page is a NetEase (163.com) news page
    parts = stem.split("__")
    site = parts[1] if len(parts) >= 3 else stem
    return OUTLET_OF_SITE.get(site, site)


@dataclass
class Coverage:
    """How taosha's lines of one corpus's pages took their tags: the figures of the training report."""

    pages: int = 0
    lines: int = 0  # taosha's lines read from the pages' HTML (its reader makes no blank lines)
    exact: int = 0  # equal to one silver line
    pieced: int = 0  # a piece of one silver line, or spanning several
    mixed: int = 0  # of those, spanning silver lines of both content and junk: the majority of characters won
    by_convention: int = 0  # found in no silver line, tagged as the silver convention tags its text
    left_out: int = 0  # found in no silver line and undecidable: not trained on
    silver_lines: int = 0
    silver_unread: int = 0  # silver lines none of taosha's lines was found in
    corrections: int = 0  # overlay rows applied to the silver lines
    corrections_landed: int = 0  # of those, the corrected tag taken by at least one of taosha's lines

    @property
    def tagged(self) -> int:
        return self.exact + self.pieced + self.by_convention


def format_coverage(corpus: str, coverage: Coverage) -> str:
    c = coverage
    return (f"{corpus}: {c.pages} pages, {c.lines} lines read from HTML, {c.tagged} tagged ({c.exact} exact, "
            f"{c.pieced} pieced of which {c.mixed} mixed, {c.by_convention} by convention), "
            f"{c.left_out} left out; {c.silver_lines - c.silver_unread} of {c.silver_lines} silver lines read; "
            f"{c.corrections_landed} of {c.corrections} corrections landed")


def read_corpora(root: str | Path, overlays: str | Path | None = None, lines: str = "html") -> list[Page]:
    """Every page under root that has silver labels (`<corpus>/silver/*.tsv`), corrected by the overlays.

    `lines="html"` reads each page's HTML as `classify` does and projects the silver tags onto its lines;
    `lines="silver"` trains on the silver files' own lines."""
    if lines not in LINE_SOURCES:
        raise ValueError(f"lines must be one of {LINE_SOURCES}, not {lines!r}")
    if lines == "silver":
        return [silver_page(path, overlays)[0] for path in silver_files(root)]
    return project_corpora(root, overlays)[0]


def project_corpora(root: str | Path, overlays: str | Path | None = None
                    ) -> tuple[list[Page], dict[str, Coverage]]:
    """The pages read from their HTML with the corrected silver tags projected, and the coverage per corpus."""
    pages, coverage = [], {}
    for path in silver_files(root):
        corpus = path.parent.parent.name
        pages.append(html_page(path, overlays, coverage.setdefault(corpus, Coverage())))
    return pages, coverage


def silver_files(root: str | Path) -> list[Path]:
    return sorted(Path(root).glob("*/silver/*.tsv"))


def silver_page(silver: Path, overlays: str | Path | None) -> tuple[Page, list[int]]:
    """The silver page with its overlay applied, and the numbers of the lines the overlay corrected."""
    corpus = silver.parent.parent.name
    page = read_labeled_file(silver)
    page.source = f"corpora/{site_of(corpus, silver.stem)}"
    overlay = Path(overlays) / corpus / silver.name if overlays else None
    corrected = apply_overlay(page, overlay) if overlay is not None and overlay.exists() else []
    return page, corrected


def html_page(silver: Path, overlays: str | Path | None, coverage: Coverage) -> Page:
    """Taosha's lines of the page's HTML, tagged from its corrected silver lines (counted into coverage)."""
    labels, corrected = silver_page(silver, overlays)
    html = html_of(silver)
    page, _ = read_html(html.read_bytes(), str(html), labels.source)
    convention = convention_of(silver)
    projected = project(page.lines, labels.lines)
    for item in projected:
        if item.matched:
            item.line.tag, item.line.injected = projected_labels(item, labels.lines)
        else:
            item.line.tag = convention(item.line.text)
        _count_line(coverage, item, labels.lines)
    _count_page(coverage, projected, labels.lines, corrected)
    kept = [line for line in page.lines if line.tag is not None]
    # Numbered as trained on: a gap would read as a blank line between neighbours, which HTML never has.
    page.lines = [Line(line.text, number, line.tag, line.injected) for number, line in enumerate(kept, 1)]
    return page


def html_of(silver: Path) -> Path:
    for suffix in HTML_SUFFIXES:
        html = silver.parent.parent / "html" / (silver.stem + suffix)
        if html.exists():
            return html
    raise InputError(str(silver), None, f"no html/{silver.stem}.html beside the silver labels")


def convention_of(silver: Path) -> Convention:
    """How the silver files tag a line by its text, where the corpus holds enough to decide it."""
    corpus_dir = silver.parent.parent
    if silver.stem.startswith(LIST_PAGE):
        return lambda text: Tag.B
    reference = corpus_dir / "reference" / f"{silver.stem}.txt"
    if reference.exists():
        return reference_convention(reference.read_text(encoding="utf-8"))
    return lambda text: None  # gne's own extraction output is not in the corpus


def reference_convention(reference: str) -> Convention:
    """C for a line that appears in the reference extraction, B for one that does not."""
    body = squashed(reference)

    def tag(text: str) -> Tag | None:
        needle = squashed(text)
        if needle not in body:
            return Tag.B
        return Tag.C if len(needle) >= REFERENCE_MIN_CHARS else None

    return tag


def _count_line(coverage: Coverage, item: Projected, silver: list[Line]) -> None:
    coverage.lines += 1
    if not item.matched:
        coverage.by_convention += item.line.tag is not None
        coverage.left_out += item.line.tag is None
    elif item.is_exact(silver):
        coverage.exact += 1
    else:
        coverage.pieced += 1
        coverage.mixed += len({silver[index].tag.label for index in item.found}) > 1


def _count_page(coverage: Coverage, projected: list[Projected], silver: list[Line], corrected: list[int]) -> None:
    """Silver lines none of taosha's lines was found in, and which corrections reached one of taosha's lines."""
    found_in = {index for item in projected for index in item.found}
    coverage.pages += 1
    coverage.silver_lines += len(silver)
    coverage.silver_unread += len(silver) - len(found_in)
    coverage.corrections += len(corrected)
    coverage.corrections_landed += sum(_landed(projected, silver, number - 1) for number in corrected)


def _landed(projected: list[Projected], silver: list[Line], index: int) -> bool:
    return any(index in item.found and item.line.tag is silver[index].tag for item in projected)


def apply_overlay(page: Page, overlay: Path) -> list[int]:
    """Correct the page's tags; returns the numbers of the lines corrected. A stale row fails loudly."""
    corrected = []
    for number, row in enumerate(read_rows(overlay), 1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t")
        if len(fields) != 3 or not fields[0].isdigit():
            raise InputError(str(overlay), number, "expected line<TAB>hash<TAB>TAG")
        line_number, expected_hash, tag = int(fields[0]), fields[1], fields[2]
        if not 1 <= line_number <= len(page.lines):
            raise InputError(str(overlay), number, f"page has no line {line_number}")
        line = page.lines[line_number - 1]
        if line_hash(line.text) != expected_hash:
            raise InputError(str(overlay), number, f"line {line_number} of the page changed (hash mismatch)")
        try:
            line.tag = Tag(tag)
        except ValueError:
            raise InputError(str(overlay), number, f"unknown tag {tag!r}") from None
        corrected.append(line_number)
    return corrected
