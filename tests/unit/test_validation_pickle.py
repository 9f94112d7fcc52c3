"""A ValidationError crosses process boundaries (``tthc report --all`` renders years in worker processes)."""

import pickle

from tthc_analysis.errors import Problem, ValidationError


def test_validation_error_survives_pickling_with_every_problem():
    error = ValidationError([Problem("2024/scores.csv", "ô điểm để trống", row=4, unit="Phường 9", column="c2"),
                             Problem("2024/scores.csv", "không phải là số", row=5, column="c3", value="x")])  # fmt: skip
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    assert str(copy) == str(error)
