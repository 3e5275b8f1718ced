"""Public pages of ../shared/corpora: silver line labels, with the project's reviewed corrections applied.

Corrections are label-only overlays (`labeled/overlays/<corpus>/<page>.tsv`, rows `line<TAB>hash<TAB>TAG`):
the repository never holds these pages' text, only which of their lines get another tag.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from taosha.errors import InputError
from taosha.readers.labeled import read_labeled_file
from taosha.record import Page, Tag


def line_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def site_of(corpus: str, stem: str) -> str:
    """The site a page comes from: held-out evaluation must hold out whole sites."""
    if corpus == "cx_netease":
        return "163"  # every cx_netease page is a NetEase (163.com) news page
    parts = stem.split("__")
    return parts[1] if len(parts) >= 3 else stem


def read_corpora(root: str | Path, overlays: str | Path | None = None) -> list[Page]:
    """Every silver page under root (`<corpus>/silver/*.tsv`), corrected by the overlays when given."""
    pages = []
    for silver in sorted(Path(root).glob("*/silver/*.tsv")):
        corpus = silver.parent.parent.name
        page = read_labeled_file(silver)
        page.source = f"corpora/{site_of(corpus, silver.stem)}"
        overlay = Path(overlays) / corpus / silver.name if overlays else None
        if overlay is not None and overlay.exists():
            apply_overlay(page, overlay)
        pages.append(page)
    return pages


def reviewed_pages(overlays: str | Path) -> list[Path]:
    return sorted(Path(overlays).glob("*/*.tsv"))


def apply_overlay(page: Page, overlay: Path) -> None:
    rows = overlay.read_text(encoding="utf-8").splitlines()
    for number, row in enumerate(rows, 1):
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
