"""Decision stage: a line's junk probability and length -> its label, by one frozen rule."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from taosha.errors import TaoshaError
from taosha.record import Label, Line, Page

DEFAULT_THRESHOLD = 0.5  # a line is junk when its junk probability reaches this (see says_junk)
# A short line needs more certainty to be cut: losing a headline, heading, table row or signature leaves a hole
# in the text, while keeping a short junk line adds few characters. Under SHORT_LINE characters the junk odds
# the threshold asks for grow, up to e**SHORT_LINE_LOG_ODDS times at no length (0.5 -> 0.95). Chosen
# leave-one-source-out (training/short_lines.py, docs/experiments.md "Short lines"): more content lines kept at
# little cost in character F1.
SHORT_LINE = 30
SHORT_LINE_LOG_ODDS = 3.0


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


@dataclass(frozen=True)
class DecisionRule:
    """The threshold and the short-line lift that decide junk from a line's probability and length."""

    threshold: float = DEFAULT_THRESHOLD
    short_line: int = SHORT_LINE
    log_odds: float = SHORT_LINE_LOG_ODDS

    def says_junk(self, probabilities, lengths):
        return says_junk(probabilities, lengths, self.threshold, self.short_line, self.log_odds)

    def at(self, threshold: float) -> DecisionRule:
        """The same rule at another threshold (a preset, or the user's number)."""
        return replace(self, threshold=threshold)

    def recorded(self) -> dict:
        """The short-line part as a model's metadata records it."""
        return {"short_line": self.short_line, "log_odds": self.log_odds}

    @classmethod
    def of_model(cls, metadata: dict, where: str = "model") -> DecisionRule:
        """The rule a saved model records: its presets were chosen under its short-line numbers, so a later
        change of the defaults must not relabel its lines. A model saved before the short-line rule has none
        and is decided by a flat threshold, as its presets were chosen."""
        rule = metadata.get("short_line", {"short_line": SHORT_LINE, "log_odds": 0.0})
        try:
            short_line, log_odds = int(rule["short_line"]), float(rule["log_odds"])
        except (KeyError, TypeError, ValueError):
            short_line, log_odds = 0, -1.0
        if short_line < 1 or not 0.0 <= log_odds <= 20.0:
            raise TaoshaError(f"{where}: bad short_line rule {rule!r} (short_line >= 1, log_odds 0 to 20)")
        return cls(float(metadata.get("threshold", DEFAULT_THRESHOLD)), short_line, log_odds)


def label_lines(lines: list[Line], rule: DecisionRule) -> None:
    """Label lines that have their junk probability, as the rule decides."""
    junk = rule.says_junk([line.junk_probability for line in lines], [line_length(line) for line in lines])
    for line, is_junk in zip(lines, junk):
        line.label = Label.JUNK if is_junk else Label.CONTENT


def decide(pages: list[Page], probabilities: np.ndarray, rule: DecisionRule) -> list[Page]:
    """Give each line of the pages its junk probability (`probabilities`: one a text line, in order) and its
    label; blank lines are junk with certainty (nothing to keep)."""
    given = iter(probabilities)
    for page in pages:
        for line in page.lines:
            line.junk_probability = 1.0 if line.is_blank else float(next(given))
    label_lines([line for page in pages for line in page.lines], rule)
    return pages
