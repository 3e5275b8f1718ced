import numpy as np

from taosha.context import EDGE, Scored, neighbour_scores


def test_neighbours_stop_at_page_edges():
    scored = Scored(np.array([1.0, 2.0, 3.0, 4.0]), np.zeros((4, 0)), np.array([0, 0, 1, 1]))
    table = neighbour_scores(scored, window=1)
    own, before, after = table[:, 0], table[:, 1], table[:, 2]
    assert list(own) == [1, 2, 3, 4]
    assert list(before) == [EDGE, 1, EDGE, 3]
    assert list(after) == [2, EDGE, 4, EDGE]
    assert list(table[:, 3]) == [1.5, 1.5, 3.5, 3.5]  # page mean
