"""Print the counts that labeled/README.md quotes: rows per tag, per source and per script.

    python training/label_stats.py labeled
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taosha.readers.labeled import read_labeled_dirs
from taosha.record import Tag

# Characters whose traditional form differs from the simplified one; a page with several is traditional.
TRADITIONAL_MARKERS = set("這們個來說時為會國對與從當還學經開區發東長門問間見車書們動過當點體後頭實現電話種樣讓進務")


def script(page) -> str:
    text = "".join(line.text for line in page.lines)
    return "traditional" if sum(ch in TRADITIONAL_MARKERS for ch in text) >= 5 else "simplified"


def main(dirs: list[str]) -> None:
    pages = read_labeled_dirs(dirs)
    tags = [t.value for t in Tag]
    rows = Counter((p.source, l.tag.value) for p in pages for l in p.lines)
    print("| source | pages | traditional pages | " + " | ".join(tags) + " | rows |")
    print("|---" * (len(tags) + 4) + "|")
    for source in sorted({p.source for p in pages}):
        group = [p for p in pages if p.source == source]
        counts = [rows[(source, t)] for t in tags]
        trad = sum(script(p) == "traditional" for p in group)
        print(f"| {source} | {len(group)} | {trad} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    total = [sum(rows[(s, t)] for s in {p.source for p in pages}) for t in tags]
    trad = sum(script(p) == "traditional" for p in pages)
    print(f"| all | {len(pages)} | {trad} | " + " | ".join(map(str, total)) + f" | {sum(total)} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["labeled"])
