import numpy as np

from taosha.features import LineFeatures, LineShape, PagePlace, line_shape, SHAPE_NAMES
from taosha.record import Line, Page


def _page(*texts):
    return Page("doc", [Line(t, i) for i, t in enumerate(texts, 1)])


def _shape(text):
    return dict(zip(SHAPE_NAMES, line_shape(text)))


def test_shape_sees_prose_markup_and_spam():
    prose = _shape("改造老旧小区、进行文明劝导、提升市容环境，是今年的重点工作。")
    assert prose["terminal"] == 1 and prose["han"] > 0.8 and prose["markup"] == 0
    assert _shape('<noscript id="lnez7"></noscript>')["markup"] > 0
    assert _shape("澳门威尼斯人娱乐城 彩票投注")["spam_words"] > 0
    assert _shape("ä¸­æ–‡ä¹±ç ")["mojibake"] > 0.3
    assert _shape("經(jīng)開區(qū)")["pinyin"] > 0


def test_place_sees_repeated_suffixes_and_distance_to_prose():
    prose = "今年以来，全市上下认真谋划，周密部署，高质量推进各项专项行动，取得了明显成效。"
    page = _page("首页", "标题", prose + "水印短语", prose + "水印短语", "版权所有")
    rows = PagePlace().transform([page])
    names = list(PagePlace().get_feature_names_out())
    tail = rows[:, names.index("place_shared_tail")]
    assert tail[2] > 0 and tail[0] == 0
    assert rows[1, names.index("place_prose_below")] < rows[0, names.index("place_prose_below")]


def test_blank_lines_are_not_feature_rows():
    page = _page("标题", "", "正文。")
    assert LineShape().transform([page]).shape == (2, len(SHAPE_NAMES))


def test_line_features_stack_all_blocks_and_name_them():
    pages = [_page("首页", "新闻标题", "正文第一段，内容。"), _page("首页", "另一个标题", "正文第二段，内容。")]
    features = LineFeatures()
    featured = features.fit_transform(pages)
    assert featured.matrix.shape[0] == 6
    assert featured.matrix.shape[1] == len(features.get_feature_names_out())
    assert list(featured.page_of_line) == [0, 0, 0, 1, 1, 1]
    assert np.allclose(features.transform(pages).matrix.toarray(), featured.matrix.toarray())
