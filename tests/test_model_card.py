"""model/MODEL_CARD.md: its figures are the shipped model's own records."""
import importlib.util
import json
import shutil

from .conftest import REPO

spec = importlib.util.spec_from_file_location("model_card", REPO / "training" / "model_card.py")
model_card = importlib.util.module_from_spec(spec)
spec.loader.exec_module(model_card)


def test_committed_card_is_what_the_model_records_give():
    shipped = REPO / "model"
    assert (shipped / model_card.CARD_FILE).read_text(encoding="utf-8") == model_card.card(shipped), (
        "model/MODEL_CARD.md is stale: rewrite it with python training/model_card.py")


def test_card_quotes_the_recorded_figures(tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(REPO / "model", model_dir)
    metadata = json.loads((model_dir / "metadata.json").read_text(encoding="utf-8"))
    metadata["holdout"]["junk_f1"] = 0.12345
    metadata["data"]["pages"] = 4321
    (model_dir / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    written = model_card.card(model_dir)
    assert "junk F1 0.123," in written
    assert "4321 pages" in written
    assert "corpora/163" in written  # the per-outlet rows of real_pages.txt
    assert "page F1" in written and "keep-all" in written  # the real-page macro table
