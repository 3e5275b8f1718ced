from taosha.readers.projection import majority_tag, project, projected_labels
from taosha.record import Line, Tag


def _ours(*texts):
    return [Line(text, number) for number, text in enumerate(texts, 1)]


def _silver(*rows):
    return [Line(text, number, Tag(tag), injected) for number, (tag, text, *injected) in enumerate(rows, 1)]


def _tags(ours, silver):
    return [projected_labels(item, silver)[0] if item.matched else None for item in project(ours, silver)]


def test_equal_lines_take_their_tags_whatever_the_spaces():
    silver = _silver(("B", "首页"), ("C", "第一段正文，内容。"), ("B", "版权所有  2024"))
    assert _tags(_ours("首页", " 第一段正文，内容。", "版权所有 2024"), silver) == [Tag.B, Tag.C, Tag.B]


def test_pieces_of_one_silver_line_take_its_tag():
    silver = _silver(("B", "导航"), ("C", "第二段讲了一件事。接着又讲了另一件事。"), ("B", "返回顶部"))
    ours = _ours("导航", "第二段讲了一件事。", "接着又讲了另一件事。", "返回顶部")
    projected = project(ours, silver)
    assert _tags(ours, silver) == [Tag.B, Tag.C, Tag.C, Tag.B]
    assert dict(projected[2].found) == {1: 10}


def test_a_line_spanning_several_silver_lines_takes_their_tag():
    silver = _silver(("B", "财经首页 |"), ("B", "股票 |"), ("B", "理财"), ("C", "正文第一段。"))
    ours = _ours("财经首页 | 股票 | 理财", "正文第一段。")
    assert _tags(ours, silver) == [Tag.B, Tag.C]
    assert dict(project(ours, silver)[0].found) == {0: 5, 1: 3, 2: 2}


def test_disagreeing_silver_lines_give_the_majority_of_characters():
    silver = _silver(("B", "关键词："), ("C", "互联网 行动计划"), ("B", "来源："), ("C", "报"))
    ours = _ours("关键词： 互联网 行动计划", "来源： 报")
    assert _tags(ours, silver) == [Tag.C, Tag.B]


def test_content_needs_a_strict_majority():
    silver = _silver(("S", "赌场"), ("C", "新闻"), ("B", "更多"))
    found = project(_ours("赌场新闻"), silver)[0].found
    assert majority_tag(found, silver) is Tag.S
    assert majority_tag(project(_ours("新闻更多"), silver)[0].found, silver) is Tag.B


def test_repeated_short_lines_map_to_their_own_occurrence():
    # Matched line by line, the lone "分享" would pair with the first silver "分享" and leave "分享 返回"
    # with nothing; aligned by characters, each occurrence finds its own.
    silver = _silver(("B", "分享"), ("B", "返回"), ("C", "分享"))
    ours = _ours("分享 返回", "分享")
    assert [dict(item.found) for item in project(ours, silver)] == [{0: 2, 1: 2}, {2: 2}]
    assert _tags(ours, silver) == [Tag.B, Tag.C]


def test_a_line_the_silver_cutting_never_had_is_unmatched():
    silver = _silver(("B", "首页"), ("C", "正文第一段。"))
    projected = project(_ours("标题_某某网", "首页", "正文第一段。"), silver)
    assert [item.matched for item in projected] == [False, True, True]
    assert not projected[0].found


def test_a_line_mostly_missing_from_silver_is_unmatched():
    silver = _silver(("C", "正文"),)
    assert not project(_ours("正文之外还有许多别的字"), silver)[0].matched


def test_pieces_of_an_m_line_carry_only_the_injected_parts_they_hold():
    silver = _silver(("M", "王者娱乐网址：市里开了新食堂。老人吃上热饭。", "王者娱乐网址："))
    ours = _ours("王者娱乐网址：市里开了新食堂。", "老人吃上热饭。")
    labels = [projected_labels(item, silver) for item in project(ours, silver)]
    assert labels == [(Tag.M, ("王者娱乐网址：",)), (Tag.C, ())]
