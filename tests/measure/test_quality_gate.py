"""The quality gate: pinned figures must hold on the data they were pinned on."""
import importlib.util
import json

from ..conftest import REPO, needs_shared

spec = importlib.util.spec_from_file_location("quality_gate", REPO / "training" / "quality_gate.py")
gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gate)


def test_regressions_are_found_beyond_noise_only():
    pinned = {"figures": {"junk_f1": 0.9, "content_kept": 0.9, "char_f1": 0.9, "injected_removed": 0.9,
                          "real_removed": 0.005}}
    same = json.loads(json.dumps(pinned))
    assert gate.regressions(same, pinned) == []
    worse = json.loads(json.dumps(pinned))
    worse["figures"]["content_kept"] = 0.85
    worse["figures"]["real_removed"] = 0.05
    assert [r.split()[0] for r in gate.regressions(worse, pinned)] == ["content_kept", "real_removed"]


def test_pinned_figures_hold():
    pinned = json.loads(gate.PINS.read_text())
    measured = gate.measure()
    assert measured["digest"] == pinned["digest"], (
        "labeled data changed since the figures were pinned: re-pin with python training/quality_gate.py --pin")
    assert gate.regressions(measured, pinned) == []


@needs_shared
def test_pinned_real_page_figures_hold():
    pinned = json.loads(gate.PINS.read_text())["real_pages"]
    measured = gate.measure_real()
    assert measured["digest"] == pinned["digest"], (
        "labeled data changed since the figures were pinned: re-pin with python training/quality_gate.py --pin")
    assert gate.regressions(measured, pinned, gate.REAL_FIGURES, ()) == []
