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


def seed_pages(folder: Path, count: int) -> Path:
    """A folder of the first `count` seed pages, each in its source folder as in labeled/."""
    for path in sorted((LABELED / "seeds").glob("*/*.tsv"))[:count]:
        (folder / path.parent.name).mkdir(parents=True)
        (folder / path.parent.name / path.name).write_bytes(path.read_bytes())
    return folder


def model_copy(model_dir: Path, tmp_path: Path) -> Path:
    """A copy of a model folder, to change."""
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(model_dir, copy)
    return copy


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return small_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def trained_model_dir(corpus_dir, tmp_path_factory) -> Path:
    from taosha.train import trainer

    output = tmp_path_factory.mktemp("model")
    trainer.train([str(corpus_dir)], output=output)
    return output
