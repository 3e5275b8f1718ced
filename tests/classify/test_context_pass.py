import numpy as np

from taosha.classify.context_pass import EDGE, neighbour_scores
from taosha.classify.first_pass import Scored


def test_neighbours_stop_at_page_edges():
    scored = Scored(np.array([1.0, 2.0, 3.0, 4.0]), np.zeros((4, 0)), np.array([0, 0, 1, 1]))
    table = neighbour_scores(scored, window=1)
    own, before, after = table[:, 0], table[:, 1], table[:, 2]
    assert list(own) == [1, 2, 3, 4]
    assert list(before) == [EDGE, 1, EDGE, 3]
    assert list(after) == [2, EDGE, 4, EDGE]
    assert list(table[:, 3]) == [1.5, 1.5, 3.5, 3.5]  # page mean


def test_topic_share_counts_bigrams_of_other_lines_the_first_pass_reads_as_content():
    from taosha.classify.context_pass import topic_share
    from taosha.classify.features import bigram_keys

    texts = ["债券市场存在泡沫吗", "债券收益率不断下行", "热门推荐手机下载", "债券", "泡沫"]
    pages = np.array([0, 0, 0, 0, 1])
    scores = np.array([-3.0, -3.0, 2.0, 2.0, -3.0])  # lines 0, 1 and 4 read as content
    shares = topic_share(Scored(scores, np.zeros((5, 0)), pages, bigram_keys(texts, pages)))
    # Lines 0 and 1 share 债券 (1 of 8 bigrams each); line 3 finds its one bigram in lines 0 and 1; line 2
    # shares nothing; line 4's 泡沫 is on another page; without bigrams there is nothing to share.
    assert shares.tolist() == [1 / 8, 1 / 8, 0.0, 1.0, 0.0]
    assert topic_share(Scored(scores, np.zeros((5, 0)), pages)).tolist() == [0.0] * 5


def test_main_block_distance_measures_lines_before_and_after_the_largest_content_run():
    from taosha.classify.context_pass import main_block_distance

    # Page 0: a headline (line 1), then an article at lines 4-7 joined across one junk line, then a lone
    # comment-like line (12) five junk lines later. Page 1 has no line the first pass reads as content.
    scores = np.array([2, -1, 2, 2, -1, -1, 2, -1, 2, 2, 2, 2, -1, 2, 3, 3], dtype=float)
    pages = np.array([0] * 14 + [1] * 2)
    before, after = main_block_distance(Scored(scores, np.zeros((16, 0)), pages), gap=1)
    assert (before[:14] * 14).round().tolist() == [4, 3, 2, 1] + [0] * 10
    assert (after[:14] * 14).round().tolist() == [0] * 8 + [1, 2, 3, 4, 5, 6]
    assert before[14:].tolist() == after[14:].tolist() == [0.0, 0.0]
