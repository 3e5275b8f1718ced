import json

from taosha.api import clean_texts, loaded_model
from taosha.cli import main

PAGES = ["首页 | 新闻 | 体育\n\n市政府召开会议，部署今年的城市建设工作。\n版权所有 京ICP备12345678号",
         "第二页的标题\n这是一段正文，说明会议的主要内容和安排。"]


def test_clean_texts_matches_classify(trained_model_dir, tmp_path, capsys):
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{n}", "text": t}, ensure_ascii=False) + "\n"
                              for n, t in enumerate(PAGES)), encoding="utf-8")
    assert main(["classify", str(corpus), "--model", str(trained_model_dir)]) == 0
    records = [json.loads(row) for row in capsys.readouterr().out.splitlines()]
    cleaned = list(clean_texts(PAGES, docs=["p0", "p1"], model_dir=str(trained_model_dir)))
    assert [c.doc for c in cleaned] == ["p0", "p1"]
    for page in cleaned:
        mine = [r for r in records if r["doc"] == page.doc]
        assert page.labels == [r["label"] for r in mine]
        assert [round(p, 6) for p in page.junk_probabilities] == [r["junk_probability"] for r in mine]
        assert page.text == "\n".join(r["clean"] for r in mine if r["label"] == "content")
        assert page.has_content == any(r["label"] == "content" for r in mine)


def test_model_is_loaded_once_per_process(trained_model_dir):
    assert loaded_model(str(trained_model_dir)) is loaded_model(str(trained_model_dir))


def test_a_lone_surrogate_in_a_text_is_classified_not_a_crash(trained_model_dir):
    # A str from a program may hold half a surrogate pair; the features read it as the code point it is.
    [page] = clean_texts(["首页 | 新闻\n市政府召开会议，部署今年\ud800的城市建设工作。"], model_dir=str(trained_model_dir))
    assert len(page.labels) == 2 and len(page.junk_probabilities) == 2
