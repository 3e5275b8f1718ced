"""Hashed character n-grams and dictionary words of many lines at once, in numpy.

Feature extraction one line at a time in Python cost more than the whole model; here every line of a batch
is joined into one array of code points and each n-gram is hashed where it starts, so the cost is a few
array passes per batch. Hashes are computed from code points, never Python's `hash()`, so they are the same
in every process and on every machine.
"""
from __future__ import annotations

import numpy as np

SEPARATOR = 0  # code point between lines in the joined array; NUL is replaced in the lines themselves
_BASE = np.uint64(0x100000001B3)  # polynomial base of the rolling hash (FNV-1's 64-bit prime)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier: spreads hashes over the buckets
_ORDER_SALT = np.uint64(0xC2B2AE3D27D4EB4F)  # keeps an n-gram apart from an (n+1)-gram with the same hash


# numpy 2.4's np.unique and np.isin hash plain integer arrays and run 20-50 times slower here than one sort;
# these do the same by sorting.
def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique)."""
    return distinct_counts(values)[0]


def distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct values and how often each occurs (np.unique with return_counts)."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def contains(sorted_values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Whether each query is among the sorted values (np.isin)."""
    return counted(sorted_values, np.ones(len(sorted_values), dtype=np.int64), queries) > 0


def counted(distinct_values: np.ndarray, counts: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """How often each query occurs, given distinct_counts' output (0 where it does not)."""
    if not len(distinct_values):
        return np.zeros(len(queries), dtype=np.int64)
    at = np.minimum(np.searchsorted(distinct_values, queries), len(distinct_values) - 1)
    return np.where(distinct_values[at] == queries, counts[at], 0)


class Joined:
    """The lines of a batch as one array of code points, with where each line starts."""

    def __init__(self, texts: list[str]):
        text = "\x00".join(t.replace("\x00", " ") for t in texts) + "\x00"
        # surrogatepass: a str from a program may hold half a surrogate pair, which is still one code point.
        self.codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        self.lines = len(texts)
        is_separator = self.codes == SEPARATOR
        # line_of[i]: the line position i belongs to (a separator belongs to the line it ends).
        self.line_of = np.cumsum(is_separator) - is_separator
        self._separators_before = np.concatenate([[0], np.cumsum(is_separator)])
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)

    def rolling(self, order: int) -> tuple[np.ndarray, np.ndarray]:
        """(start positions, hashes) of every n-gram of this order that lies inside one line."""
        n = len(self.codes) - order + 1
        if n <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        hashes = self.codes[:n].copy()
        for offset in range(1, order):
            hashes = hashes * _BASE + self.codes[offset : offset + n]
        inside = self._separators_before[order : order + n] == self._separators_before[:n]
        positions = np.flatnonzero(inside)
        return positions, hashes[positions]


def bucket(hashes: np.ndarray, order, bits: int) -> np.ndarray:
    with np.errstate(over="ignore"):  # wrapping is the point of these multiplications
        mixed = (hashes ^ (np.asarray(order, dtype=np.uint64) * _ORDER_SALT)) * _MIX
    return (mixed >> np.uint64(64 - bits)).astype(np.int64)


def char_grams(joined: Joined, orders: range, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(line, bucket) of every character n-gram of the given orders."""
    lines, buckets = [], []
    for order in orders:
        positions, hashes = joined.rolling(order)
        lines.append(joined.line_of[positions])
        buckets.append(bucket(hashes, order, bits))
    return np.concatenate(lines), np.concatenate(buckets)


def word_hashes(words: list[str], max_word: int) -> np.ndarray:
    """Sorted hashes of the dictionary words of 2 to max_word characters, as `rolling` hashes them."""
    joined = Joined(words)
    found = []
    for order in range(2, max_word + 1):
        positions, hashes = joined.rolling(order)
        whole = contains(joined.starts, positions) & (joined.codes[positions + order] == SEPARATOR)
        found.append(hashes[whole])
    return distinct(np.concatenate(found))


def segment(joined: Joined, lexicon: np.ndarray, max_word: int, sketch: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward maximum matching on the lexicon: at each word start the longest dictionary word is taken,
    else one character. Returns (word start positions, their lengths, their hashes)."""
    length = np.ones(len(joined.codes), dtype=np.int64)
    word_hash = joined.codes.copy()
    sketch = lexicon_sketch(lexicon) if sketch is None else sketch
    for order in range(2, max_word + 1):  # longer matches overwrite shorter ones
        positions, hashes = joined.rolling(order)
        if not len(lexicon) or not len(hashes):
            continue
        # Most n-grams are not words: a table lookup rules them out before the binary search.
        maybe = np.flatnonzero(sketch[hashes >> np.uint64(64 - _SKETCH_BITS)])
        positions, hashes = positions[maybe], hashes[maybe]
        known = lexicon[np.minimum(np.searchsorted(lexicon, hashes), len(lexicon) - 1)] == hashes
        length[positions[known]] = order
        word_hash[positions[known]] = hashes[known]
    starts = _word_starts(joined, length)
    return starts, length[starts], word_hash[starts]


_SKETCH_BITS = 22  # 4M-entry table for about 330,000 words: about one n-gram in twelve passes it wrongly


def lexicon_sketch(lexicon: np.ndarray) -> np.ndarray:
    """A table of the top bits of every word hash: most n-grams are ruled out by one lookup in it."""
    table = np.zeros(1 << _SKETCH_BITS, dtype=bool)
    table[lexicon >> np.uint64(64 - _SKETCH_BITS)] = True
    return table


def dictionary_words(joined: Joined, lexicon: np.ndarray, max_word: int, bits: int,
                     sketch: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(line, bucket) of the words of two or more characters of each line (single characters are already
    the unigram features)."""
    starts, lengths, hashes = segment(joined, lexicon, max_word, sketch)
    multi = lengths > 1
    return joined.line_of[starts[multi]], bucket(hashes[multi], lengths[multi].astype(np.uint64), bits)


def _word_starts(joined: Joined, length: np.ndarray) -> np.ndarray:
    """Walk every line from its start, jumping a word at a time; all lines advance together."""
    found = []
    frontier = joined.starts
    while frontier.size:
        frontier = frontier[joined.codes[frontier] != SEPARATOR]
        found.append(frontier)
        frontier = frontier + length[frontier]
    return np.sort(np.concatenate(found))


def _distinct(lines: np.ndarray, buckets: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, count) of each distinct (line, bucket) pair, sorted by row."""
    keys, counts = distinct_counts((lines.astype(np.uint64) << np.uint64(bits)) | buckets.astype(np.uint64))
    return (keys >> np.uint64(bits)).astype(np.int64), (keys & np.uint64((1 << bits) - 1)).astype(np.int64), counts


def tfidf_rows(lines: np.ndarray, buckets: np.ndarray, n_lines: int, bits: int, idf: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sublinear TF-IDF, l2-normalised per line, as (rows, columns, values)."""
    rows, columns, counts = _distinct(lines, buckets, bits)
    values = (1 + np.log(counts)) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=n_lines))
    values = values / np.where(norms > 0, norms, 1)[rows]
    useful = values != 0
    return rows[useful], columns[useful], values[useful]


def learn_idf(lines: np.ndarray, buckets: np.ndarray, n_lines: int, bits: int, min_df: int = 2) -> np.ndarray:
    """Smoothed idf as scikit-learn computes it, from the lines each bucket occurs in; 0 for buckets seen in
    fewer than min_df lines (dropped)."""
    frequency = np.bincount(_distinct(lines, buckets, bits)[1], minlength=1 << bits)
    idf = np.log((1 + n_lines) / (1 + frequency)) + 1
    return np.where(frequency >= min_df, idf, 0.0).astype(np.float32)
