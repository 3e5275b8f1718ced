import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from taosha.classify import grams

keys = st.lists(st.integers(0, 2**62), max_size=60)


@given(keys, keys)
def test_sorting_helpers_agree_with_numpys_unique_and_isin(values, queries):
    values, queries = np.array(values, dtype=np.int64), np.array(queries, dtype=np.int64)
    expected, counts = np.unique(values, return_counts=True)
    assert grams.distinct(values).tolist() == expected.tolist()
    found, found_counts = grams.distinct_counts(values)
    assert found.tolist() == expected.tolist() and found_counts.tolist() == counts.tolist()
    assert grams.contains(expected, queries).tolist() == np.isin(queries, values).tolist()
    occurrences = [int((values == query).sum()) for query in queries]
    assert grams.counted(found, found_counts, queries).tolist() == occurrences
