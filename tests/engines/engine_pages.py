"""Pages and `taosha classify`'s verdict on them, shared by the engine tests (test_datatrove_step.py,
test_spark_job.py)."""
from __future__ import annotations

import json
from pathlib import Path

from taosha.cli import main

from ..conftest import REPO

EXAMPLES = REPO / "examples"

# Glued to one paragraph of each of four pages: only a memory spanning the run cuts it as a repeated affix.
RUN_TAIL = "本文来自某某资讯网"
TAIL_LINE = 7  # line number (from 1) of the paragraph of examples/pages.jsonl's first page that gets it


def pages() -> list[dict]:
    """The example pages, one page all junk with CRLF line ends, and four that share a tail across the run."""
    records = [json.loads(row) for row in (EXAMPLES / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    records.append({"id": "news", "text": (EXAMPLES / "news-simplified.txt").read_text(encoding="utf-8")})
    records.append({"id": "all-junk", "text": "首页 | 新闻 | 体育 | 财经\r\n\r\n版权所有 京ICP备12345678号\r\n"})
    notice = records[0]["text"].split("\n")
    for n in range(4):  # distinct paragraphs: a tail counts once per paragraph it ends
        lines = list(notice)
        lines[TAIL_LINE - 1] = lines[TAIL_LINE - 1].replace("3月20日", f"3月2{n}日") + RUN_TAIL
        records.append({"id": f"tail-{n}", "text": "\n".join(lines)})
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def classify_by_doc(corpus: Path, model_dir: Path, capsys) -> dict[str, list[dict]]:
    """`taosha classify` run on the corpus: its line records grouped by page id."""
    capsys.readouterr()
    assert main(["classify", str(corpus), "--model", str(model_dir)]) == 0
    by_doc: dict[str, list[dict]] = {}
    for row in capsys.readouterr().out.splitlines():
        record = json.loads(row)
        by_doc.setdefault(record["doc"], []).append(record)
    return by_doc


def kept_text(records: list[dict]) -> str:
    return "\n".join(r["clean"] for r in records if r["label"] == "content")
