"""Model stage: one scikit-learn Pipeline (features -> first pass -> context pass), trained, saved, loaded."""
from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupShuffleSplit
from sklearn.pipeline import Pipeline

from taosha.context import ContextPass, FirstPass
from taosha.errors import TaoshaError
from taosha.features import LineFeatures
from taosha.record import Label, Page
from taosha.repair import InjectedParts

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
DEFAULT_THRESHOLD = 0.5  # a line is junk when its junk probability reaches this
HOLDOUT_SHARE = 0.2  # pages kept out of the fit to measure the model before the final fit
RANDOM_STATE = 0


def build_pipeline() -> Pipeline:
    return Pipeline([
        ("features", LineFeatures()),
        ("first_pass", FirstPass()),
        ("context", ContextPass()),
    ])


def junk_targets(pages: list[Page]) -> np.ndarray:
    """1 for a junk line, 0 for content, over the text lines of every page in order."""
    return np.array([line.tag.label is Label.JUNK for page in pages for line in page.text_lines], dtype=int)


def fit(pages: list[Page]) -> Pipeline:
    if len(pages) < 2:
        raise TaoshaError(f"training needs at least 2 labeled pages, found {len(pages)}")
    y = junk_targets(pages)
    if len(set(y)) < 2:
        raise TaoshaError("training needs both content and junk lines")
    return build_pipeline().fit(pages, y)


def original_page(page: Page) -> str:
    """The page a page was made from: itself, or for an augmented variant `x.script.tsv` the page `x`."""
    return f"{page.source}/{Path(page.doc).name.split('.')[0]}"


def holdout_split(pages: list[Page], random_state: int = RANDOM_STATE) -> tuple[list[Page], list[Page]]:
    """Split by page, never by line: boilerplate repeats within a page and would leak across a line split.
    A page's augmented variants fall on its side; only real pages are held out for measuring."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=HOLDOUT_SHARE, random_state=random_state)
    train, test = next(splitter.split(pages, groups=[original_page(page) for page in pages]))
    return [pages[i] for i in train], [pages[i] for i in test if not pages[i].augmented]


def junk_probabilities(model: Pipeline, pages: list[Page]) -> np.ndarray:
    """The junk probability of every text line of the pages, in order."""
    pages = [page for page in pages if page.text_lines]
    if not pages:
        return np.zeros(0)
    return model.predict_proba(pages)[:, 1]


def label_pages(model: Pipeline, pages: list[Page], threshold: float = DEFAULT_THRESHOLD) -> list[Page]:
    """Set each line's junk probability and label; blank lines are junk with certainty (nothing to keep)."""
    probabilities = iter(junk_probabilities(model, pages))
    for page in pages:
        for line in page.lines:
            line.junk_probability = 1.0 if line.is_blank else float(next(probabilities))
            line.label = Label.JUNK if line.junk_probability >= threshold else Label.CONTENT
    return pages


def data_digest(pages: list[Page]) -> str:
    """sha256 over every labeled row, so a model says exactly which data it learned from."""
    digest = hashlib.sha256()
    for page in sorted(pages, key=lambda p: p.doc):
        digest.update(page.doc.encode())
        for line in page.lines:
            digest.update(f"\n{line.tag.value}\t{line.text}\t{'|'.join(line.injected)}".encode())
    return digest.hexdigest()


def fit_parts(pages: list[Page]) -> InjectedParts:
    return InjectedParts().fit(pages)


@dataclass
class SavedModel:
    """The line classifier, the injected-part classifier of the repair stage, and what they were made from."""

    pipeline: Pipeline
    parts: InjectedParts | None
    metadata: dict

    @property
    def threshold(self) -> float:
        return float(self.metadata.get("threshold", DEFAULT_THRESHOLD))


def library_versions() -> dict:
    import jieba
    import joblib
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "jieba": jieba.__version__, "joblib": joblib.__version__}


def save(model: SavedModel, directory: str | Path) -> Path:
    import joblib

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump({"lines": model.pipeline, "injected_parts": model.parts}, directory / MODEL_FILE, compress=3)
    metadata = dict(model.metadata, versions=library_versions())
    (directory / METADATA_FILE).write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")
    return directory


def shipped_model_dir() -> Path:
    """The model shipped with taosha: package data when installed, the repository's model/ otherwise."""
    from importlib import resources

    try:
        installed = Path(str(resources.files("taosha.model_files")))
        if (installed / MODEL_FILE).exists():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "model"


def load(directory: str | Path | None = None) -> SavedModel:
    import joblib

    directory = Path(directory) if directory else shipped_model_dir()
    if directory.is_file():
        directory = directory.parent
    model_file, metadata_file = directory / MODEL_FILE, directory / METADATA_FILE
    for needed in (model_file, metadata_file):
        if not needed.exists():
            raise TaoshaError(f"{needed}: no model here (train one with `taosha train`)")
    metadata = json.loads(metadata_file.read_text())
    stored = joblib.load(model_file)
    return SavedModel(stored["lines"], stored["injected_parts"], metadata)


def classify_pages(saved: SavedModel, pages, threshold: float | None = None):
    """Label and repair pages one at a time, remembering repeated affixes across the run."""
    from taosha import repair

    memory = repair.AffixMemory()
    threshold = saved.threshold if threshold is None else threshold
    for page in pages:
        label_pages(saved.pipeline, [page], threshold)
        yield repair.repair_page(page, memory, saved.parts)
