"""Feature stage: what a reader sees in a line, and where the line sits in its page."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from taosha.classify import grams, segment
from taosha.record import Line

# Character classes, one bit each, looked up for every code point of a batch at once.
HAN, DIGIT, LATIN, PUNCT, SPACE, CLAUSE, TERMINAL, MOJIBAKE_CHAR = (1 << bit for bit in range(8))
# Characters without which a pattern cannot match: the pattern runs only over lines that hold one.
MARKUP_HINT, EMAIL_HINT, URL_HINT, PAREN_HINT, SEPARATOR_HINT, GARBLE_HINT = (1 << bit for bit in range(8, 14))
_CLASS_RANGES = {
    HAN: "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    DIGIT: "0-9０-９",
    LATIN: "A-Za-zＡ-Ｚａ-ｚ",
    PUNCT: "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201f\u2026!-/:-@[-`{-~",
    CLAUSE: "，,、；;。",
    TERMINAL: "。！？!?…”」』；;：:.)）",  # a line ending in one of these reads as a finished sentence
    MOJIBAKE_CHAR: "\u00c0-\u024f\ufffd",  # Latin-1 and Latin Extended letters: UTF-8 read as Latin-1
    MARKUP_HINT: "<&{};=(",
    EMAIL_HINT: "@",
    URL_HINT: ".:",
    PAREN_HINT: "(",
    SEPARATOR_HINT: "|｜/>»›",
    GARBLE_HINT: "锟烫屯",
}


def _class_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=np.uint16)
    for bit, spec in _CLASS_RANGES.items():
        for match in re.finditer(r"(.)-(.)|(.)", spec):
            low, high = (match.group(1), match.group(2)) if match.group(1) else (match.group(3),) * 2
            table[ord(low) : ord(high) + 1] |= bit
    table[[c for c in range(0x3100) if chr(c).isspace()]] |= SPACE | SEPARATOR_HINT
    return table


CLASSES = _class_table()
BULLET = re.compile(r"\s*(?:[•·●◆■□▪►\-*]|\d{1,2}[.、．)）]|[（(]?[一二三四五六七八九十]+[、.．)）])")
# The patterns below run over a whole batch joined by NUL, so none of them may match across a NUL.
URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org|html?|php)\b", re.IGNORECASE)
# The lookbehinds start a match only where a run of word characters starts: a long Chinese paragraph is one
# run of \w, and trying it from every position is quadratic.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\d{3,4}[-—]\d{7,8}|1[3-9]\d{9}|\(\d{2,4}\)\s?\d{4}[- ]?\d{4})")
DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}月\d{1,2}日")
TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
MARKUP = re.compile(r"</?[a-zA-Z][^>\x00]*>|&[a-z]+;|&#\d+;|\bvar\s+\w+\s*=|function\s*\(|[{};]\s*(?=\x00|$)"
                    r"|(?<!\w)\w+\s*\{[^}\x00]*:")
GARBLE_WORDS = re.compile(r"锟斤拷|烫烫|屯屯")  # what undecoded memory and GBK-read-as-UTF-8 leave behind
PINYIN_NOTE = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
SEPARATOR = re.compile(r"[|｜/>»›]|\s{2,}")
SPAM_WORDS = re.compile(  # ad and spam vocabulary of both scripts: gambling, crypto, clinics, loans, porn-SEO
    r"彩票|博彩|赌场|賭場|娱乐城|娛樂城|现金网|現金網|百家乐|百家樂|时时彩|時時彩|六合彩|威尼斯人|老虎机|"
    r"下注|投注|棋牌|捕鱼|捕魚|开户|開戶|首存|注册即送|註冊即送|"
    r"比特币|比特幣|交易所|币安|幣安|欧易|火币|USDT|合约|合約|空投|"
    r"医院|醫院|诊所|診所|治疗|治療|男科|妇科|婦科|妇产|婦產|早泄|阳痿|陽痿|包皮|癫痫|癲癇|不孕|人流|"
    r"无痛|無痛|整形|减肥|減肥|私密|多少钱|多少錢|哪家好|专家|專家|"
    r"贷款|貸款|网贷|網貸|代孕|加微信|免费咨询|免費諮詢|LINE[:：]|"
    r"久久|精品|国产|國產|无码|無碼|成人|一本|视频在线|視頻在線|免费观看|免費觀看|影院"
)
BOILER_WORDS = re.compile(
    r"版权|版權|ICP|备案|備案|公网安备|责任编辑|責任編輯|编辑|編輯|来源|來源|作者|记者|發佈|发布时间|"
    r"上一篇|下一篇|上一頁|下一页|首页|首頁|登录|登錄|注册|註冊|分享|评论|評論|阅读|閱讀|浏览|瀏覽|"
    r"相关|相關|推荐|推薦|热门|熱門|联系我们|聯繫我們|关于我们|關於我們|免责|免責|网站地图|返回|打印|收藏"
)


def shape_rows(texts: list[str]) -> np.ndarray:
    """The look of each line, as numbers in about [0, 1], for a whole batch of stripped lines at once."""
    n, given = len(texts), texts  # BULLET reads the lines as given; the other patterns, NUL-free
    if not n:
        return np.zeros((0, len(SHAPE_NAMES)))
    joined = "\x00".join(texts)
    if joined.count("\x00") > n - 1:  # a line holds a NUL, which would split it for the patterns
        texts = [t.replace("\x00", " ") for t in texts]
        joined = "\x00".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    # One class per code point, and a 0 after the last line so that each line's span, its NUL included,
    # is a non-empty slice for reduceat.
    classes = np.append(CLASSES[np.minimum(codes, 0xFFFF)], np.uint16(0))
    size = np.maximum(lengths, 1)

    def count(bit):  # characters of each line in the class
        return np.add.reduceat(((classes & bit) > 0).view(np.uint8), starts, dtype=np.int64)

    def share(bit):
        return count(bit) / size

    def matches(pattern, hint=None):
        if hint is None:
            lines, subset, subset_starts = np.arange(n), joined, starts
        else:
            lines = np.flatnonzero(count(hint))
            subset = "\x00".join([texts[i] for i in lines])
            subset_starts = np.concatenate([[0], np.cumsum(lengths[lines] + 1)[:-1]])
        counts = np.zeros(n, dtype=np.int64)
        if lines.size:
            found = np.array([m.start() for m in pattern.finditer(subset)], dtype=np.int64)
            counts[lines] = np.bincount(np.searchsorted(subset_starts, found, side="right") - 1,
                                        minlength=len(lines))
        return counts

    def hits(pattern, hint=None, cap=5):
        return np.minimum(matches(pattern, hint), cap) / cap

    last = classes[np.maximum(starts + lengths - 1, 0)]
    columns = [
        np.log1p(lengths) / 7, share(HAN), share(DIGIT), share(LATIN), share(PUNCT), share(SPACE),
        ((last & TERMINAL) > 0) & (lengths > 0), np.minimum(share(CLAUSE) * size, 10) / 10,
        [bool(BULLET.match(t)) for t in given],
        matches(URL, URL_HINT) > 0, matches(EMAIL, EMAIL_HINT) > 0, matches(PHONE, DIGIT) > 0,
        matches(DATE, DIGIT) > 0, matches(TIME, DIGIT) > 0, hits(MARKUP, MARKUP_HINT),
        share(MOJIBAKE_CHAR) + matches(GARBLE_WORDS, GARBLE_HINT) / size, hits(PINYIN_NOTE, PAREN_HINT),
        hits(SPAM_WORDS), hits(BOILER_WORDS), hits(SEPARATOR, SEPARATOR_HINT), lengths <= 4,
    ]
    return np.column_stack([np.asarray(c, dtype=float) for c in columns]).reshape(n, len(SHAPE_NAMES))


SHAPE_NAMES = [
    "log_length", "han", "digit", "latin", "punct", "space", "terminal", "clauses", "bullet", "url", "email",
    "phone", "date", "time", "markup", "mojibake", "pinyin", "spam_words", "boiler_words", "separators", "tiny",
]


PLACE_NAMES = [
    "position", "near_top", "near_bottom", "log_page_lines", "repeats", "shared_head", "shared_tail",
    "length_vs_longest", "prose_above", "prose_below", "blank_before", "blank_after", "table_run",
]
_AFFIX = 4  # characters compared at each end of a line to spot repeated prefixes and suffixes
_PROSE_REACH = 10  # how many lines up and down to look for a paragraph of prose
_TABLE_REACH = 10  # table_run counts consecutive rows up to this many
_CELL_BREAK = re.compile(r"[|｜\t]|\s{2,}")  # not one space: "运营商 5G 手机" is a headline


def place_block(lines_of: list[list[Line]], texts: list[str] | None = None, shape: np.ndarray | None = None
                ) -> np.ndarray:
    """Where each line sits in its page: position, repetition across the page (a nav line repeats, a
    watermark ends many lines), distance to the nearest paragraph of prose, runs of table rows. All pages of
    a batch at once (lines_of[i]: the text lines of page i); texts and shape are the lines' visible texts and
    shape_rows when the caller has them already."""
    lines = [line for page_lines in lines_of for line in page_lines]
    texts = [visible(line.text) for line in lines] if texts is None else texts
    page = np.repeat(np.arange(len(lines_of)), [len(page_lines) for page_lines in lines_of]).astype(np.int64)
    if not len(page):
        return np.zeros((0, len(PLACE_NAMES)))
    first = np.flatnonzero(np.r_[True, page[1:] != page[:-1]])  # each page's first row
    size = np.diff(np.r_[first, len(page)])[page]
    at = np.arange(len(page)) - first[page]  # index of the line within its page
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    long_enough = lengths > _AFFIX * 2
    numbers = np.array([line.number for line in lines], dtype=np.int64)
    shape = shape_rows(texts) if shape is None else shape
    clauses = np.rint(shape[:, SHAPE_NAMES.index("clauses")] * 10)
    prose = (lengths >= 40) & (clauses >= 2)  # a paragraph: long enough, with clause punctuation
    above, below = _distance_to(prose, page, at, size)
    return np.column_stack([
        at / np.maximum(size - 1, 1),
        np.maximum(0, 10 - at) / 10,
        np.maximum(0, 10 - (size - 1 - at)) / 10,
        np.log1p(size) / 7,
        np.log(_count_in_page(page, texts)) / 3,
        np.where(long_enough, (_count_in_page(page, [t[:_AFFIX] for t in texts], long_enough) - 1) / size, 0.0),
        np.where(long_enough, (_count_in_page(page, [t[-_AFFIX:] for t in texts], long_enough) - 1) / size, 0.0),
        lengths / np.maximum(np.maximum.reduceat(lengths, first)[page], 1),
        np.minimum(above, _PROSE_REACH) / _PROSE_REACH,
        np.minimum(below, _PROSE_REACH) / _PROSE_REACH,
        (at > 0) & (np.r_[0, numbers[:-1]] < numbers - 1),
        (at < size - 1) & (np.r_[numbers[1:], 0] > numbers + 1),
        _table_run(texts, page),
    ]).astype(float)


def _table_run(texts: list[str], page: np.ndarray) -> np.ndarray:
    """Length of the run of consecutive lines, this one among them, cut into the same number (three or more)
    of cells: a table's rows, which a lone menu line of links is not."""
    cells = np.array([len(_CELL_BREAK.findall(t)) + 1 for t in texts], dtype=np.int64)
    tabular = cells >= 3
    starts = np.r_[True, (cells[1:] != cells[:-1]) | (page[1:] != page[:-1]) | ~tabular[1:] | ~tabular[:-1]]
    run = np.cumsum(starts) - 1
    length = np.bincount(run)[run]
    return np.where(tabular & (length >= 2), np.minimum(length, _TABLE_REACH) / _TABLE_REACH, 0.0)


def _count_in_page(page: np.ndarray, keys: list[str], counted: np.ndarray | None = None) -> np.ndarray:
    """For each row, how many rows of its page (among the counted ones) have the same key."""
    counted = np.ones(len(keys), dtype=bool) if counted is None else counted
    # Python's str hash: stable within the run, which is all a count within a batch needs.
    hashes = np.array([hash(k) for k in keys], dtype=np.int64).view(np.uint64)
    with np.errstate(over="ignore"):
        pairs = (hashes * np.uint64(0x9E3779B97F4A7C15) + page.astype(np.uint64))[counted]
    found = np.zeros(len(keys), dtype=np.int64)
    if len(pairs):
        _, inverse, counts = np.unique(pairs, return_inverse=True, return_counts=True)
        found[counted] = counts[inverse.ravel()]
    return found


def _distance_to(marked: np.ndarray, page: np.ndarray, at: np.ndarray, size: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Lines up to the nearest marked line strictly above and strictly below, in the same page
    (_PROSE_REACH when there is none)."""
    index = np.arange(len(page))
    last = np.maximum.accumulate(np.where(marked, index, -1))
    last_above = np.r_[-1, last[:-1]]
    above = np.where(last_above >= index - at, index - last_above, _PROSE_REACH)
    following = np.minimum.accumulate(np.where(marked, index, len(page))[::-1])[::-1]
    next_below = np.r_[following[1:], len(page)]
    below = np.where(next_below < index - at + size, next_below - index, _PROSE_REACH)
    return above, below


MAX_FEATURE_CHARS = 10_000  # a longer line (a whole page glued into one) is judged by its first characters


def visible(text: str) -> str:
    """The part of a line the features look at: enough to judge it, bounded however long the line."""
    return text.strip()[:MAX_FEATURE_CHARS].rstrip()


def line_texts(pages) -> list[str]:
    return [visible(line.text) for page in pages for line in page.text_lines]


PAGE_SHIFT = 40  # a bigram key: page (or line) index above this bit, the bigram's hash below


def bigram_keys(texts: list[str], page_of_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct character bigrams (two spaces left out) as (text index, page-and-bigram key)."""
    joined = grams.Joined(texts)
    positions, hashes = joined.rolling(2)
    is_space = (CLASSES[np.minimum(joined.codes, 0xFFFF)] & SPACE) > 0
    spaces = is_space[positions] & is_space[positions + 1]
    owner = joined.line_of[positions[~spaces]]
    # One sort of (text, bigram) packed in 64 bits finds the distinct pairs; then the page replaces the text.
    pairs = grams.distinct((owner.astype(np.uint64) << np.uint64(PAGE_SHIFT))
                           | grams.bucket(hashes[~spaces], 2, PAGE_SHIFT).astype(np.uint64))
    owner = (pairs >> np.uint64(PAGE_SHIFT)).astype(np.int64)
    bigram = (pairs & np.uint64((1 << PAGE_SHIFT) - 1)).astype(np.int64)
    return owner, bigram + (page_of_text[owner] << PAGE_SHIFT)


class Block(NamedTuple):
    """A hashed sparse block of features: value `values[k]` at (rows[k], columns[k]), `width` columns."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    width: int


@dataclass
class Featured:
    """Feature stage output: one row a text line, with the page each row belongs to."""

    dense: np.ndarray  # the shape and place block, also seen by the context pass
    blocks: list[Block]
    page_of_line: np.ndarray
    bigrams: tuple[np.ndarray, np.ndarray] | None = None  # bigram_keys of the lines, for the context pass

    @property
    def matrix(self):
        """Every column side by side as one scipy CSR matrix, for fitting (classify never builds it)."""
        import scipy.sparse as sp

        n = len(self.dense)
        sparse = [sp.csr_matrix((b.values, (b.rows, b.columns)), shape=(n, b.width)) for b in self.blocks]
        return sp.hstack([sp.csr_matrix(self.dense), *sparse], format="csr")


DENSE_NAMES = [f"shape_{name}" for name in SHAPE_NAMES] + [f"place_{name}" for name in PLACE_NAMES]


class FeatureSpace:
    """The learned part of the features: the hashed dictionary and the idf of each hashed word and n-gram.

    Words come from jieba's dictionary by forward maximum matching (see taosha.classify.segment), characters as
    1- to 3-grams; both are hashed into fixed-size blocks and weighted by sublinear, l2-normalised TF-IDF.
    An estimator in scikit-learn's sense: the constructor stores its parameters, what fit learns ends in `_`."""

    PARAMETERS = ("char_bits", "word_bits", "max_word", "min_df")

    def __init__(self, char_bits: int = 20, word_bits: int = 18, max_word: int = 4, min_df: int = 2):
        self.char_bits = char_bits
        self.word_bits = word_bits
        self.max_word = max_word
        self.min_df = min_df

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self.PARAMETERS}

    def get_feature_names_out(self) -> list[str]:
        """One name a column, in the order the first pass weighs them: the dense shape and place features,
        then each hashed word bucket, then each hashed character n-gram bucket."""
        return (DENSE_NAMES + [f"word#{i}" for i in range(1 << self.word_bits)]
                + [f"char#{i}" for i in range(1 << self.char_bits)])

    def fit(self, pages) -> FeatureSpace:
        self.lexicon_ = segment.lexicon(self.max_word)
        joined, n = grams.Joined(line_texts(pages)), sum(len(p.text_lines) for p in pages)
        words, chars = self._words(joined), self._chars(joined)
        self.word_idf_ = grams.learn_idf(*words, n, self.word_bits, self.min_df)
        self.char_idf_ = grams.learn_idf(*chars, n, self.char_bits, self.min_df)
        return self

    def featurize(self, pages) -> Featured:
        return self.featurize_lines([page.text_lines for page in pages], bigrams=True)

    def featurize_lines(self, lines_of: list[list[Line]], bigrams: bool = False) -> Featured:
        """Features of the text lines of a batch of pages (lines_of[i]: the text lines of page i), with the
        lines' bigram keys when the context pass will want them."""
        texts = [visible(line.text) for lines in lines_of for line in lines]
        joined, shape = grams.Joined(texts), shape_rows(texts)
        dense = np.hstack([shape, place_block(lines_of, texts, shape)])
        page_of_line = np.repeat(np.arange(len(lines_of)), [len(lines) for lines in lines_of])
        blocks = [Block(*grams.tfidf_rows(*found, joined.lines, bits, idf), 1 << bits)
                  for found, bits, idf in ((self._words(joined), self.word_bits, self.word_idf_),
                                           (self._chars(joined), self.char_bits, self.char_idf_))]
        keys = bigram_keys(texts, page_of_line.astype(np.int64)) if bigrams else None
        return Featured(dense, blocks, page_of_line, keys)

    def _chars(self, joined):
        return grams.char_grams(joined, range(1, 4), self.char_bits)

    def _words(self, joined):
        if getattr(self, "_sketch_of", None) is not self.lexicon_:  # built once per lexicon
            self._sketch, self._sketch_of = grams.lexicon_sketch(self.lexicon_), self.lexicon_
        return grams.dictionary_words(joined, self.lexicon_, self.max_word, self.word_bits, self._sketch)
