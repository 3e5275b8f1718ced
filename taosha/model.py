"""Model stage: features -> first pass -> context pass, fitted, saved as arrays and JSON, loaded."""
from __future__ import annotations

import hashlib
import io
import json
import logging
import platform
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from taosha import context
from taosha.context import Scored, neighbour_scores
from taosha.errors import TaoshaError
from taosha.features import DENSE_NAMES, FeatureSpace
from taosha.record import Label, Line, Page
from taosha.repair import AffixMemory, InjectedParts, repair_pages
from taosha.scoring import Linear, Trees

log = logging.getLogger("taosha")
MODEL_FILE = "model.npz"
METADATA_FILE = "metadata.json"
FORMAT = "taosha-arrays/1"  # arrays in an .npz (no pickles) + their description in metadata.json
DEFAULT_THRESHOLD = 0.5  # a line is junk when its junk probability reaches this (see says_junk)
# A short line needs more certainty to be cut: losing a headline, heading, table row or signature leaves a hole
# in the text, while keeping a short junk line adds few characters. Under SHORT_LINE characters the junk odds
# the threshold asks for grow, up to e**SHORT_LINE_LOG_ODDS times at no length (0.5 -> 0.95). Chosen
# leave-one-source-out (training/short_lines.py, README "Short lines"): more content lines kept at little
# cost in character F1.
SHORT_LINE = 30
SHORT_LINE_LOG_ODDS = 3.0
# Operating points chosen on held-out pages at training time (see choose_presets).
KEEP_CONTENT_TARGET = 0.99  # "keep-content": the most junk removed while keeping this share of content lines
REMOVE_JUNK_TARGET = 0.98  # "remove-junk": the most content kept while removing this share of junk lines
HOLDOUT_SHARE = 0.2  # pages kept out of the fit to measure the model before the final fit
# The fewest pages (a page and its augmented variants count once) `taosha train` takes: the trial model's fit
# needs 2, as its first pass is scored out of fold page by page, and the held-out share is at least 1 page,
# on which the presets are chosen. Held-out figures need one more held-out page, from 6 pages on.
MIN_TRAINING_PAGES = 3
RANDOM_STATE = 0


@dataclass
class LineModel:
    """The line classifier: hashed features, a linear first pass, a tree-ensemble context pass."""

    space: FeatureSpace
    first: Linear
    context: Trees

    def junk_probabilities(self, pages: list[Page]) -> np.ndarray:
        """The junk probability of every text line of the pages, in order."""
        pages = [page for page in pages if page.text_lines]
        if not pages:
            return np.zeros(0)
        featured = self.space.featurize(pages)
        scored = Scored(self.first.decision(featured), featured.dense, featured.page_of_line, featured.bigrams)
        return self.context.probability(neighbour_scores(scored))

    def wording(self, texts: list[str]) -> np.ndarray:
        """First-pass junk log-odds of each text read as a page of one line: what its words alone say.
        The repair stage asks this of the parts of kept lines (a gambling site's name glued on is spam)."""
        scores = np.zeros(len(texts))
        at = [i for i, text in enumerate(texts) if text.strip()]
        if at:
            scores[at] = self.first.decision(self.space.featurize_lines([[Line(texts[i], 1)] for i in at]))
        return scores


def junk_targets(pages: list[Page]) -> np.ndarray:
    """1 for a junk line, 0 for content, over the text lines of every page in order."""
    return np.array([line.tag.label is Label.JUNK for page in pages for line in page.text_lines], dtype=int)


# A source (a site, an outlet, a folder of pages) weighs its pages' count to this power: 0.5 lets one site's
# 89 pages count for more than a site of one page, but not 89 times more, so one template does not set
# what a page looks like. Chosen on real pages, outlets held out (README, "Accuracy on real pages").
SOURCE_POWER = 0.5
# A variant page (taosha.variants) weighs this much of a real page: enough to teach a line alone or without
# its frame, not so much that the real pages' own look stops deciding.
VARIANT_WEIGHT = 0.5


def sample_weights(pages: list[Page], y: np.ndarray) -> np.ndarray:
    """Each line weighs 1/sqrt(lines in its page), a page 1/(pages of its source)^SOURCE_POWER, then content
    and junk are balanced: a portal page's 400 navigation links must not outvote forty short pages, nor one
    site's many pages the sites of few, nor junk outvote content. A page's variants count as that page."""
    pages_of = Counter(page.source for page in pages if not page.augmented)
    sizes = np.concatenate([np.full(len(p.text_lines), len(p.text_lines), dtype=float) for p in pages])
    shares = np.concatenate([np.full(len(p.text_lines), max(pages_of[p.source], 1) ** -SOURCE_POWER)
                             for p in pages])
    made = np.concatenate([np.full(len(p.text_lines), VARIANT_WEIGHT if p.augmented else 1.0) for p in pages])
    weights = made * shares / np.sqrt(sizes)
    for cls in (0, 1):
        weights[y == cls] *= 0.5 * weights.sum() / weights[y == cls].sum()
    return weights * len(weights) / weights.sum()


def fit(pages: list[Page]) -> LineModel:
    if len(pages) < 2:
        raise TaoshaError(f"training needs at least 2 labeled pages, found {len(pages)}")
    y = junk_targets(pages)
    if len(set(y)) < 2:
        raise TaoshaError("training needs both content and junk lines")
    weights = sample_weights(pages, y)
    space = FeatureSpace().fit(pages)
    # A page and its variants fall in one fold, or the first pass would have seen the lines it scores.
    originals = {name: index for index, name in enumerate(dict.fromkeys(map(original_page, pages)))}
    groups = np.repeat([originals[original_page(page)] for page in pages], [len(p.text_lines) for p in pages])
    first, scored = context.fit_first_pass(space.featurize(pages), y, weights, groups)
    return LineModel(space, first, context.fit_context_pass(scored, y, weights))


def original_page(page: Page) -> str:
    """The page a page was made from: itself, or for an augmented variant `x.script.tsv` the page `x`."""
    return f"{page.source}/{Path(page.doc).name.split('.')[0]}"


def holdout_split(pages: list[Page], random_state: int = RANDOM_STATE) -> tuple[list[Page], list[Page]]:
    """Split by page, never by line: boilerplate repeats within a page and would leak across a line split.
    A page's augmented variants fall on its side; only real pages are held out for measuring."""
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=HOLDOUT_SHARE, random_state=random_state)
    train, test = next(splitter.split(pages, groups=[original_page(page) for page in pages]))
    return [pages[i] for i in train], [pages[i] for i in test if not pages[i].augmented]


def says_junk(probabilities, lengths, threshold, short_line: int = SHORT_LINE,
              log_odds: float = SHORT_LINE_LOG_ODDS):
    """Whether each line is junk at the threshold, given its junk probability and its length in characters
    (stripped): the probability must reach the threshold, raised for lines under short_line characters by
    up to log_odds at no length (see SHORT_LINE). Arrays broadcast, so one call can try many thresholds."""
    lengths = np.asarray(lengths, dtype=float)
    lift = np.exp(log_odds * np.clip(1 - lengths / short_line, 0, 1))
    needed = threshold * lift / (threshold * lift + 1 - threshold)  # the threshold's odds times lift
    return np.asarray(probabilities) >= needed


def line_length(line: Line) -> int:
    return len(line.text.strip())


def decision_rule(metadata: dict, where: str = "model") -> dict:
    """says_junk's short_line and log_odds as a saved model records them: its presets were chosen under
    them, so a later change of the defaults must not relabel its lines. A model saved before the rule has
    none and is decided by a flat threshold, as its presets were chosen."""
    rule = metadata.get("short_line", {"short_line": SHORT_LINE, "log_odds": 0.0})
    try:
        short_line, log_odds = int(rule["short_line"]), float(rule["log_odds"])
    except (KeyError, TypeError, ValueError):
        short_line, log_odds = 0, -1.0
    if short_line < 1 or not 0.0 <= log_odds <= 20.0:
        raise TaoshaError(f"{where}: bad short_line rule {rule!r} (short_line >= 1, log_odds 0 to 20)")
    return {"short_line": short_line, "log_odds": log_odds}


def label_lines(lines: list[Line], threshold: float, **rule) -> None:
    """Label lines that have their junk probability, as says_junk decides (rule: its short-line numbers)."""
    junk = says_junk([line.junk_probability for line in lines], [line_length(line) for line in lines],
                     threshold, **rule)
    for line, is_junk in zip(lines, junk):
        line.label = Label.JUNK if is_junk else Label.CONTENT


def label_pages(model: LineModel, pages: list[Page], threshold: float = DEFAULT_THRESHOLD, **rule) -> list[Page]:
    """Set each line's junk probability and label (rule: see label_lines); blank lines are junk with
    certainty (nothing to keep)."""
    probabilities = iter(model.junk_probabilities(pages))
    for page in pages:
        for line in page.lines:
            line.junk_probability = 1.0 if line.is_blank else float(next(probabilities))
    label_lines([line for page in pages for line in page.lines], threshold, **rule)
    return pages


def data_digest(pages: list[Page]) -> str:
    """sha256 over every labeled row, so a model says exactly which data it learned from."""
    digest = hashlib.sha256()
    # Keyed by source and file name, not the path, so a clone anywhere gives the same digest.
    for page in sorted(pages, key=lambda p: f"{p.source}/{Path(p.doc).name}"):
        digest.update(f"{page.source}/{Path(page.doc).name}".encode())
        for line in page.lines:
            digest.update(f"\n{line.tag.value}\t{line.text}\t{'|'.join(line.injected)}".encode())
    return digest.hexdigest()


def choose_presets(probabilities: np.ndarray, junk: np.ndarray, lengths: np.ndarray,
                   weights: np.ndarray | None = None, **rule) -> dict[str, float]:
    """Thresholds for three operating points. "balanced" is the point the class-balanced model is trained
    for (leave-one-source-out puts its best junk F1 + content kept there); the other two are chosen from
    junk probabilities of held-out lines and their truth, lines weighted as in training so that one
    portal's navigation does not choose them. Short lines are decided by the rule (see says_junk), which
    the model must then record."""
    weights = np.ones(len(junk)) if weights is None else weights
    candidates = np.unique(np.round(np.concatenate([probabilities, [DEFAULT_THRESHOLD]]), 3))
    said_junk = says_junk(probabilities[None, :], lengths[None, :], candidates[:, None], **rule)
    recall = (said_junk & junk) @ weights / max(weights[junk].sum(), 1e-9)
    kept = (~said_junk & ~junk) @ weights / max(weights[~junk].sum(), 1e-9)
    keep = np.flatnonzero(kept >= KEEP_CONTENT_TARGET)
    remove = np.flatnonzero(recall >= REMOVE_JUNK_TARGET)
    keep_content = float(candidates[keep[np.argmax(recall[keep])]] if keep.size else candidates[-1])
    remove_junk = float(candidates[remove[np.argmax(kept[remove])]] if remove.size else candidates[0])
    # A preset never leans the other way than its name: keep-content keeps at least what balanced keeps.
    return {"balanced": DEFAULT_THRESHOLD, "keep-content": max(keep_content, DEFAULT_THRESHOLD),
            "remove-junk": min(remove_junk, DEFAULT_THRESHOLD)}


@dataclass
class SavedModel:
    """The line classifier, the injected-part classifier of the repair stage, and what they were made from."""

    lines: LineModel
    parts: InjectedParts | None
    metadata: dict

    @property
    def threshold(self) -> float:
        return float(self.metadata.get("threshold", DEFAULT_THRESHOLD))

    @property
    def presets(self) -> dict[str, float]:
        return dict(self.metadata.get("presets", {}))

    @property
    def rule(self) -> dict:
        return decision_rule(self.metadata)

    def resolve_threshold(self, choice: str | None) -> float:
        """A threshold from a preset name or a number in [0, 1]; the model's default when None."""
        if choice is None:
            return self.threshold
        if choice in self.presets:
            return self.presets[choice]
        try:
            value = float(choice)
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0:
            names = ", ".join(self.presets) or "none"
            raise TaoshaError(f"bad threshold {choice!r}: a number from 0 to 1 or a preset ({names})")
        return value


# Fit on each page's variants too (taosha.variants): the article without its frame, alone, hard-wrapped.
VARIANTS = True


def fit_saved(pages: list[Page], metadata: dict | None = None) -> SavedModel:
    """The line model and the repair stage's part classifier (which asks the line model how parts read), both
    fitted on the pages, the line model on their variants too."""
    from taosha.variants import with_variants

    line_model = fit(with_variants(pages) if VARIANTS else pages)
    metadata = {"short_line": {"short_line": SHORT_LINE, "log_odds": SHORT_LINE_LOG_ODDS},
                "variants": VARIANTS and VARIANT_WEIGHT, "source_power": SOURCE_POWER, **(metadata or {})}
    return SavedModel(line_model, InjectedParts().fit(pages, line_model.wording), metadata)


def library_versions() -> dict:
    import jieba
    import joblib
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "jieba": jieba.__version__, "joblib": joblib.__version__}


def model_arrays(saved: SavedModel) -> tuple[dict[str, np.ndarray], dict]:
    """Every number of the model as named arrays, and the description that says how to read them back."""
    space = saved.lines.space
    arrays = {"features.lexicon": space.lexicon, "features.word_idf": space.word_idf,
              "features.char_idf": space.char_idf}
    arrays |= {f"first_pass.{k}": v for k, v in saved.lines.first.arrays().items()}
    arrays |= {f"context_pass.{k}": v for k, v in saved.lines.context.arrays().items()}
    layout = {
        "format": FORMAT,
        "features": {"kind": "hashed-tfidf", "char_bits": space.char_bits, "word_bits": space.word_bits,
                     "max_word": space.max_word, "min_df": space.min_df, "dense": DENSE_NAMES,
                     "segmenter": "jieba dictionary, forward maximum matching (taosha.segment)"},
        "first_pass": {"kind": "linear", "fitted": "LogisticRegression", **context.FIRST_PASS},
        "context_pass": {"kind": "trees", "fitted": "HistGradientBoostingClassifier", "window": context.WINDOW,
                         **context.CONTEXT_PASS},
        "injected_parts": None,
    }
    if saved.parts is not None:
        arrays |= {f"injected_parts.{k}": v for k, v in saved.parts.arrays().items()}
        layout["injected_parts"] = {"kind": "linear-parts", **saved.parts.parameters()}
    return arrays, layout


def save(model: SavedModel, directory: str | Path) -> Path:
    from taosha.writers import atomic_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    arrays, layout = model_arrays(model)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    with atomic_file(directory / MODEL_FILE, "wb") as out:
        out.write(buffer.getvalue())
    metadata = dict(model.metadata, layout=layout, versions=library_versions(),
                    sha256=file_digest(directory / MODEL_FILE))
    with atomic_file(directory / METADATA_FILE, encoding="utf-8") as out:
        out.write(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")
    return directory


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shipped_model_dir() -> Path:
    """The model shipped with taosha: package data when installed, the repository's model/ otherwise."""
    from importlib import resources

    installed = Path(str(resources.files("taosha"))) / "model_files"
    if (installed / MODEL_FILE).exists():
        return installed
    return Path(__file__).resolve().parent.parent / "model"


def _warn_on_version_drift(saved: dict) -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        running = version("scikit-learn")
    except PackageNotFoundError:
        return
    if saved.get("scikit-learn") and saved["scikit-learn"] != running:
        log.warning("taosha: warning: model saved with scikit-learn %s, running %s: results may differ",
                    saved["scikit-learn"], running)


def load(directory: str | Path | None = None) -> SavedModel:
    """Read a saved model. Its file holds arrays only (read with allow_pickle=False, so loading runs no
    code from it), must match the sha256 in its metadata, and must have exactly the arrays it describes."""
    directory = Path(directory) if directory else shipped_model_dir()
    if directory.is_file():
        directory = directory.parent
    model_file, metadata_file = directory / MODEL_FILE, directory / METADATA_FILE
    for needed in (model_file, metadata_file):
        if not needed.exists():
            raise TaoshaError(f"{needed}: no model here (train one with `taosha train`)")
    try:
        metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise TaoshaError(f"{metadata_file}: cannot read the model description ({error.strerror or error})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise TaoshaError(f"{metadata_file}: not a taosha model description ({error})") from None
    check_metadata(metadata, str(metadata_file))
    if metadata["layout"].get("format") != FORMAT:
        raise TaoshaError(f"{metadata_file}: unknown model format {metadata['layout'].get('format')!r} "
                          f"(this taosha reads {FORMAT}); retrain with `taosha train`")
    try:
        digest = file_digest(model_file)
    except OSError as error:
        raise TaoshaError(f"{model_file}: cannot read the model file ({error.strerror or error})") from None
    if metadata.get("sha256") != digest:
        raise TaoshaError(f"{model_file}: sha256 does not match {metadata_file}; refusing to load a changed "
                          "or foreign model file (retrain it, or restore both files together)")
    decision_rule(metadata, str(metadata_file))
    _warn_on_version_drift(metadata.get("versions", {}))
    # A file that is not a whole .npz (zip) archive, a cut-short one included: np.load would read it as a
    # pickle and blame allow_pickle.
    unreadable = f"{model_file}: not a readable model array file"
    if not zipfile.is_zipfile(model_file):
        raise TaoshaError(f"{unreadable} (not a whole .npz archive)")
    try:
        with np.load(model_file, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        return SavedModel(*from_arrays(arrays, metadata["layout"]), metadata)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:  # a damaged archive or member
        raise TaoshaError(f"{unreadable} ({error})") from None
    except (ValueError, KeyError, TypeError, OSError) as error:
        raise TaoshaError(f"{model_file}: refusing to load: {error}") from None


def check_metadata(metadata, where: str) -> None:
    """Refuse a description whose fields loading and labeling read have the wrong type or range, in one line
    naming the field: a hand edit must not end in a traceback, nor label every line alike (threshold 7)."""
    def check(field: str, value, fits: bool, expected: str) -> None:
        if not fits:
            raise TaoshaError(f"{where}: bad {field} {value!r} ({expected})")

    def number(value, low: float, high: float, kind=(int, float)) -> bool:
        return isinstance(value, kind) and not isinstance(value, bool) and low <= value <= high

    check("model description", metadata, isinstance(metadata, dict), "a JSON object")
    layout = metadata.get("layout")
    check("layout", layout, isinstance(layout, dict), "a JSON object")
    parts = {part: layout[part] for part in _EXPECTED_KINDS if layout.get(part) is not None}
    objects = {field: metadata.get(field, {}) for field in ("versions", "presets")}
    for field, value in (objects | {f"layout.{part}": value for part, value in parts.items()}).items():
        check(field, value, isinstance(value, dict), "a JSON object")
    for part, keys in _WHOLE_NUMBERS.items():
        for key in keys if part in parts else ():
            value = parts[part].get(key)
            check(f"layout.{part}.{key}", value, number(value, 1, 64, int), "a whole number from 1 to 64")
    probabilities = {"threshold": metadata.get("threshold", DEFAULT_THRESHOLD)}
    probabilities |= {f"preset {name!r}": value for name, value in objects["presets"].items()}
    if "cut_probability" in parts.get("injected_parts", {}):
        probabilities["layout.injected_parts.cut_probability"] = parts["injected_parts"]["cut_probability"]
    for field, value in probabilities.items():
        check(field, value, number(value, 0.0, 1.0), "a number from 0 to 1")


# Layout numbers that size arrays or drive loops when labeling: small whole numbers.
_WHOLE_NUMBERS = {"features": ("char_bits", "word_bits", "max_word"), "context_pass": ("window",),
                  "injected_parts": ("char_bits",)}
_EXPECTED_KINDS = {"features": "hashed-tfidf", "first_pass": "linear", "context_pass": "trees",
                   "injected_parts": "linear-parts"}


def from_arrays(arrays: dict[str, np.ndarray], layout: dict) -> tuple[LineModel, InjectedParts | None]:
    """Rebuild the model from its arrays, refusing any kind, array or number type it does not know."""
    for part, kind in _EXPECTED_KINDS.items():
        if part == "injected_parts" and layout.get(part) is None:
            continue
        if (layout.get(part) or {}).get("kind") != kind:
            raise ValueError(f"unknown {part} kind {(layout.get(part) or {}).get('kind')!r}")
    for name, array in arrays.items():
        if array.dtype.kind not in "fiub":
            raise ValueError(f"array {name} has type {array.dtype}, not numbers")
    expected = set(model_arrays_names(layout))
    if set(arrays) != expected:
        raise ValueError(f"unexpected arrays {sorted(set(arrays) ^ expected)}")
    def group(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix) + 1 :]: v for k, v in arrays.items() if k.startswith(prefix + ".")}

    f = layout["features"]
    space = FeatureSpace(f["char_bits"], f["word_bits"], f["max_word"], f["min_df"], arrays["features.lexicon"],
                         arrays["features.word_idf"], arrays["features.char_idf"])
    first = Linear.from_arrays(group("first_pass"))
    dense_width = len(f["dense"])
    if len(first.coef) != dense_width + (1 << space.word_bits) + (1 << space.char_bits):
        raise ValueError("first pass weights do not fit the features")
    trees = Trees.from_arrays(group("context_pass"))
    trees.check(context.context_columns(dense_width, layout["context_pass"]["window"]))
    parts = None
    if layout.get("injected_parts") is not None:
        parts = InjectedParts.from_arrays(group("injected_parts"), layout["injected_parts"])
    return LineModel(space, first, trees), parts


def model_arrays_names(layout: dict) -> list[str]:
    names = ["features.lexicon", "features.word_idf", "features.char_idf"]
    names += [f"first_pass.{k}" for k in Linear.ARRAYS] + [f"context_pass.{k}" for k in Trees.ARRAYS]
    if layout.get("injected_parts") is not None:
        names += [f"injected_parts.{k}" for k in InjectedParts.ARRAYS]
    return names


BATCH_LINES = 4000  # lines scored per model call: amortises numpy's per-call cost, bounds memory


def classify_pages(saved: SavedModel, pages, threshold: float | None = None):
    """Label and repair pages in input order, a batch at a time, remembering repeated affixes across the run."""
    threshold = saved.threshold if threshold is None else threshold
    for batch, affixes in learnt_batches(pages):
        yield from classify_batch(saved, batch, affixes, threshold)


def learnt_batches(pages):
    """(batch, each page's repeated affixes) in input order: the memory of affixes must see every page of
    the run in order, so it runs here, before a batch goes to whatever labels it."""
    memory = AffixMemory()
    for batch in batched(pages):
        yield batch, [memory.learn(page) for page in batch]


def classify_batch(saved: SavedModel, batch: list[Page], affixes: list[set[str]], threshold: float) -> list[Page]:
    label_pages(saved.lines, batch, threshold, **saved.rule)
    return repair_pages(batch, affixes, saved.parts, saved.lines.wording)


def batched(pages, lines: int | None = None):
    """Lists of consecutive pages holding about `lines` lines (a longer page is a batch of its own)."""
    lines = lines or BATCH_LINES
    batch, held = [], 0
    for page in pages:
        batch.append(page)
        held += len(page.lines)
        if held >= lines:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
