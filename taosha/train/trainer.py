"""Training stage: gather labeled pages, measure on a held-out split by page, fit on all, save."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from taosha.classify import classify_pages
from taosha.classify.decision import decide, line_length
from taosha.classify.saved import save
from taosha.errors import TaoshaError
from taosha.measure import evaluation
from taosha.readers.corpora import format_coverage, project_corpora, read_corpora
from taosha.readers.gold import read_gold_dir
from taosha.readers.labeled import GOLD, OVERLAYS, label_only_folders, read_labeled_dirs
from taosha.record import Label, Page
from taosha.train import fit

log = logging.getLogger("taosha")


@dataclass
class TrainResult:
    output: Path
    pages: int
    lines: int
    holdout: evaluation.Scores
    metadata: dict


def gather(dirs: list[str], corpora: str | None, lines: str = "html") -> tuple[list[Page], dict]:
    """Labeled pages from the folders, plus the public pages of the corpora: their silver labels corrected by
    the overlays, and their gold labels, both label-only folders found among or beside the labels
    (`overlays/`, `real/`).

    The public pages are read from their HTML by taosha's reader (`lines="html"`), as `classify` will read
    pages, with the silver tags projected onto those lines; `lines="silver"` takes the silver files' lines."""
    pages = read_labeled_dirs(dirs)
    used = {"labeled": [str(d) for d in dirs], "corpora": None}
    if corpora:
        if not Path(corpora).is_dir():
            raise TaoshaError(f"{corpora}: no such corpora folder")
        overlays = next(iter(label_only_folders(dirs, OVERLAYS)), None)
        public, coverage = _public_pages(corpora, overlays, lines) if overlays or not _gold_only(dirs) else ([], None)
        gold = [page for folder in label_only_folders(dirs, GOLD) for page in read_gold_dir(folder, corpora)]
        used["corpora"] = {"path": str(corpora), "pages": len(public), "lines": lines,
                           "overlays": str(overlays) if overlays else None, "coverage": coverage,
                           "gold_pages": len(gold)}
        pages += public + gold
    if not pages:
        raise TaoshaError("no labeled pages found in " + ", ".join(dirs))
    return pages, used


def _gold_only(dirs: list[str]) -> bool:
    """Every folder given is a folder of gold labels: the silver pages were not asked for."""
    return all(Path(d).name == GOLD for d in dirs)


def _public_pages(corpora: str, overlays: Path | None, lines: str) -> tuple[list[Page], dict | None]:
    if lines != "html":
        return read_corpora(corpora, overlays, lines), None
    public, coverage = project_corpora(corpora, overlays)
    for corpus, figures in coverage.items():
        log.info("%s", format_coverage(corpus, figures))
    return public, {corpus: asdict(figures) for corpus, figures in coverage.items()}


def train(dirs: list[str], corpora: str | None = None, output: str | Path = "model") -> TrainResult:
    pages, used = gather(dirs, corpora)
    found = len({fit.original_page(page) for page in pages})
    if found < fit.MIN_TRAINING_PAGES:
        raise TaoshaError(f"training needs at least {fit.MIN_TRAINING_PAGES} labeled pages (2 to fit, 1 held out "
                          f"to choose the thresholds on), found {found}")
    log.info("training on %d pages (%d lines)", len(pages), sum(len(p.lines) for p in pages))
    fitting, held_out = fit.holdout_split(pages)
    trial = fit.fit_saved(fitting)
    # Half the held-out pages choose the keep-content and remove-junk points, the other half measure.
    validation, test = held_out[::2], held_out[1::2]
    # The presets are chosen under the short-line rule that fit_saved records in every model it makes.
    decide(validation, trial.lines.junk_probabilities(validation), trial.rule)
    lines = [line for page in validation for line in page.text_lines]
    junk = np.array([l.tag.label is Label.JUNK for l in lines])
    presets, presets_note = fit.safe_presets(np.array([l.junk_probability for l in lines]), junk,
                                             np.array([line_length(l) for l in lines]),
                                             fit.sample_weights(validation, junk.astype(int)), trial.rule)
    if presets_note.startswith("not chosen"):
        log.warning("taosha: warning: presets %s", presets_note)
    threshold = presets["balanced"]
    holdout = evaluation.score_lines(list(classify_pages(trial, test, threshold)))
    log.info("%s", held_out_summary(holdout))
    metadata = {
        "taosha_model": 1,
        "threshold": threshold,
        "presets": presets,
        "presets_note": presets_note,
        "data": dict(used, digest=fit.data_digest(pages), pages=len(pages),
                     lines=sum(len(p.lines) for p in pages),
                     lines_per_tag=dict(Counter(l.tag.value for p in pages for l in p.lines))),
        "holdout": dict(asdict(holdout), split=f"{fit.HOLDOUT_SHARE:.0%} of pages held out "
                        f"(GroupShuffleSplit random_state={fit.RANDOM_STATE}); presets chosen on every "
                        "other held-out page, figures measured on the rest"),
    }
    saved = save(fit.fit_saved(pages, metadata), output)
    return TrainResult(saved, len(pages), metadata["data"]["lines"], holdout, metadata)


def held_out_summary(holdout: evaluation.Scores) -> str:
    """The held-out figures in a line, "-" where they have nothing to count, as in the table."""
    figures = (f"junk F1 {evaluation._figure(holdout.junk_f1).strip()}, "
               f"content kept {evaluation._figure(holdout.content_kept).strip()}")
    if not holdout.pages:  # under 6 pages the one page held out chooses the presets
        return f"held-out pages: none left to measure on after choosing the presets ({figures})"
    return f"held-out pages: {figures}"


def format_result(result: TrainResult) -> str:
    lines = [f"trained on {result.pages} pages, {result.lines} lines; saved to {result.output}",
             "held-out pages (measured before the final fit on all pages):"]
    lines += evaluation.format_table({"held-out": result.holdout})
    return "\n".join(lines)
