"""Leave-one-source-out evaluation: train without a source, measure on it, for every source in turn."""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from taosha.classify import classify_pages
from taosha.classify.decision import DEFAULT_THRESHOLD, DecisionRule, label_lines
from taosha.classify.saved import METADATA_FILE
from taosha.measure import evaluation
from taosha.measure.baselines import BASELINES
from taosha.record import Page
from taosha.train.fit import data_digest, fit_saved

log = logging.getLogger("taosha")
METHOD = "taosha"
PUBLIC = "corpora/"  # the source prefix of public pages: real pages, which the real-page evaluation holds out


@dataclass
class CrossValidation:
    """Figures per held-out source for taosha and each baseline, and their macro averages."""

    by_source: dict[str, dict[str, evaluation.Scores]]  # source -> method -> scores
    macro: dict[str, dict[str, float | None]]  # method -> figure -> mean over sources
    held_out_pages: list[Page]  # taosha's labels on every page, each labeled by a model that never saw its source


def macro_average(scores: list[evaluation.Scores], figures=None) -> dict[str, float | None]:
    averages = {}
    for key, _ in figures or evaluation.HEADLINE:
        values = [getattr(s, key) for s in scores if getattr(s, key) is not None]
        averages[key] = sum(values) / len(values) if values else None
    return averages


def hold_out(pages: list[Page], source: str, threshold: float) -> tuple[list[Page], dict]:
    """Train without the source, then label its real pages (variants of them are held out too)."""
    held_out, scores = hold_out_sources(pages, {source}, threshold)
    return held_out, scores[source]


def hold_out_sources(pages: list[Page], sources: set[str], threshold: float) -> tuple[list[Page], dict]:
    """Train without the sources, label their pages (not variants), and score each source for taosha and
    every baseline: (the labeled pages, source -> method -> scores)."""
    held_out = [page for page in pages if page.source in sources and not page.augmented]
    fitting = [page for page in pages if page.source not in sources]
    log.info("holding out %s (%d pages), training on %d pages", ", ".join(sorted(sources)), len(held_out),
             len(fitting))
    trial = fit_saved(fitting)
    held_out = list(classify_pages(trial, held_out, threshold))
    labeled = {METHOD: held_out}
    labeled |= {name: [label(copy.deepcopy(page)) for page in held_out] for name, label in BASELINES.items()}
    scores = {source: {method: evaluation.score_lines([p for p in group if p.source == source])
                       for method, group in labeled.items()} for source in sorted(sources)}
    return held_out, scores


def cross_validate(pages: list[Page], threshold: float = DEFAULT_THRESHOLD,
                   workers: int = 1) -> CrossValidation:
    from joblib import Parallel, delayed

    # The public pages' outlets are the real-page yardstick's to hold out (cross_validate_real); here they only
    # train, unless there is nothing else to hold out.
    sources = sorted({page.source for page in pages if not page.augmented and not page.source.startswith(PUBLIC)})
    sources = sources or sorted({page.source for page in pages if not page.augmented})
    runs = Parallel(n_jobs=workers)(delayed(hold_out)(pages, source, threshold) for source in sources)
    by_source = {source: scores for source, (_, scores) in zip(sources, runs)}
    labeled = [page for held_out, _ in runs for page in held_out]
    methods = [METHOD, *BASELINES]
    macro = {m: macro_average([by_source[s][m] for s in sources]) for m in methods}
    return CrossValidation(by_source, macro, labeled)


REAL_FIGURES = [("junk_f1", "junk F1"), ("content_kept", "kept"), ("page_char_f1", "page F1"),
                ("m_injected_cut", "M inj cut"), ("m_real_cut", "M real cut")]
REAL_FOLDS = 10


def group_folds(pages: list[Page], folds: int) -> list[set[str]]:
    """The public pages' outlets dealt into folds of about equal lines, largest outlet first: an outlet's
    pages are never on both sides of a split."""
    lines: dict[str, int] = {}
    for page in pages:
        if page.source.startswith(PUBLIC) and not page.augmented:
            lines[page.source] = lines.get(page.source, 0) + len(page.lines)
    dealt = [(set(), 0) for _ in range(min(folds, len(lines)))]
    for source in sorted(lines, key=lambda s: (-lines[s], s)):
        at = min(range(len(dealt)), key=lambda i: (dealt[i][1], i))
        dealt[at] = (dealt[at][0] | {source}, dealt[at][1] + lines[source])
    return [sources for sources, _ in dealt]


def cross_validate_real(pages: list[Page], folds: int = REAL_FOLDS, threshold: float = DEFAULT_THRESHOLD,
                        workers: int = 1) -> CrossValidation:
    """Hold out the public pages' outlets a fold at a time; every other page, written pages included, trains.
    Figures are per outlet and macro over outlets: the yardstick of how taosha does on sites it never saw."""
    from joblib import Parallel, delayed

    dealt = group_folds(pages, folds)
    if not dealt:
        from taosha.errors import TaoshaError

        raise TaoshaError("no public pages to hold out: give --corpora and the label folders")
    runs = Parallel(n_jobs=workers)(delayed(hold_out_sources)(pages, sources, threshold) for sources in dealt)
    by_source = {source: methods for _, scores in runs for source, methods in scores.items()}
    by_source = dict(sorted(by_source.items()))
    methods = [METHOD, *BASELINES]
    macro = {m: macro_average([r[m] for r in by_source.values()], REAL_FIGURES) for m in methods}
    return CrossValidation(by_source, macro, [page for held_out, _ in runs for page in held_out])


def format_real(cv: CrossValidation, folds: int) -> str:
    out = [f"real pages, outlets held out in {folds} folds (an outlet's pages never on both sides): each row is "
           "measured by a model that never saw its outlet", ""]
    width = max(len(s) for s in [*cv.by_source, "method"])
    head = " ".join(f"{h:>10}" for _, h in REAL_FIGURES)
    out.append(f"{'outlet':<{width}} {'pages':>5} {'lines':>6} {head}")
    for source, methods in cv.by_source.items():
        scores = methods[METHOD]
        figures = " ".join(f"{evaluation._figure(getattr(scores, k)):>10}" for k, _ in REAL_FIGURES)
        out.append(f"{source:<{width}} {scores.pages:>5} {scores.lines:>6} {figures}")
    out += ["", f"macro average over {len(cv.by_source)} outlets, same lines for every method:",
            f"{'method':<{width}} {'':>12} {head}"]
    for method, figures in cv.macro.items():
        out.append(f"{method:<{width}} {'':>12} " + " ".join(
            f"{evaluation._figure(figures[k]):>10}" for k, _ in REAL_FIGURES))
    for baseline in ("keep-all", "c4-rule"):
        better = [s for s, m in cv.by_source.items()
                  if (m[METHOD].page_char_f1 or 0) > (m[baseline].page_char_f1 or 0)]
        out.append(f"outlets where taosha's page F1 beats {baseline}: {len(better)} of {len(cv.by_source)}")
    return "\n".join(out)


def record_in_metadata(cv: CrossValidation, pages: list[Page], directory: str,
                       key: str = "leave_one_source_out") -> None:
    """Write the macro figures into a model's metadata.json, refusing a model trained on other data."""
    import json
    from dataclasses import asdict
    from pathlib import Path

    from taosha.errors import TaoshaError
    from taosha.writers import atomic_file

    path = Path(directory) / METADATA_FILE
    metadata = json.loads(path.read_text(encoding="utf-8"))
    if metadata.get("data", {}).get("digest") != data_digest(pages):
        raise TaoshaError(f"{path}: that model was trained on other data than this evaluation")
    pooled = evaluation.score_lines(cv.held_out_pages)
    metadata[key] = {
        "sources": len(cv.by_source), "macro": cv.macro,
        "injected_pooled": {k: asdict(pooled)[k] for k in ("injected_lines", "injected_removed", "real_removed",
                                                            "clean_chars_cut")},
    }
    with atomic_file(path, encoding="utf-8") as out:
        out.write(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n")


SWEEP = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97)


def threshold_sweep(cv: CrossValidation, thresholds=SWEEP) -> dict[float, dict[str, float | None]]:
    """taosha's macro figures had every held-out line been labeled at each threshold instead, short lines
    decided by the rule every trial model records (DecisionRule's defaults)."""
    sweep = {}
    for threshold in thresholds:
        relabeled = []
        for page in cv.held_out_pages:
            page = copy.copy(page)
            page.lines = [copy.copy(line) for line in page.lines]
            label_lines(page.lines, DecisionRule(threshold))
            relabeled.append(page)
        sources = sorted({page.source for page in relabeled})
        sweep[threshold] = macro_average(
            [evaluation.score_lines([p for p in relabeled if p.source == s]) for s in sources])
    return sweep


def format_cross_validation(cv: CrossValidation) -> str:
    out = ["leave-one-source-out: each row is measured on a source its model never saw", ""]
    out += evaluation.format_table({s: methods[METHOD] for s, methods in cv.by_source.items()})
    out += ["", "macro average over held-out sources, same lines for every method:"]
    width = max(len(m) for m in cv.macro)
    out.append(f"{'method':<{width}} " + " ".join(f"{h:>7}" for _, h in evaluation.HEADLINE))
    for method, figures in cv.macro.items():
        out.append(f"{method:<{width}} " + " ".join(
            f"{evaluation._figure(figures[key]):>7}" for key, _ in evaluation.HEADLINE))
    pooled = evaluation.score_lines(cv.held_out_pages)
    out += ["", (f"injected junk, all held-out sources pooled ({pooled.injected_lines} kept M lines): injected "
                 f"characters removed {evaluation._figure(pooled.injected_removed).strip()}, real characters "
                 f"wrongly removed {evaluation._figure(pooled.real_removed).strip()}; characters cut from kept C "
                 f"lines {evaluation._figure(pooled.clean_chars_cut).strip()}")]
    # Short lines are decided as classify decides them, so a row is not "p >= T" for every line: say so.
    rule = DecisionRule()
    rule = (f"junk from p >= T at {rule.short_line} characters or more; a shorter line needs higher odds, "
            f"up to e^{rule.log_odds:g} times T's, as in classify")
    out += ["", "taosha's macro average had the held-out lines been labeled at other thresholds T", f"({rule}):"]
    for threshold, figures in threshold_sweep(cv).items():
        out.append(f"{'T = ' + format(threshold, '.2f'):<{width}} " + " ".join(
            f"{evaluation._figure(figures[key]):>7}" for key, _ in evaluation.HEADLINE))
    return "\n".join(out)
