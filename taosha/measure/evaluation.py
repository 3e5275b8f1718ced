"""Evaluation stage: how well the labels a model gave match the gold tags, per source and overall."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

from taosha.classify.decision import DecisionRule, line_length
from taosha.classify.line_model import LineModel
from taosha.errors import TaoshaError
from taosha.record import Label, Line, Page, Tag, injected_ranges

WORST_EXAMPLES = 10


@dataclass
class Scores:
    """Figures for one set of lines; None where a figure has nothing to count."""

    pages: int
    lines: int
    junk_precision: float | None
    junk_recall: float | None
    junk_f1: float | None
    content_kept: float | None  # share of content lines kept
    char_precision: float | None  # content precision / recall / F1 weighted by characters
    char_recall: float | None
    char_f1: float | None
    tag_accuracy: dict[str, float | None]
    confusion: dict[str, dict[str, int]]  # gold tag -> predicted label -> lines
    injected_lines: int = 0  # kept M lines whose injected parts are recorded
    injected_removed: float | None = None  # share of their injected characters cut
    real_removed: float | None = None  # share of their article characters wrongly cut
    clean_chars_cut: float | None = None  # share of characters cut from kept C lines (all of it wrong)
    page_char_f1: float | None = None  # mean over pages of the char-level F1 of each page's kept text
    m_lines: int = 0  # M lines whose injected parts are recorded, kept or not
    m_injected_cut: float | None = None  # share of their injected characters not in the kept text
    m_real_cut: float | None = None  # share of their article characters not in the kept text


@dataclass
class Example:
    doc: str
    line: int
    tag: str
    junk_probability: float
    text: str
    pushes: list[tuple[str, float]] = field(default_factory=list)  # first-pass inputs that pushed it most


@dataclass
class OperatingPoint:
    threshold: float
    junk_precision: float | None
    junk_recall: float | None
    content_kept: float | None


@dataclass
class Report:
    overall: Scores
    by_source: dict[str, Scores]
    worst: list[Example] = field(default_factory=list)
    operating_points: dict[str, OperatingPoint] = field(default_factory=dict)


def operating_points(pages: list[Page], thresholds: dict[str, float], rule: DecisionRule | None = None
                     ) -> dict[str, OperatingPoint]:
    """Junk precision / recall and content kept if the lines were labeled at each threshold instead, short
    lines decided by the rule (a model's; the default rule when None)."""
    rule = rule or DecisionRule()

    lines = [line for page in pages for line in page.lines if line.tag is not None]
    p = np.array([line.junk_probability for line in lines])
    lengths = np.array([line_length(line) for line in lines])
    junk = np.array([line.tag.label is Label.JUNK for line in lines], dtype=bool)
    points = {}
    for name, threshold in thresholds.items():
        said = rule.at(threshold).says_junk(p, lengths)
        points[name] = OperatingPoint(threshold, _ratio((said & junk).sum(), said.sum()),
                                      _ratio((said & junk).sum(), junk.sum()),
                                      _ratio((~said & ~junk).sum(), (~junk).sum()))
    return points


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator / denominator) if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None or precision + recall == 0:
        return None if precision is None or recall is None else 0.0
    return 2 * precision * recall / (precision + recall)


def injected_mask(line: Line) -> np.ndarray:
    """True at each character of the line that the labels say was injected."""
    mask = np.zeros(len(line.text), dtype=bool)
    for start, end in injected_ranges(line):
        mask[start:end] = True
    return mask


def removed_mask(line: Line) -> np.ndarray:
    mask = np.zeros(len(line.text), dtype=bool)
    for span in line.removed:
        mask[span.start:span.end] = True
    return mask


def _is_blankish(text: str) -> np.ndarray:
    return np.array([ch.isspace() for ch in text], dtype=bool)


def injection_figures(lines: list[Line]) -> dict:
    """How much of the recorded injected junk the repair cut from kept lines, and how much article text."""
    kept_m = [l for l in lines if l.tag is Tag.M and l.injected and l.label is Label.CONTENT]
    injected = cut_injected = real = cut_real = 0
    for line in kept_m:
        gold, cut, space = injected_mask(line), removed_mask(line), _is_blankish(line.text)
        injected += (gold & ~space).sum()
        cut_injected += (gold & cut & ~space).sum()
        real += (~gold & ~space).sum()
        cut_real += (~gold & cut & ~space).sum()
    kept_c = [l for l in lines if l.tag is Tag.C and l.label is Label.CONTENT]
    c_chars = sum(len(l.text.strip()) for l in kept_c)
    c_cut = sum(removed_mask(l).sum() for l in kept_c)
    return {"injected_lines": len(kept_m), "injected_removed": _ratio(cut_injected, injected),
            "real_removed": _ratio(cut_real, real), "clean_chars_cut": _ratio(c_cut, c_chars)}


def content_mask(line: Line) -> np.ndarray:
    """True at each character the labels say belongs in the clean text (spaces are neither)."""
    if line.tag.label is Label.JUNK:
        return np.zeros(len(line.text), dtype=bool)
    return ~injected_mask(line) & ~_is_blankish(line.text)


def kept_mask(line: Line) -> np.ndarray:
    """True at each character of the line that the kept text holds."""
    if line.label is not Label.CONTENT:
        return np.zeros(len(line.text), dtype=bool)
    return ~removed_mask(line) & ~_is_blankish(line.text)


def page_char_f1(page: Page) -> float | None:
    """F1 of the page's kept characters against its content characters; None for a page with no content (a
    list page), where F1 says nothing: junk F1 measures it."""
    masks = [(content_mask(line), kept_mask(line)) for line in page.lines if line.tag is not None]
    content = sum(int(gold.sum()) for gold, _ in masks)
    if not content:
        return None
    kept = sum(int(said.sum()) for _, said in masks)
    both = sum(int((gold & said).sum()) for gold, said in masks)
    return _f1(both / kept, both / content) if kept else 0.0


def m_line_figures(lines: list[Line]) -> dict:
    """On every M line with recorded injected parts, kept or thrown: the share of its injected characters and
    of its article characters missing from the kept text (a line thrown whole loses all of both)."""
    m_lines = [l for l in lines if l.tag is Tag.M and l.injected]
    injected = cut_injected = real = cut_real = 0
    for line in m_lines:
        gold, gone = injected_mask(line), ~kept_mask(line)
        space = _is_blankish(line.text)
        injected += (gold & ~space).sum()
        cut_injected += (gold & gone & ~space).sum()
        real += (~gold & ~space).sum()
        cut_real += (~gold & gone & ~space).sum()
    return {"m_lines": len(m_lines), "m_injected_cut": _ratio(cut_injected, injected),
            "m_real_cut": _ratio(cut_real, real)}


def score_lines(pages: list[Page]) -> Scores:
    """Figures for the labeled lines of pages whose lines carry both a gold tag and a predicted label."""
    lines = [line for page in pages for line in page.lines if line.tag is not None]
    gold_junk = np.array([line.tag.label is Label.JUNK for line in lines], dtype=bool)
    said_junk = np.array([line.label is Label.JUNK for line in lines], dtype=bool)
    chars = np.array([len(line.text.strip()) for line in lines], dtype=float)
    junk_precision = _ratio((gold_junk & said_junk).sum(), said_junk.sum())
    junk_recall = _ratio((gold_junk & said_junk).sum(), gold_junk.sum())
    kept_content = ~gold_junk & ~said_junk
    char_precision = _ratio(chars[kept_content].sum(), chars[~said_junk].sum())
    char_recall = _ratio(chars[kept_content].sum(), chars[~gold_junk].sum())
    confusion = {tag.value: {Label.CONTENT.value: 0, Label.JUNK.value: 0} for tag in Tag}
    for line in lines:
        confusion[line.tag.value][line.label.value] += 1
    tag_accuracy = {
        tag: _ratio(counts[Tag(tag).label.value], sum(counts.values())) for tag, counts in confusion.items()
    }
    return Scores(
        pages=len(pages), lines=len(lines),
        junk_precision=junk_precision, junk_recall=junk_recall, junk_f1=_f1(junk_precision, junk_recall),
        content_kept=_ratio(kept_content.sum(), (~gold_junk).sum()),
        char_precision=char_precision, char_recall=char_recall, char_f1=_f1(char_precision, char_recall),
        tag_accuracy=tag_accuracy, confusion=confusion, **injection_figures(lines),
        page_char_f1=_mean([page_char_f1(page) for page in pages]), **m_line_figures(lines),
    )


def _mean(values: list[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def worst_lines(pages: list[Page], count: int = WORST_EXAMPLES) -> list[Example]:
    """The wrongly labeled lines the model was surest about."""
    wrong = [(page, line) for page in pages for line in page.lines
             if line.tag is not None and line.label is not line.tag.label]
    wrong.sort(key=lambda pl: abs(pl[1].junk_probability - 0.5), reverse=True)
    return [Example(page.doc, line.number, line.tag.value, round(line.junk_probability, 4), line.text)
            for page, line in wrong[:count]]


def explain_worst(report: Report, pages: list[Page], model: LineModel) -> Report:
    """Say for each worst line which first-pass inputs pushed it most (LineModel.first_pass_pushes)."""
    by_doc = {page.doc: page for page in pages}
    for example in report.worst:
        page = by_doc[example.doc]
        at = [line.number for line in page.text_lines].index(example.line)
        example.pushes = [(name, round(push, 3)) for name, push in model.first_pass_pushes(page)[at]]
    return report


def evaluate(pages: list[Page], thresholds: dict[str, float] | None = None, rule: DecisionRule | None = None
             ) -> Report:
    """Per-source and overall figures for labeled pages that a model has labeled (thresholds and rule: see
    operating_points)."""
    if not pages:
        raise TaoshaError("no labeled pages to evaluate")
    by_source = defaultdict(list)
    for page in pages:
        by_source[page.source].append(page)
    return Report(
        overall=score_lines(pages),
        by_source={source: score_lines(group) for source, group in sorted(by_source.items())},
        worst=worst_lines(pages),
        operating_points=operating_points(pages, thresholds or {}, rule),
    )


def report_as_dict(report: Report) -> dict:
    return asdict(report)


def _figure(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


HEADLINE = [("junk_precision", "junk P"), ("junk_recall", "junk R"), ("junk_f1", "junk F1"),
            ("content_kept", "kept"), ("char_precision", "char P"), ("char_recall", "char R"),
            ("char_f1", "char F1")]


def format_table(rows: dict[str, Scores]) -> list[str]:
    width = max([len(name) for name in rows] + [6])
    out = [f"{'source':<{width}} {'pages':>5} {'lines':>6} " + " ".join(f"{h:>7}" for _, h in HEADLINE)]
    for name, scores in rows.items():
        figures = " ".join(f"{_figure(getattr(scores, key)):>7}" for key, _ in HEADLINE)
        out.append(f"{name:<{width}} {scores.pages:>5} {scores.lines:>6} {figures}")
    return out


def format_report(report: Report) -> str:
    overall = report.overall
    out = format_table({**report.by_source, "ALL": overall})
    out.append("")
    out.append("accuracy per tag: " + "  ".join(
        f"{tag} {_figure(acc).strip()}" for tag, acc in overall.tag_accuracy.items()))
    out.append(f"injected junk on {overall.injected_lines} kept M lines: injected characters removed "
               f"{_figure(overall.injected_removed).strip()}, real characters wrongly removed "
               f"{_figure(overall.real_removed).strip()}; characters cut from kept C lines "
               f"{_figure(overall.clean_chars_cut).strip()}")
    out.append("confusion (gold tag -> kept as content / thrown as junk):")
    for tag, counts in overall.confusion.items():
        out.append(f"  {tag}  content {counts['content']:>6}  junk {counts['junk']:>6}")
    if report.operating_points:
        out.append("operating points (threshold: junk precision / junk recall / content kept):")
        for name, point in report.operating_points.items():
            out.append(f"  {name:<13} {point.threshold:.3f}: {_figure(point.junk_precision)} / "
                       f"{_figure(point.junk_recall)} / {_figure(point.content_kept)}")
    if report.worst:
        out.append("worst-classified lines:")
        for ex in report.worst:
            text = ex.text.strip()
            out.append(f"  {ex.tag} p(junk)={ex.junk_probability:.3f} {ex.doc}:{ex.line}  "
                       f"{text[:60]}{'…' if len(text) > 60 else ''}")
            if ex.pushes:
                out.append("      first pass pushed by " + ", ".join(f"{n} {p:+.2f}" for n, p in ex.pushes))
    return "\n".join(out)
