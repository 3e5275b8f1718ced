"""Chinese word segmentation behind one module-level function, so saved models pickle by reference."""
from __future__ import annotations

import functools
import logging


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # heavy: loads its dictionary; imported on first use, never at import of taosha

    jieba.setLogLevel(logging.WARNING)  # keeps "Building prefix dict..." away from the user
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def words(text: str) -> list[str]:
    """jieba's words of a line (no HMM: new-word guessing is slow and adds nothing for junk detection)."""
    return [w for w in _tokenizer().lcut(text, HMM=False) if not w.isspace()]
