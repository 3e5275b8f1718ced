"""Training pages with junk spliced into some content lines: the injected-part classifier's extra examples."""
from __future__ import annotations

import random
import re
from dataclasses import replace

from taosha.classify.parts import SPAM_SHARE, SPLICE_SHARE
from taosha.classify.spans import SENTENCE_END
from taosha.record import Page, Tag

SPLICE_HOST_MIN = 30  # characters: shorter content lines are headings and captions
CLAUSE_MARKS = "，、,：:;；（(《“「"
DONOR = re.compile(r"[^。！？!?\s]{8,40}[。！？!?]")  # a sentence to splice, or cut into a fragment
# A piece of a spam line between its separators: a site, hospital or keyword name (`长沙痛风专科医院`).
SPAM_PIECE = re.compile(r"[^\s|｜,，、;；:：<>【】\[\]()（）▶→]{4,16}")
HAN = re.compile(r"[\u3400-\u9fff]")


def _splice_piece(rng: random.Random, sentence: str) -> tuple[str, str]:
    """The whole sentence, glued on directly, or a piece of it cut off mid-clause (as the spliced pieces
    seen are, not at a comma), glued on before a space."""
    if rng.random() < 0.5:
        return sentence, ""
    return sentence[: rng.randint(6, len(sentence) - 2)].rstrip(CLAUSE_MARKS), rng.choice([" ", "\u3000"])


def _donors(pages: list[Page]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(source, sentence) of content lines to splice, and (source, name) pieces of spam lines to glue on."""
    sentences = [(page.source, m.group()) for page in pages for line in page.text_lines if line.tag is Tag.C
                 for m in DONOR.finditer(line.text)]
    names = [(page.source, m.group()) for page in pages for line in page.text_lines if line.tag is Tag.S
             for m in SPAM_PIECE.finditer(line.text) if len(HAN.findall(m.group())) >= 3]
    return sentences, names


def _spam_glued(rng: random.Random, text: str, names: list[str]) -> tuple[str, str] | None:
    """(new text, glued part): a spam name and a colon in front, or one or two names after the last
    sentence end, as the labeled spam heads and tails are glued on."""
    if rng.random() < 0.5:
        part = rng.choice(names) + rng.choice(["：", ":"])
        return part + text.lstrip(), part
    if text.rstrip()[-1:] not in SENTENCE_END:
        return None
    part = rng.choice(["", " "]).join(rng.choice(names) for _ in range(rng.randint(1, 2)))
    return text.rstrip() + part, part


def _glued(rng: random.Random, text: str, source: str, sentences: list[tuple[str, str]], names: list[str],
           share: float, spam_share: float) -> tuple[str, str] | None:
    """(new text, injected piece) for one long content line of the source, or None to leave it alone."""
    draw = rng.random()
    if draw < share:
        donor, sentence = rng.choice(sentences)
        if donor == source:
            return None
        piece, glue = _splice_piece(rng, sentence)
        return (piece + glue + text.lstrip(), piece) if len(piece) >= 6 else None
    if draw < share + spam_share and names:
        return _spam_glued(rng, text, names)
    return None


def spliced_pages(pages: list[Page], share: float = SPLICE_SHARE, seed: int = 0,
                  spam_share: float = SPAM_SHARE) -> list[Page]:
    """Copies of the pages where some long content lines carry a piece of another source's page glued on,
    the piece recorded as injected: a sentence, or a cut-off piece of one, in front; or a spam name as a head
    or a tail. Few labeled lines show injection, and all of one kind come from one source; these let the part
    classifier learn the signs that do not depend on one site's wording: a spliced piece shares little with its
    page and the rest of the line a lot, and a glued-on name reads like the spam of other sites."""
    rng = random.Random(seed)
    sentences, names = _donors(pages)
    if not sentences:
        return pages
    spliced = []
    for page in pages:
        lines = list(page.lines)
        others = [name for source, name in names if source != page.source]
        for at, line in enumerate(lines):
            host = line.tag is Tag.C and len(line.text.strip()) >= SPLICE_HOST_MIN
            if host and (glued := _glued(rng, line.text, page.source, sentences, others, share, spam_share)):
                lines[at] = replace(line, text=glued[0], tag=Tag.M, injected=(glued[1],))
        spliced.append(replace(page, lines=lines))
    return spliced
