"""Feature stage: what a reader sees in a line, and where the line sits in its page."""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from taosha import segment
from taosha.record import Page

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DIGIT = re.compile(r"[0-9０-９]")
LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201f\u2026!-/:-@\[-`{-~]")
SPACE = re.compile(r"\s")
TERMINAL = re.compile(r"[。！？!?…”」』；;：:.)）]\s*$")
CLAUSE = re.compile(r"[，,、；;。]")
BULLET = re.compile(r"^\s*(?:[•·●◆■□▪►\-*]|\d{1,2}[.、．)）]|[（(]?[一二三四五六七八九十]+[、.．)）])")
URL = re.compile(r"https?://|www\.|\.(?:com|cn|net|org|html?|php)\b", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\d{3,4}[-—]\d{7,8}|1[3-9]\d{9}|\(\d{2,4}\)\s?\d{4}[- ]?\d{4})")
DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}月\d{1,2}日")
TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;|\bvar\s+\w+\s*=|function\s*\(|[{};]\s*$|\w+\s*\{[^}]*:")
MOJIBAKE = re.compile(r"[\u00c0-\u00ff\u0100-\u024f\ufffd]|锟斤拷|烫烫|屯屯")
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


def _share(pattern: re.Pattern, text: str, length: int) -> float:
    return len(pattern.findall(text)) / length


def _hits(pattern: re.Pattern, text: str, cap: int = 5) -> float:
    return min(len(pattern.findall(text)), cap) / cap


def line_shape(text: str) -> list[float]:
    """The look of one line, as numbers in about [0, 1]."""
    stripped = text.strip()
    n = max(len(stripped), 1)
    return [
        math.log1p(len(stripped)) / 7,
        _share(HAN, stripped, n),
        _share(DIGIT, stripped, n),
        _share(LATIN, stripped, n),
        _share(PUNCT, stripped, n),
        _share(SPACE, stripped, n),
        float(bool(TERMINAL.search(stripped))),
        min(len(CLAUSE.findall(stripped)), 10) / 10,
        float(bool(BULLET.match(stripped))),
        float(bool(URL.search(stripped))),
        float(bool(EMAIL.search(stripped))),
        float(bool(PHONE.search(stripped))),
        float(bool(DATE.search(stripped))),
        float(bool(TIME.search(stripped))),
        _hits(MARKUP, stripped),
        _share(MOJIBAKE, stripped, n),
        _hits(PINYIN_NOTE, stripped),
        _hits(SPAM_WORDS, stripped),
        _hits(BOILER_WORDS, stripped),
        _hits(SEPARATOR, stripped),
        float(len(stripped) <= 4),
    ]


SHAPE_NAMES = [
    "log_length", "han", "digit", "latin", "punct", "space", "terminal", "clauses", "bullet", "url", "email",
    "phone", "date", "time", "markup", "mojibake", "pinyin", "spam_words", "boiler_words", "separators", "tiny",
]


class LineShape(BaseEstimator, TransformerMixin):
    """Length, character classes, punctuation and pattern hits of each line: nothing learned."""

    def fit(self, pages, y=None):
        return self

    def transform(self, pages):
        return np.array([line_shape(visible(line.text)) for page in pages for line in page.text_lines],
                        dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"shape_{name}" for name in SHAPE_NAMES], dtype=object)


PLACE_NAMES = [
    "position", "near_top", "near_bottom", "log_page_lines", "repeats", "shared_head", "shared_tail",
    "length_vs_longest", "prose_above", "prose_below", "blank_before", "blank_after",
]
_AFFIX = 4  # characters compared at each end of a line to spot repeated prefixes and suffixes
_PROSE_REACH = 10  # how many lines up and down to look for a paragraph of prose


def _is_prose(text: str) -> bool:
    """A line that reads as a paragraph: long enough, mostly Han, with clause punctuation."""
    return len(text) >= 40 and len(CLAUSE.findall(text)) >= 2


def page_place(page: Page) -> list[list[float]]:
    """Where each line sits: position, repetition across the page, distance to the nearest prose."""
    lines = page.text_lines
    texts = [visible(line.text) for line in lines]
    n = len(texts)
    counts = Counter(texts)
    heads = Counter(t[:_AFFIX] for t in texts if len(t) > _AFFIX * 2)
    tails = Counter(t[-_AFFIX:] for t in texts if len(t) > _AFFIX * 2)
    longest = max((len(t) for t in texts), default=1) or 1
    prose = [i for i, t in enumerate(texts) if _is_prose(t)]
    rows = []
    for i, (line, text) in enumerate(zip(lines, texts)):
        at = bisect.bisect_left(prose, i)
        above = i - prose[at - 1] if at > 0 else _PROSE_REACH
        below_at = at + 1 if at < len(prose) and prose[at] == i else at
        below = prose[below_at] - i if below_at < len(prose) else _PROSE_REACH
        long_enough = len(text) > _AFFIX * 2
        rows.append([
            i / max(n - 1, 1),
            max(0, 10 - i) / 10,
            max(0, 10 - (n - 1 - i)) / 10,
            math.log1p(n) / 7,
            math.log(counts[text]) / 3,
            (heads[text[:_AFFIX]] - 1) / n if long_enough else 0.0,
            (tails[text[-_AFFIX:]] - 1) / n if long_enough else 0.0,
            len(text) / longest,
            min(above, _PROSE_REACH) / _PROSE_REACH,
            min(below, _PROSE_REACH) / _PROSE_REACH,
            float(i > 0 and lines[i - 1].number < line.number - 1),
            float(i < n - 1 and lines[i + 1].number > line.number + 1),
        ])
    return rows


class PagePlace(BaseEstimator, TransformerMixin):
    """Features that need the whole page: a nav line repeats, a watermark ends many lines."""

    def fit(self, pages, y=None):
        return self

    def transform(self, pages):
        rows = [row for page in pages for row in page_place(page)]
        return np.array(rows, dtype=float).reshape(len(rows), len(PLACE_NAMES))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"place_{name}" for name in PLACE_NAMES], dtype=object)


MAX_FEATURE_CHARS = 10_000  # a longer line (a whole page glued into one) is judged by its first characters


def visible(text: str) -> str:
    """The part of a line the features look at: enough to judge it, bounded however long the line."""
    return text.strip()[:MAX_FEATURE_CHARS]


def line_words(text: str) -> list[str]:
    """Analyzer for the word vectorizer: module-level so the saved model pickles by reference."""
    return segment.words(text.strip())


def line_texts(pages) -> list[str]:
    return [visible(line.text) for page in pages for line in page.text_lines]


@dataclass
class Featured:
    """Feature stage output: one row a text line, with the page each row belongs to."""

    matrix: sp.csr_matrix
    dense: np.ndarray  # the shape and place block, kept apart for the context pass
    page_of_line: np.ndarray


class LineFeatures(BaseEstimator, TransformerMixin):
    """All line features side by side: shape, place, jieba words and character n-grams."""

    def __init__(self, words=None, chars=None):
        self.words = words
        self.chars = chars

    def _vectorizers(self):
        words = self.words or TfidfVectorizer(analyzer=line_words, min_df=2, sublinear_tf=True)
        chars = self.chars or TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        return words, chars

    def fit(self, pages, y=None):
        self.fit_transform(pages, y)
        return self

    def fit_transform(self, pages, y=None):
        self.words_, self.chars_ = self._vectorizers()
        texts = line_texts(pages)
        word_matrix = self.words_.fit_transform(texts)
        char_matrix = self.chars_.fit_transform(texts)
        return self._stack(pages, word_matrix, char_matrix)

    def transform(self, pages):
        texts = line_texts(pages)
        return self._stack(pages, self.words_.transform(texts), self.chars_.transform(texts))

    def _stack(self, pages, word_matrix, char_matrix) -> Featured:
        dense = np.hstack([LineShape().transform(pages), PagePlace().transform(pages)])
        page_of_line = np.repeat(np.arange(len(pages)), [len(p.text_lines) for p in pages])
        matrix = sp.hstack([sp.csr_matrix(dense), word_matrix, char_matrix], format="csr")
        return Featured(matrix, dense, page_of_line)

    def get_feature_names_out(self, input_features=None):
        return np.concatenate([
            LineShape().get_feature_names_out(), PagePlace().get_feature_names_out(),
            [f"word_{w}" for w in self.words_.get_feature_names_out()],
            [f"char_{c}" for c in self.chars_.get_feature_names_out()],
        ])
