"""The saved model: the line model, the repair stage's part classifier and what they were made from, written
as arrays (an .npz, no pickles) and JSON, and read back with every check."""
from __future__ import annotations

import hashlib
import io
import json
import logging
import platform
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from taosha.classify import context_pass, first_pass
from taosha.classify.decision import DEFAULT_THRESHOLD, DecisionRule
from taosha.classify.features import DENSE_NAMES, FeatureSpace
from taosha.classify.line_model import LineModel
from taosha.classify.parts import InjectedParts
from taosha.classify.scoring import Linear, Trees
from taosha.errors import TaoshaError

log = logging.getLogger("taosha")
MODEL_FILE = "model.npz"
METADATA_FILE = "metadata.json"
FORMAT = "taosha-arrays/1"  # arrays in an .npz (no pickles) + their description in metadata.json


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
    def rule(self) -> DecisionRule:
        """The rule its presets were chosen under, at the model's default threshold."""
        return DecisionRule.of_model(self.metadata)

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


def library_versions() -> dict:
    import jieba
    import joblib
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "jieba": jieba.__version__, "joblib": joblib.__version__}


def model_arrays(saved: SavedModel) -> tuple[dict[str, np.ndarray], dict]:
    """Every number of the model as named arrays, and the description that says how to read them back."""
    space = saved.lines.features_
    arrays = {"features.lexicon": space.lexicon_, "features.word_idf": space.word_idf_,
              "features.char_idf": space.char_idf_}
    arrays |= {f"first_pass.{k}": v for k, v in saved.lines.first_.arrays().items()}
    arrays |= {f"context_pass.{k}": v for k, v in saved.lines.context_.arrays().items()}
    layout = {
        "format": FORMAT,
        "features": {"kind": "hashed-tfidf", "char_bits": space.char_bits, "word_bits": space.word_bits,
                     "max_word": space.max_word, "min_df": space.min_df, "dense": DENSE_NAMES,
                     "segmenter": "jieba dictionary, forward maximum matching (taosha.classify.segment)"},
        "first_pass": {"kind": "linear", "fitted": "LogisticRegression", **first_pass.FIRST_PASS},
        "context_pass": {"kind": "trees", "fitted": "HistGradientBoostingClassifier", "window": context_pass.WINDOW,
                         **context_pass.CONTEXT_PASS},
        "injected_parts": None,
    }
    if saved.parts is not None:
        arrays |= {f"injected_parts.{k}": v for k, v in saved.parts.arrays().items()}
        layout["injected_parts"] = {"kind": "linear-parts", **saved.parts.get_params()}
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
    return Path(__file__).resolve().parents[2] / "model"


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
    DecisionRule.of_model(metadata, str(metadata_file))
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
    space = FeatureSpace(f["char_bits"], f["word_bits"], f["max_word"], f["min_df"])
    space.lexicon_, space.word_idf_, space.char_idf_ = (arrays[f"features.{name}"]
                                                        for name in ("lexicon", "word_idf", "char_idf"))
    first = Linear.from_arrays(group("first_pass"))
    dense_width = len(f["dense"])
    if len(first.coef) != dense_width + (1 << space.word_bits) + (1 << space.char_bits):
        raise ValueError("first pass weights do not fit the features")
    trees = Trees.from_arrays(group("context_pass"))
    trees.check(context_pass.context_columns(dense_width, layout["context_pass"]["window"]))
    parts = None
    if layout.get("injected_parts") is not None:
        parts = InjectedParts.from_arrays(group("injected_parts"), layout["injected_parts"])
    return LineModel.fitted(space, first, trees), parts


def model_arrays_names(layout: dict) -> list[str]:
    names = ["features.lexicon", "features.word_idf", "features.char_idf"]
    names += [f"first_pass.{k}" for k in Linear.ARRAYS] + [f"context_pass.{k}" for k in Trees.ARRAYS]
    if layout.get("injected_parts") is not None:
        names += [f"injected_parts.{k}" for k in InjectedParts.ARRAYS]
    return names
