"""Print the counts that labeled/README.md quotes: rows per tag, per source and per script.

    python training/label_stats.py labeled                                  # the written pages and seeds
    python training/label_stats.py labeled --corpora ../shared/corpora      # and the gold-labeled real pages
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taosha.readers.gold import gold_files, read_gold_page
from taosha.readers.labeled import GOLD, read_labeled_dirs
from taosha.record import Tag

# Characters whose traditional form differs from the simplified one; a page with several is traditional.
TRADITIONAL_MARKERS = set("這們個來說時為會國對與從當還學經開區發東長門問間見車書們動過當點體後頭實現電話種樣讓進務")


def script(page) -> str:
    text = "".join(line.text for line in page.lines)
    return "traditional" if sum(ch in TRADITIONAL_MARKERS for ch in text) >= 5 else "simplified"


def table(pages, group_of) -> None:
    tags = [t.value for t in Tag]
    groups = sorted({group_of(p) for p in pages})
    rows = Counter((group_of(p), l.tag.value) for p in pages for l in p.lines)
    print("| group | pages | outlets | traditional pages | " + " | ".join(tags) + " | rows |")
    print("|---" * (len(tags) + 5) + "|")
    for group in [*groups, None]:
        chosen = [p for p in pages if group is None or group_of(p) == group]
        counts = [sum(rows[(g, t)] for g in ([group] if group else groups)) for t in tags]
        trad = sum(script(p) == "traditional" for p in chosen)
        print(f"| {group or 'all'} | {len(chosen)} | {len({p.source for p in chosen})} | {trad} | "
              + " | ".join(map(str, counts)) + f" | {sum(counts)} |")


def gold_stats(labeled: Path, corpora: Path) -> None:
    """The gold-labeled real pages, per corpus folder (outlets are the held-out groups)."""
    root = labeled / GOLD
    found = [(path.relative_to(root).parent.as_posix(), read_gold_page(path, corpora)) for path in gold_files(root)]
    corpus = {id(page): name for name, page in found}
    table([page for _, page in found], lambda page: corpus[id(page)])


def main(dirs: list[str]) -> None:
    if "--corpora" in dirs:
        at = dirs.index("--corpora")
        corpora, dirs = Path(dirs[at + 1]), dirs[:at] + dirs[at + 2:]
        for labeled in dirs or ["labeled"]:
            gold_stats(Path(labeled), corpora)
        return
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
