"""How the run's memory of repeated affixes scales with the number of sites it has seen.

    python benchmarks/affix_memory.py              # 40,000 pages, each site's watermark on three of them
    python benchmarks/affix_memory.py --pages 30000 --jsonl sites.jsonl   # write them for taosha classify
    python benchmarks/affix_memory.py --pending --pages 30000 --every 5000  # tails that never count

A corpus of many sites teaches AffixMemory one watermark a site. This feeds it made-up pages, three a site,
each with its site's watermark after one paragraph and 30 paragraphs without, and prints every 10,000 pages
how many affixes it holds, the time learn() takes a page, how many affixes a page is handed (what a worker is
sent with it) and their pickled size, and the process's peak RSS. None of it should grow with the run but the
count of affixes held.

With --pending, every paragraph of every page ends in a tail that exactly one other paragraph shares: none is
ever seen often enough to count, so they pile up as pending tails, which the memory must keep bounded.
"""
from __future__ import annotations

import argparse
import json
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taosha.classify.repair import AffixMemory
from taosha.record import Line, Page


def site_page(page: int) -> Page:
    site = page // 3
    texts = [f"第{site}号站点的第{page}篇文章，正文写了一件事情。本文来自第{site:06d}号资讯网"]
    texts += [f"第{k}段没有水印的正文，写了一些别的内容。" for k in range(30)]
    return Page(f"p{page}", [Line(text, number) for number, text in enumerate(texts, 1)])


def pending_page(page: int) -> Page:
    texts = [f"第{page}页第{k}段的正文写了一件事情。转自第{(page * 30 + k) // 2:07d}号公众号" for k in range(30)]
    return Page(f"p{page}", [Line(text, number) for number, text in enumerate(texts, 1)])


def write_jsonl(path: str, pages: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for page in map(site_page, range(1, pages + 1)):
            text = "\n".join(line.text for line in page.lines)
            out.write(json.dumps({"id": page.doc, "text": text}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--jsonl", metavar="PATH", help="only write the pages, one JSON record each, to PATH")
    parser.add_argument("--pending", action="store_true", help="pages whose tails never count (see above)")
    args = parser.parse_args()
    if args.jsonl:
        write_jsonl(args.jsonl, args.pages)
        return
    memory = AffixMemory()
    handed = pickled = seconds = 0
    for page in range(1, args.pages + 1):
        one = pending_page(page) if args.pending else site_page(page)
        started = time.perf_counter()
        affixes = memory.learn(one)
        seconds += time.perf_counter() - started
        handed, pickled = handed + len(affixes), pickled + len(pickle.dumps(affixes))
        if page % args.every == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"pages {page:7,}  affixes held {len(memory.affixes):7,}  pending tails {len(memory.bodies):7,}  "
                  f"learn {1e3 * seconds / args.every:6.3f} ms/page  handed {handed / args.every:8.2f} affixes/page, "
                  f"{pickled / args.every:7.0f} bytes pickled  peak RSS {peak:4.0f} MB")
            handed = pickled = seconds = 0


if __name__ == "__main__":
    main()
