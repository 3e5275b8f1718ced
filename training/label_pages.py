"""Label public pages by hand and keep only the labels (taosha.readers.gold), never the text.

    python training/label_pages.py lines CORPORA/PAGE.html > page.txt     # numbered lines, for the labeler
    python training/label_pages.py import RANGES.tsv --corpora CORPORA --page PAGE --outlet NAME -o GOLD.tsv

A labeler reads page.txt, the lines exactly as taosha's HTML reader makes them, and writes RANGES.tsv, one row a
run of lines in order, covering every line once:

    1-34<TAB>B                     lines 1 to 34 are boilerplate
    35<TAB>C                       line 35 is content
    36<TAB>M<TAB>part ||| part     an M line, with its injected parts copied from the line (or `pinyin`)

`import` checks the ranges against the page and writes the gold file: line numbers, hashes, tags, and the
injected parts as character spans.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taosha.errors import InputError, TaoshaError
from taosha.readers.gold import OUTLET_KEY, PAGE_KEY, gold_rows
from taosha.readers.html import read_html
from taosha.readers.labeled import SPAN_SEPARATOR
from taosha.record import PINYIN, Page, Tag
from taosha.writers import atomic_file

_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


def page_lines(html: Path) -> Page:
    page, _ = read_html(html.read_bytes(), str(html), on_problem=lambda problem: None)
    return page


def apply_ranges(page: Page, ranges: Path) -> Page:
    """Tag the page's lines from a labeler's range file; any gap, overlap or foreign part names its row."""
    expected = 1
    for number, row in enumerate(ranges.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t")
        match = _RANGE.fullmatch(fields[0].strip())
        if not match or len(fields) < 2:
            raise InputError(str(ranges), number, "expected START[-END]<TAB>TAG[<TAB>injected]")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first != expected or last < first or last > len(page.lines):
            raise InputError(str(ranges), number, f"rows must run on from line {expected} "
                                                  f"to at most {len(page.lines)}, in order")
        try:
            tag = Tag(fields[1].strip())
        except ValueError:
            raise InputError(str(ranges), number, f"unknown tag {fields[1]!r}") from None
        for line in page.lines[first - 1:last]:
            line.tag = tag
        if tag is Tag.M and len(fields) > 2 and fields[2].strip():
            if first != last:
                raise InputError(str(ranges), number, "an M row names one line")
            line = page.lines[first - 1]
            parts = (PINYIN,) if fields[2] == PINYIN else tuple(fields[2].split(SPAN_SEPARATOR))
            if any(part != PINYIN and part not in line.text for part in parts):
                raise InputError(str(ranges), number, "an injected part does not occur in the line")
            line.injected = parts
        expected = last + 1
    if expected != len(page.lines) + 1:
        raise InputError(str(ranges), None, f"covers lines 1 to {expected - 1} of {len(page.lines)}")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lines = commands.add_parser("lines", help="print a page's numbered lines")
    lines.add_argument("html", type=Path)
    imported = commands.add_parser("import", help="turn a range file into a gold file")
    imported.add_argument("ranges", type=Path)
    imported.add_argument("--corpora", type=Path, required=True)
    imported.add_argument("--page", required=True, help="the page's path inside the corpora folder")
    imported.add_argument("--outlet", required=True, help="the site or template family the page belongs to")
    imported.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "lines":
            for line in page_lines(args.html).lines:
                print(f"{line.number}\t{line.text}")
            return 0
        page = apply_ranges(page_lines(args.corpora / args.page), args.ranges)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(args.output, encoding="utf-8") as out:
            out.write(f"{PAGE_KEY} {args.page}\n{OUTLET_KEY} {args.outlet}\n")
            out.write("\n".join(gold_rows(page)) + "\n")
    except TaoshaError as error:
        print(f"label_pages: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
