"""Chinese words by jieba's dictionary, found for a whole batch of lines at once.

jieba's own segmenter walks every line in Python and runs at about 0.4 MB/s here, slower than everything
else taosha does together. taosha keeps jieba's dictionary but segments by forward maximum matching on
hashed code points (taosha.classify.grams.segment), which agrees with jieba's no-HMM cut on most words. The saved
model carries the hashed dictionary, so training and classifying always use the same one.
"""
from __future__ import annotations

import logging

import numpy as np

from taosha.classify import grams


def dictionary_words() -> list[str]:
    """The words of jieba's default dictionary (dict.txt: `word frequency tag` a line)."""
    import jieba  # only training needs it: a saved model carries the hashed words

    jieba.setLogLevel(logging.WARNING)
    with jieba.get_dict_file() as rows:
        return [row.split(b" ", 1)[0].decode("utf-8") for row in rows if row.strip()]


def lexicon(max_word: int) -> np.ndarray:
    """Sorted hashes of jieba's dictionary words of 2 to max_word characters."""
    return grams.word_hashes(dictionary_words(), max_word)
