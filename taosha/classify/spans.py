"""Where junk sits inside a line: HTML tags, pinyin notes, and the parts where injected junk gets glued on
(a name ending in a colon, the words before the first space, the first sentence, what follows the last
sentence end). The repair stage cuts from these."""
from __future__ import annotations

import re

from taosha.record import Span

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüv", "aaaaeeeeiiiioooouuuuüüüüüü")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|er|in|un|ün|ia|ie|iu|ua|uo|ui|üe|ue"
    r"|a|o|e|i|u|ü)[1-5]?")
PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?)\)")

SENTENCE_END = "。！？!?”」』…"
# A reporter's sign-off in brackets ends many real paragraphs (`（记者 王万亮）`): the article's, never junk.
SIGN_OFF = re.compile(r"\s*[（(][^（）()]*(?:记者|記者|通讯员|通訊員)[^（）()]*[）)]\s*")
HEAD = re.compile(r"^(.{3,24}?)[：:]")
FIRST_END = re.compile(r"[。！？!?]")


# A tag left in the text of a kept line (`…<br><b>重点</b>`): an HTML element's name, then attributes at most.
_ATTRIBUTE = r"""\s+[a-zA-Z_:][a-zA-Z0-9_:.-]*(?:=(?:"[^"<>]{0,300}"|'[^'<>]{0,300}'|[^\s<>]{1,300}))?"""
MARKUP_TAG = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9]{{0,9}}(?:{_ATTRIBUTE})*\s*/?>")


def markup_spans(text: str) -> list[Span]:
    """Every HTML tag left inside the line's text: a reader of the clean copy wants the words, not the tags."""
    return [Span(m.start(), m.end(), "markup") for m in MARKUP_TAG.finditer(text)]


def is_pinyin(note: str) -> bool:
    return bool(_SYLLABLE.fullmatch(note.translate(_TONES)))


def pinyin_notes(text: str) -> list[Span]:
    """Every bracketed valid pinyin syllable right after a Han character."""
    return [Span(m.start(), m.end(), "pinyin") for m in PINYIN_NOTE.finditer(text) if is_pinyin(m.group(1))]


_LAST_END = re.compile(f".*[{SENTENCE_END}]", re.DOTALL)  # greedy: backs off from the end to the last mark


def last_end(text: str, start: int) -> int:
    """Where the last sentence end at or after start sits, not counting the text's last character; or -1."""
    found = _LAST_END.match(text, start, len(text) - 1)
    return found.end() - 1 if found else -1


def split_head(text: str) -> tuple[str, str] | None:
    """A short name ending in a colon in front of a sentence: `某某现金网网址：宜春市…`."""
    match = HEAD.match(text.lstrip())
    if not match:
        return None
    at = len(text) - len(text.lstrip()) + match.end()
    return (text[:at], text[at:]) if len(text[at:].strip()) >= 10 else None


def split_tail(text: str) -> tuple[str, str] | None:
    """Words glued after the last sentence end: `…抓好落实。鸿运棋牌 聚财捕鱼`."""
    at = last_end(text.rstrip(), 10)
    if at < 0:
        return None
    return (text[: at + 1], text[at + 1 :]) if text[at + 1 :].strip() else None


def split_first(text: str) -> tuple[str, str] | None:
    """The first sentence of a paragraph that goes on: where an unrelated sentence gets spliced in."""
    end = FIRST_END.search(text, 0, 120)
    if not end:
        return None
    rest = text[end.end() :]
    return (text[: end.end()], rest) if len(rest.strip()) >= 10 else None


FRAGMENT = re.compile(r"(\S[^\s。！？!?]{5,39})[ \u3000\t]+(?=\S)")


def split_fragment(text: str) -> tuple[str, str] | None:
    """Words up to the first space, in front of a paragraph: where a cut-off piece of other text gets
    spliced in (`但表情却是一股着急的样子:“请问 对如何做好下一步工作…`)."""
    match = FRAGMENT.match(text)
    if not match or len(text) - match.end() < 10:
        return None
    return text[: match.end(1)], text[match.end(1) :]


def candidate_parts(text: str) -> list[Span]:
    """The parts of a line that injected junk occupies when it is glued on: head, first sentence or
    fragment, tail."""
    spans = []
    if parts := split_head(text):
        spans.append(Span(0, len(parts[0]), "spam head"))
    if parts := split_fragment(text):
        spans.append(Span(0, len(parts[0]), "spliced fragment"))
    if parts := split_first(text):
        spans.append(Span(0, len(parts[0]), "spliced sentence"))
    if (parts := split_tail(text)) and not SIGN_OFF.fullmatch(parts[1]):
        spans.append(Span(len(parts[0]), len(text), "spam tail"))
    return spans


def trimmed_edges(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans, a cut that reaches the start of the line (past leading spaces) also taking the spaces after
    it, and one that reaches the end taking the spaces before it: the kept text must not start or end with
    the space that separated it from the junk (`赌场名 天气转暖了。` keeps `天气转暖了。`)."""
    stripped = text.strip()
    if not stripped:
        return spans
    first, last = text.index(stripped[0]), len(text.rstrip())
    edged = []
    for span in spans:
        start, end = span.start, span.end
        if start <= first and end < last:
            end = len(text) - len(text[end:].lstrip())
        if end >= last and start > first:
            start = len(text[:start].rstrip())
        edged.append(Span(start, end, span.reason))
    return tuple(edged)


def merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            last = merged.pop()
            span = Span(last.start, max(last.end, span.end), last.reason)
        merged.append(span)
    return tuple(merged)
