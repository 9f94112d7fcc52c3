"""Correctness at national scale: the integer fast path gives exactly the Decimal path's figures.

Timings are not tested here (see ``bench/run.py``); these tests check that the fast path (scores read a
column at a time and kept as integer thousandths) agrees with the row-by-row Decimal path on large tables,
that tables it cannot hold exactly take the Decimal path, and how Section I words hundreds of ties.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.narrative.section1 import section1
from tthc_analysis.read.tables import read_table
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.fixed import FixedPath
from tthc_analysis.score.summary import _summarize_decimal, summarize, summarize_cohorts
from tthc_analysis.synthetic_qd766 import generate_portal_table
from tthc_analysis.validate import read_scores
from tthc_analysis.validate.portal_scores import read_portal_scores
from tthc_analysis.validate.rows import validate_rows
from tthc_analysis.vietnamese import vi_sort_order

SCHEME = load_scheme("tt01-2018")
HEADER = "Huyện,Đơn vị," + ",".join(f"Chỉ số {n}" for n in range(1, 10)) + ",Tổng điểm\n"
STEPS = ["2", "1.95", "1.5", "1.75", "1.25", "0.5", "1", "0", "1.978"]


def _write(path, rows: list[tuple[str, str, list[str], str]]) -> str:
    lines = [f"{d},{u}," + ",".join(scores) + f",{total}\n" for d, u, scores, total in rows]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return str(path)


def _rows(n: int) -> list[tuple[str, str, list[str], str]]:
    """``n`` units in 100 districts (names recur across districts); scores cycle through fixed steps."""
    rows = []
    kinds = ["Phường", "Xã", "Thị trấn"]
    for i in range(n):
        scores = [STEPS[(i * (j + 3) + j * j) % len(STEPS)] for j in range(9)]
        name = f"{kinds[i % 3]} {'Hòa' if i % 7 else 'Hoà'} {i // 100}"  # unique within its district
        rows.append((f"Huyện Số {i % 100}", name, scores, ""))
    return rows


def _decimal_path(path: str):
    """The table and summary as the row-by-row reader and the Decimal arithmetic give them."""
    table = validate_rows(read_table(path), SCHEME)
    assert table.fixed is None
    return table, _summarize_decimal(table)


def _assert_same(fast, slow) -> None:
    pd.testing.assert_frame_equal(fast.ranking, slow.ranking)
    assert [str(t) for t in fast.ranking["total"]] == [str(t) for t in slow.ranking["total"]]
    assert fast.to_dict() == slow.to_dict()
    assert fast.bands == slow.bands
    assert fast.criteria == slow.criteria
    assert (fast.highest, fast.lowest) == (slow.highest, slow.lowest)
    assert (str(fast.total_sum), str(fast.mean), fast.mean_band, fast.places) == (
        str(slow.total_sum),
        str(slow.mean),
        slow.mean_band,
        slow.places,
    )


def test_twenty_thousand_units_fast_path_equals_decimal_path(tmp_path):
    path = _write(tmp_path / "scores.csv", _rows(20_000))
    table = read_scores(path)
    assert table.fixed is not None  # every value has at most three decimals
    slow_table, slow = _decimal_path(path)
    pd.testing.assert_frame_equal(table.frame, slow_table.frame)
    fast = summarize(table)
    _assert_same(fast, slow)
    assert fast.n_units == 20_000


def test_a_four_decimal_value_takes_the_exact_path_and_agrees(tmp_path):
    rows = _rows(2_000)
    rows[5] = (rows[5][0], rows[5][1], ["1.9999"] + rows[5][2][1:], "")
    path = _write(tmp_path / "scores.csv", rows)
    table = read_scores(path)
    assert table.fixed is None
    assert table.frame.loc[5, "c1"] == Decimal("1.9999")
    _assert_same(summarize(table), _decimal_path(path)[1])


def test_eight_times_one_point_seven_and_one_point_four_is_fifteen_at_scale(tmp_path):
    rows = [(f"Huyện {i % 40}", f"Xã Số {i}", ["2"] * 9, "18") for i in range(5_000)]
    rows[1234] = ("Huyện 34", "Xã Số 1234", ["1.7"] * 8 + ["1.4"], "15")
    path = _write(tmp_path / "scores.csv", rows)
    summary = summarize(read_scores(path))
    row = summary.ranking[summary.ranking["unit"] == "Xã Số 1234"].iloc[0]
    assert row["total"] == Decimal("15")
    assert row["band"] == "Xuất sắc"
    assert row["rank"] == 5_000
    assert summary.lowest.units == ["Xã Số 1234"]
    assert summary.bands[0].count == 5_000


def test_section_one_counts_the_others_when_hundreds_tie(tmp_path):
    rows = [(f"Huyện {i % 20}", f"Xã Số {i}", ["2"] * 9, "") for i in range(422)]
    rows += [("Huyện 0", "Phường 1", ["1"] * 9, ""), ("Huyện 0", "Phường 2", ["1"] * 9, "")]
    path = _write(tmp_path / "scores.csv", rows)
    paragraphs = section1(summarize(read_scores(path)), SCHEME)
    expected = (
        "Đơn vị có điểm số cao nhất là: UBND Xã Số 0, Số 1, Số 2, Số 3, Số 4, Số 5, Số 6, Số 7, Số 8, "
        "Số 9, … và 412 đơn vị khác (đạt 18,00 điểm)."
    )
    assert expected in paragraphs
    assert "Đơn vị có điểm số thấp nhất là: UBND Phường 1, 2 (đạt 9,00 điểm)." in paragraphs


@pytest.mark.parametrize("stated", ["15.98", "16"])
def test_a_wrong_stated_total_is_worded_as_before(tmp_path, stated):
    rows = _rows(3_000)
    rows[10] = (rows[10][0], rows[10][1], ["1.978"] + ["1.75"] * 8, stated)  # the sum is 15.978
    path = _write(tmp_path / "scores.csv", rows)
    if stated == "15.98":
        assert read_scores(path).frame.loc[10, "stated_total"] == Decimal("15.98")
        return
    with pytest.raises(Exception) as caught:
        read_scores(path)
    assert [p.row for p in caught.value.problems] == [12]
    assert caught.value.problems[0].message == "tổng điểm ghi trong bảng là 16 nhưng tổng các chỉ số là 15,978"


def test_a_name_repeated_with_other_case_and_tone_placement_is_a_duplicate_at_scale(tmp_path):
    rows = _rows(5_000)
    assert rows[7] == ("Huyện Số 7", "Xã Hoà 0", rows[7][2], "")  # tone on the a
    rows[4_907] = ("Huyện Số 7", "XÃ HÒA 0", rows[4_907][2], "")  # same district, tone on the o, capitals
    path = _write(tmp_path / "scores.csv", rows)
    with pytest.raises(ValidationError) as caught:
        read_scores(path)
    assert [(p.row, p.unit, p.message) for p in caught.value.problems] == [
        (4_909, "XÃ HÒA 0", "đơn vị bị trùng, đã có ở dòng 9")
    ]


def test_names_that_differ_only_in_tone_are_not_duplicates_at_scale(tmp_path):
    rows = _rows(5_000)
    rows[4_907] = ("Huyện Số 7", "Xã Hóa 0", rows[4_907][2], "")  # sắc, not huyền as row 7's "Hoà"
    path = _write(tmp_path / "scores.csv", rows)
    table = read_scores(path)
    assert table.fixed is not None
    assert table.frame.loc[4_907, "unit"] == "Xã Hóa 0"


def test_a_windows_line_ended_file_with_a_bom_reads_as_its_plain_twin(tmp_path):
    rows = _rows(3_000)
    plain = _write(tmp_path / "plain.csv", rows)
    windows = tmp_path / "windows.csv"
    windows.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "plain.csv").read_bytes().replace(b"\n", b"\r\n"))
    table = read_scores(windows)
    assert table.fixed is not None
    pd.testing.assert_frame_equal(table.frame, read_scores(plain).frame)
    assert table.frame.loc[2_999, "unit"] == "Thị trấn Hòa 29"


def test_empty_names_sort_first_in_a_column():
    assert vi_sort_order(["", "b", "", "a"]) == [0, 2, 3, 1]
    assert vi_sort_order([""]) == [0]


def test_a_frame_changed_after_reading_is_summed_as_it_now_stands(tmp_path):
    rows = [(f"Huyện {i % 40}", f"Xã Số {i}", ["2"] * 9, "") for i in range(5_000)]
    table = read_scores(_write(tmp_path / "scores.csv", rows))
    assert table.fixed is not None
    table.frame.loc[1234, "c1"] = Decimal("0.5")
    table.frame.loc[17, "c9"] = Decimal("2.0")  # the same value, written with one decimal
    summary = summarize(table)
    lowest = summary.ranking.iloc[-1]
    assert (lowest["unit"], str(lowest["total"]), lowest["rank"]) == ("Xã Số 1234", "16.5", 5_000)
    assert str(summary.ranking.loc[summary.ranking["unit"] == "Xã Số 17", "total"].iloc[0]) == "18.0"


def _portal_table(tmp_path, edit=None):
    """A synthetic portal file of 900 communes and agencies in 6 provinces (totals only as stated), read back."""
    data = generate_portal_table(communes=800, agencies=100, provinces=6, seed=11, details=False)
    if edit is not None:
        edit(data)
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return read_portal_scores(path)


def _cohort_part(table, cohort: str):
    return replace(table, frame=table.frame[table.frame["cohort"] == cohort].reset_index(drop=True), fixed=None)


def _stated_apart(data):
    """Every seventh commune's stated total 0,5 above the sum of its groups (the portal's figure is ranked)."""
    for unit in data["communes"][::7]:
        unit["totalScore"] = round(unit["totalScore"] + 0.5, 2)


def test_a_portal_table_ranked_on_its_stated_totals_takes_the_integer_path_and_agrees(tmp_path):
    table = _portal_table(tmp_path, _stated_apart)
    assert table.portal.checks.count("total", rounding=False) > 100
    assert FixedPath.of(table) is not None
    summary = summarize(table)
    totals = list(summary.ranking["total"])
    assert len(set(totals)) < len(totals)  # ties, ranked by competition on both paths
    _assert_same(summary, _summarize_decimal(replace(table, fixed=None)))
    cohorts = summarize_cohorts(table)
    assert sorted(cohorts) == ["AGENCY", "COMMUNE"]
    for cohort, fast in cohorts.items():
        assert FixedPath.of(replace(_cohort_part(table, cohort), fixed=table.fixed)) is None  # rows differ
        _assert_same(fast, _summarize_decimal(_cohort_part(table, cohort)))


def test_a_stated_total_with_four_decimals_takes_the_decimal_path_and_agrees(tmp_path):
    def edit(data):
        unit = data["communes"][5]
        unit["totalScore"] = round(unit["totalScore"] + 0.0001, 4)  # written as e.g. 65.3701

    table = _portal_table(tmp_path, edit)
    assert table.fixed is not None and FixedPath.of(table) is None
    assert any(t.as_tuple().exponent == -4 for t in summarize(table).ranking["total"])
    _assert_same(summarize(table), _summarize_decimal(replace(table, fixed=None)))
