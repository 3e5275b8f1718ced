import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from taosha.classify.features import (
    DENSE_NAMES,
    PLACE_NAMES,
    SHAPE_NAMES,
    FeatureSpace,
    line_texts,
    place_block,
    shape_rows,
)
from taosha.record import Line, Page


def _page(*texts):
    return Page("doc", [Line(t, i) for i, t in enumerate(texts, 1)])


def _shape(text):
    return dict(zip(SHAPE_NAMES, shape_rows([text.strip()])[0]))


def test_shape_sees_prose_markup_and_spam():
    prose = _shape("改造老旧小区、进行文明劝导、提升市容环境，是今年的重点工作。")
    assert prose["terminal"] == 1 and prose["han"] > 0.8 and prose["markup"] == 0
    assert _shape('<noscript id="lnez7"></noscript>')["markup"] > 0
    assert _shape("澳门威尼斯人娱乐城 彩票投注")["spam_words"] > 0
    assert _shape("ä¸­æ–‡ä¹±ç ")["mojibake"] > 0.3
    assert _shape("經(jīng)開區(qū)")["pinyin"] > 0


# Characters every shape column reacts to, NUL and blanks among them.
_SHAPE_ALPHABET = st.sampled_from(list("中文，。！a1２ \u3000\t\x00<>&;{}=(|/@.:-年月日彩票版权锟斤拷jīngÃ•一、"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_SHAPE_ALPHABET, max_size=30), max_size=12))
def test_shape_rows_of_a_batch_are_each_lines_own(texts):
    # Lines are joined and counted in one pass: no line may see its neighbours, NUL or empty lines included.
    alone = [shape_rows([text])[0] for text in texts]
    assert np.array_equal(shape_rows(texts), np.array(alone).reshape(len(texts), len(SHAPE_NAMES)))


def test_a_nul_inside_a_line_reads_as_a_space():
    # The batch is joined by NULs: one inside a line must not cut it in two for the patterns.
    assert np.array_equal(shape_rows(["菜单 \x00 首页"]), shape_rows(["菜单   首页"]))
    assert shape_rows(["菜单 \x00 首页"])[0, SHAPE_NAMES.index("separators")] > 0


def test_place_sees_repeated_suffixes_and_distance_to_prose():
    prose = "今年以来，全市上下认真谋划，周密部署，高质量推进各项专项行动，取得了明显成效。"
    page = _page("首页", "标题", prose + "水印短语", prose + "水印短语", "版权所有")
    rows = place_block([page.text_lines])
    tail = rows[:, PLACE_NAMES.index("shared_tail")]
    assert tail[2] > 0 and tail[0] == 0
    below = PLACE_NAMES.index("prose_below")
    assert rows[1, below] < rows[0, below]


def test_table_run_counts_neighbouring_rows_with_as_many_cells():
    page = _page("首页 | 新闻 | 公告", "运营商 5G 手机促销方式曝光",
                 "序号 | 姓名 | 等级", "1 | 包雨菲 | 一等", "2 | 蒋浩然 | 一等",
                 "正文段落。", "日期  聚会  时间", "版权所有 | 联系我们")
    run = place_block([page.text_lines])[:, PLACE_NAMES.index("table_run")]
    # the menu stands alone; one space does not cut cells; three rows of three cells; a lone two-space row
    # and a two-cell footer are no table
    assert (run * 10).round().tolist() == [0, 0, 3, 3, 3, 0, 0, 0]


def test_blank_lines_are_not_feature_rows():
    page = _page("标题", "", "正文。")
    assert shape_rows(line_texts([page])).shape == (2, len(SHAPE_NAMES))


def test_feature_space_stacks_dense_words_and_chars():
    pages = [_page("首页", "新闻标题", "正文第一段，内容。"), _page("首页", "另一个标题", "正文第二段，内容。")]
    space = FeatureSpace(char_bits=12, word_bits=10).fit(pages)
    featured = space.featurize(pages)
    assert featured.dense.shape == (6, len(DENSE_NAMES))
    assert [b.width for b in featured.blocks] == [1 << 10, 1 << 12]
    assert featured.matrix.shape == (6, len(DENSE_NAMES) + (1 << 10) + (1 << 12))
    assert list(featured.page_of_line) == [0, 0, 0, 1, 1, 1]
    # "首页" (in both pages) is a dictionary word with idf > 0; every row's n-gram block has unit length.
    words = featured.matrix[:, len(DENSE_NAMES):len(DENSE_NAMES) + (1 << 10)].toarray()
    assert words[0].sum() > 0 and np.isclose(np.linalg.norm(words[0]), 1)
    chars = featured.matrix[:, len(DENSE_NAMES) + (1 << 10):].toarray()
    assert np.allclose(np.linalg.norm(chars, axis=1), 1)
    assert np.allclose(space.featurize(pages).matrix.toarray(), featured.matrix.toarray())
