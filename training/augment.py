"""Augment labeled pages: the other script, and synthetic M lines with their injected part recorded.

    python training/augment.py labeled/seeds labeled/pages -o labeled/augmented --seed 0

For every labeled page it writes up to two variants under OUT/<source>/, so a variant stays in the source of
the page it came from (leave-one-source-out evaluation holds both out together, and never scores variants):
- `*.script.tsv`: the page converted simplified -> traditional or traditional -> simplified with OpenCC,
  tags kept, injected parts carried over by position (skipped when conversion changes a line's length);
- `*.inject.tsv`: one kind of junk injected into a share of the page's paragraphs, the line tagged M and the
  injected part recorded: a watermark glued to many paragraphs, a spam head `<name>：`, a tail of spam
  keywords, or a sentence spliced in front from another page. Junk wording comes only from S lines and
  paragraphs of pages of the same source, so no held-out source leaks into another's training data.
Everything random flows from --seed.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taosha.readers.labeled import SPAN_SEPARATOR, read_labeled_dirs
from taosha.record import PINYIN, Line, Page, Tag

INJECT_SHARE = 0.4  # share of a page's paragraphs that get junk injected
PARAGRAPH_MIN = 30  # characters: shorter content lines are headings and captions, left alone
SENTENCE = re.compile(r"[^。！？]{8,60}[。！？]")
WATERMARK_PARTS = (["每天", "每日", "专注", "实时", "精选", "第一时间"],
                   ["发布", "更新", "推送", "分享", "整理"],
                   ["本地", "生活", "热点", "行业", "财经", "资讯"],
                   ["资讯平台", "信息网", "门户", "头条号", "新闻网"])


def converter(simplified_to_traditional: bool):
    import opencc

    return opencc.OpenCC("s2t" if simplified_to_traditional else "t2s").convert


def is_traditional(page: Page, to_simplified) -> bool:
    text = "".join(line.text for line in page.lines)
    return sum(a != b for a, b in zip(text, to_simplified(text))) > len(text) * 0.02


def script_variant(page: Page, to_simplified, to_traditional) -> Page | None:
    convert = to_simplified if is_traditional(page, to_simplified) else to_traditional
    lines = []
    for line in page.lines:
        text = convert(line.text)
        if len(text) != len(line.text):
            return None
        lines.append(Line(text, line.number, line.tag, _carry_parts(line, text)))
    return Page(page.doc, lines, page.source)


def _carry_parts(line: Line, converted: str) -> tuple[str, ...]:
    if line.injected in ((), (PINYIN,)):
        return line.injected
    parts = []
    for part in line.injected:
        at = line.text.find(part)
        parts.append(converted[at : at + len(part)])
    return tuple(parts)


def watermark(rng: random.Random) -> str:
    return "".join(rng.choice(options) for options in WATERMARK_PARTS)


def inject_variant(page: Page, material: dict, rng: random.Random) -> Page | None:
    paragraphs = [i for i, l in enumerate(page.lines) if l.tag is Tag.C and len(l.text) >= PARAGRAPH_MIN]
    if not paragraphs:
        return None
    kind = rng.choice(["watermark", "head", "tail", "splice"])
    mark = watermark(rng)
    chosen = set(rng.sample(paragraphs, max(1, round(len(paragraphs) * INJECT_SHARE))))
    lines = []
    for i, line in enumerate(page.lines):
        if i not in chosen:
            lines.append(Line(line.text, line.number, line.tag, line.injected))
            continue
        part, text = _inject(kind, line.text, mark, material, rng)
        lines.append(Line(text, line.number, Tag.M, (part,)) if part else line)
    return Page(page.doc, lines, page.source)


def _inject(kind: str, text: str, mark: str, material: dict, rng: random.Random) -> tuple[str, str]:
    if kind == "watermark":
        return mark, text + mark
    if kind == "head" and material["names"]:
        part = rng.choice(material["names"]) + rng.choice(["：", "网址：", "官网："])
        return part, part + text
    if kind == "tail" and material["keywords"]:
        part = " ".join(rng.sample(material["keywords"], min(len(material["keywords"]), rng.randint(1, 3))))
        return part, text + part
    if kind == "splice" and material["sentences"]:
        part = rng.choice(material["sentences"])
        return (part, part + text) if part not in text else ("", text)
    return "", text


def junk_material(pages: list[Page]) -> dict:
    """Spam names, spam keywords and sentences to splice, from these pages only."""
    spam = [l.text.strip() for p in pages for l in p.lines if l.tag is Tag.S]
    words = sorted({w for s in spam for w in re.split(r"[\s|｜,，、:：;；/]+", s) if 2 <= len(w) <= 10})
    sentences = [m.group(0) for p in pages for l in p.lines if l.tag is Tag.C for m in SENTENCE.finditer(l.text)]
    return {"names": [w for w in words if len(w) >= 3], "keywords": words, "sentences": sentences}


def write_page(page: Page, path: Path) -> None:
    rows = []
    for line in page.lines:
        row = f"{line.tag.value}\t{line.text}"
        rows.append(row + f"\t{SPAN_SEPARATOR.join(line.injected)}" if line.injected else row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    to_simplified, to_traditional = converter(False), converter(True)
    pages = read_labeled_dirs(args.dirs)
    by_source: dict[str, list[Page]] = {}
    for page in pages:
        by_source.setdefault(page.source, []).append(page)
    written = 0
    for source, group in sorted(by_source.items()):
        material = junk_material(group)
        for page in group:
            stem = Path(page.doc).stem
            for suffix, variant in (("script", script_variant(page, to_simplified, to_traditional)),
                                    ("inject", inject_variant(page, material, rng))):
                if variant is not None:
                    write_page(variant, Path(args.output) / source / f"{stem}.{suffix}.tsv")
                    written += 1
    print(f"wrote {written} augmented pages from {len(pages)} pages to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
