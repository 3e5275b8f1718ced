"""Shared fixtures: a small model trained once per test session on committed labeled pages."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LABELED = REPO / "labeled"
SHARED = REPO.parent / "shared"

needs_shared = pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared is not present")


def small_corpus(tmp_path_factory) -> Path:
    """A copy of the seeds and a few written pages: enough to train, small enough to be quick."""
    root = tmp_path_factory.mktemp("corpus")
    picks = sorted((LABELED / "seeds").glob("*/*.tsv")) + sorted((LABELED / "pages").glob("*/00[1-3]_*.tsv"))
    for path in picks:
        target = root / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(path.read_bytes())
    return root


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return small_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def trained_model_dir(corpus_dir, tmp_path_factory) -> Path:
    from taosha import trainer

    output = tmp_path_factory.mktemp("model")
    trainer.train([str(corpus_dir)], output=output)
    return output
