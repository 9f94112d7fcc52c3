"""Totals, bands, ranks and means in exact decimals, on small inline tables and random ones."""

from __future__ import annotations

import math
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from expected import BOUNDARY_ROWS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc_analysis.narrative.section1 import section1
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.base import competition_ranks
from tthc_analysis.score.printed import display_places
from tthc_analysis.score.summary import summarize
from tthc_analysis.validate import read_scores

TT01 = load_scheme("tt01-2018")


def summary_of(write_rows, rows):
    """Read inline rows through the CSV reader and summarise them."""
    return summarize(read_scores(write_rows(rows)))


def ranking_rows(summary):
    """(rank, unit, total, band) in ranking order."""
    r = summary.ranking
    return list(zip(r["rank"], r["unit"], r["total"], r["band"]))


# --- totals and bands -----------------------------------------------------------------------------


def test_every_band_boundary_and_just_below(write_rows):
    """Exactly 15, 12, 9, 6 open their band; 14.99, 11.95, 8.99, 5.99 fall in the band below."""
    summary = summary_of(
        write_rows,
        BOUNDARY_ROWS,
    )
    assert ranking_rows(summary) == [
        (1, "Phường 1", Decimal("15"), "Xuất sắc"),
        (2, "Phường 2", Decimal("14.99"), "Tốt"),
        (3, "Phường 3", Decimal("12"), "Tốt"),
        (4, "Phường 4", Decimal("11.95"), "Khá"),
        (5, "Phường 5", Decimal("9"), "Khá"),
        (6, "Phường 6", Decimal("8.99"), "Trung bình"),
        (7, "Phường 7", Decimal("6"), "Trung bình"),
        (8, "Phường 8", Decimal("5.99"), "Yếu"),
    ]
    assert [(b.band, b.count, b.share) for b in summary.bands] == [
        ("Xuất sắc", 1, Decimal("12.50")),
        ("Tốt", 2, Decimal("25.00")),
        ("Khá", 2, Decimal("25.00")),
        ("Trung bình", 2, Decimal("25.00")),
        ("Yếu", 1, Decimal("12.50")),
    ]
    assert summary.total_sum == Decimal("83.92")
    assert summary.mean == Decimal("10.49")
    assert summary.mean_band == "Khá"


def test_full_and_zero_marks(write_rows):
    """18 and 0 are valid totals at the two ends."""
    summary = summary_of(write_rows, [("Xã A", "2 2 2 2 2 2 2 2 2"), ("Xã B", "0 0 0 0 0 0 0 0 0")])
    assert ranking_rows(summary) == [(1, "Xã A", Decimal(18), "Xuất sắc"), (2, "Xã B", Decimal(0), "Yếu")]


def test_float_trap_eight_1_7_and_one_1_4_is_exactly_15(write_rows):
    """8 × 1.7 + 1.4 is 15 in decimals (14.999999999999998 in floats): Xuất sắc, tied with a plain 15."""
    assert sum([1.7] * 8 + [1.4]) == 14.999999999999998  # the trap the package must avoid
    summary = summary_of(
        write_rows,
        [
            ("Phường 2", "2 2 2 2 2 2 2 1 0"),
            ("Phường 1", "1.7 1.7 1.7 1.7 1.7 1.7 1.7 1.7 1.4"),
            ("Phường 3", "2 2 2 2 2 2 2 0.99 0"),
        ],
    )
    assert ranking_rows(summary) == [
        (1, "Phường 1", Decimal(15), "Xuất sắc"),
        (1, "Phường 2", Decimal(15), "Xuất sắc"),
        (3, "Phường 3", Decimal("14.99"), "Tốt"),
    ]
    assert summary.highest.units == ["Phường 1", "Phường 2"]
    assert summary.bands[0].count == 2


def test_one_to_three_decimals(write_rows):
    """1.9, 1.85 and 1.978 add exactly; different spellings of one total tie."""
    summary = summary_of(
        write_rows,
        [
            ("Phường 1", "1.9 1.85 1.978 2 2 2 2 2 0"),  # 15.728
            ("Phường 2", "1.5 1.25 1.75 2 2 2 2 2 1.228"),  # 15.728
            ("Phường 3", "0.1 0.05 0.001 0 0 0 0 0 0"),  # 0.151
        ],
    )
    assert ranking_rows(summary) == [
        (1, "Phường 1", Decimal("15.728"), "Xuất sắc"),
        (1, "Phường 2", Decimal("15.728"), "Xuất sắc"),
        (3, "Phường 3", Decimal("0.151"), "Yếu"),
    ]
    assert summary.total_sum == Decimal("31.607")
    assert summary.mean_band == "Khá"  # 31.607 / 3 = 10.5356…


def test_single_unit(write_rows):
    """One unit: rank 1, 100%, highest and lowest, mean equal to its total."""
    summary = summary_of(write_rows, [("Thị trấn Lạc Dương", "2 2 1.5 2 2 2 2 0 0")])
    assert ranking_rows(summary) == [(1, "Thị trấn Lạc Dương", Decimal("13.5"), "Tốt")]
    assert [(b.count, b.share) for b in summary.bands] == [
        (0, Decimal("0.00")),
        (1, Decimal("100.00")),
        (0, Decimal("0.00")),
        (0, Decimal("0.00")),
        (0, Decimal("0.00")),
    ]
    assert summary.highest.units == summary.lowest.units == ["Thị trấn Lạc Dương"]
    assert summary.mean == Decimal("13.5")
    assert summary.mean_band == "Tốt"


def test_empty_band_has_count_and_share_zero(write_rows):
    """Bands nobody reached are kept, in scheme order, with 0 units."""
    summary = summary_of(write_rows, [("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "1 1 1 1 1 1 1 1 0")])
    assert [(b.band, b.count) for b in summary.bands] == [
        ("Xuất sắc", 1),
        ("Tốt", 0),
        ("Khá", 0),
        ("Trung bình", 1),
        ("Yếu", 0),
    ]


@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        (["16", "16", "15"], [1, 1, 3]),
        (["16", "15", "15"], [1, 2, 2]),
        (["16", "15", "15", "14"], [1, 2, 2, 4]),
        (["16", "15", "14", "14"], [1, 2, 3, 3]),
        (["15", "15", "15"], [1, 1, 1]),
        (["14", "16", "15", "16", "15", "13"], [5, 1, 3, 1, 3, 6]),
        (["15", "15.0", "15.000"], [1, 1, 1]),
        (["12"], [1]),
    ],
    ids=["tie-top", "tie-bottom", "tie-middle", "tie-bottom-two", "all-tied", "unsorted", "spellings", "one"],
)
def test_competition_ranks(totals, ranks):
    """Equal totals share a rank and the next rank is skipped (1, 2, 2, 4)."""
    assert competition_ranks([Decimal(t) for t in totals]) == ranks


def test_ties_at_top_middle_and_bottom_in_a_table(write_rows):
    """Ranks 1,1,3,4,4,6,7,7 with tied units in Vietnamese name order."""
    summary = summary_of(
        write_rows,
        [
            ("Phường 10", "2 2 2 2 2 2 2 2 0"),  # 16
            ("Phường 5", "2 2 2 2 2 2 2 2 0"),  # 16
            ("Phường 1", "2 2 2 2 2 2 2 1.5 0"),  # 15.5
            ("Xã Xuân Thọ", "2 2 2 2 2 2 2 1 0"),  # 15
            ("Phường 12", "2 2 2 2 2 2 2 1 0"),  # 15
            ("Phường 2", "2 2 2 2 2 2 2 0.5 0"),  # 14.5
            ("Xã Tà Nung", "2 2 2 2 2 2 1 0 0"),  # 13
            ("Phường 9", "2 2 2 2 2 2 1 0 0"),  # 13
        ],
    )
    assert [(rank, unit) for rank, unit, _, _ in ranking_rows(summary)] == [
        (1, "Phường 5"),
        (1, "Phường 10"),
        (3, "Phường 1"),
        (4, "Phường 12"),
        (4, "Xã Xuân Thọ"),
        (6, "Phường 2"),
        (7, "Phường 9"),
        (7, "Xã Tà Nung"),
    ]
    assert (summary.highest.total, summary.highest.units) == (Decimal(16), ["Phường 5", "Phường 10"])
    assert (summary.lowest.total, summary.lowest.units) == (Decimal(13), ["Phường 9", "Xã Tà Nung"])


def test_provincial_departments(write_rows):
    """Long names with commas, no commune prefix, three decimals: scored and ranked the same way."""
    summary = summary_of(
        write_rows,
        [
            ("Sở Y tế", "1.5 1.75 1.978 2 2 2 2 1.5 0.25"),  # 14.978
            ("Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt", "1.978 2 2 2 2 2 2 2 1.5"),  # 17.478
            ("Sở Tư pháp", "2 2 2 2 2 2 2 2 1.25"),  # 17.25
            ("Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc", "1.978 2 2 2 2 2 2 2 1.5"),  # 17.478
            ("Sở Giáo dục và Đào tạo", "1.978 1.978 1.978 2 2 2 2 2 1"),  # 16.934
        ],
    )
    assert ranking_rows(summary) == [
        (1, "Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc", Decimal("17.478"), "Xuất sắc"),
        (1, "Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt", Decimal("17.478"), "Xuất sắc"),
        (3, "Sở Tư pháp", Decimal("17.25"), "Xuất sắc"),
        (4, "Sở Giáo dục và Đào tạo", Decimal("16.934"), "Xuất sắc"),
        (5, "Sở Y tế", Decimal("14.978"), "Tốt"),
    ]
    assert summary.total_sum == Decimal("84.118")
    assert summary.mean == Decimal("16.8236")
    assert summary.mean_band == "Xuất sắc"


# --- how many decimals totals are printed with -----------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "places"),
    [
        (["16", "15.9", "15.85"], 2),
        (["15.994", "15.996"], 2),  # 15,99 and 16,00 already differ
        (["15.991", "15.994"], 3),  # both 15,99 at two decimals
        (["15.994", "15.996", "16"], 3),  # 15.996 and 16 both 16,00 at two decimals
        (["15", "15.0", "15.00"], 2),  # one total written three ways is not a collision
        (["15.9991", "15.9994"], 4),  # both 15,999 at three decimals
    ],
)
def test_display_places(totals, places):
    """Two decimals unless two different totals would print alike."""
    assert display_places([Decimal(t) for t in totals]) == places


def test_a_total_below_a_band_bound_never_prints_as_the_bound(write_rows):
    """A Tốt unit at 14.996 is printed 14,996, not 15,00 which would read as Xuất sắc."""
    summary = summary_of(write_rows, [("Phường 1", "2 2 2 2 2 2 2 0.996 0"), ("Phường 2", "2 2 2 2 2 2 0 0 0")])
    assert summary.places == 3
    assert "Đơn vị có điểm số cao nhất là: UBND Phường 1 (đạt 14,996 điểm)." in section1(summary, TT01)


# --- property test against an independent exact reference ------------------------------------------

# Band lower bounds of TT 01/2018 in thousandths of a point, written out independently of the package.
REF_BANDS = [(15000, "Xuất sắc"), (12000, "Tốt"), (9000, "Khá"), (6000, "Trung bình"), (0, "Yếu")]


def ref_band(total: Fraction) -> str:
    return next(name for lower, name in REF_BANDS if total >= Fraction(lower, 1000))


def ref_half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(x * scale + Fraction(1, 2)), scale)


def ref_text(thousandths: int, trim: bool) -> str:
    text = f"{thousandths // 1000}.{thousandths % 1000:03d}"
    return text.rstrip("0").rstrip(".") if trim else text


@st.composite
def random_tables(draw):
    """1..40 units; values 0..2 in 0.05 or 0.001 steps (as thousandths); many ties from a small pool of rows."""
    step = draw(st.sampled_from([50, 1]))
    value = st.integers(0, 2000 // step).map(lambda k: k * step)
    row = st.lists(value, min_size=9, max_size=9)
    # Rows with totals on or just below a band bound: 15, 14.95, 12, 11.95, 9, 6 (and 14.999, 14.996, 11.999).
    near_bounds = [[2000] * 7 + [1000, 0], [2000] * 7 + [950, 0], [2000] * 6 + [0] * 3,
                   [2000] * 5 + [1950, 0, 0, 0], [1000] * 9, [2000] * 3 + [0] * 6]  # fmt: skip
    if step == 1:
        near_bounds += [[2000] * 7 + [999, 0], [2000] * 7 + [996, 0], [2000] * 5 + [1999, 0, 0, 0]]
    pool = draw(st.lists(st.one_of(row, st.sampled_from(near_bounds)), min_size=1, max_size=5))
    from_pool = st.sampled_from(pool)
    n = draw(st.integers(1, 40))
    rows = draw(st.lists(st.one_of(from_pool, from_pool.flatmap(st.permutations), row), min_size=n, max_size=n))
    numbers = draw(st.permutations(list(range(1, n + 1))))
    trim = draw(st.booleans())
    return list(zip(numbers, rows)), trim


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tables())
def test_ranks_bands_and_mean_agree_with_exact_reference(case):
    """On random tables the package's ranks, bands, counts, mean and printed figures match a Fraction reference."""
    units, trim = case
    lines = ["unit,c1,c2,c3,c4,c5,c6,c7,c8,c9"]
    lines += [f"Phường {number}," + ",".join(ref_text(v, trim) for v in values) for number, values in units]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        summary = summarize(read_scores(path, TT01))
    n = len(units)

    # Reference: totals in thousandths, competition ranks, bands, name order by ward number.
    totals = {number: sum(values) for number, values in units}
    ref_rank = {number: 1 + sum(1 for t in totals.values() if t > total) for number, total in totals.items()}
    expected = [
        (ref_rank[number], f"Phường {number}", Fraction(totals[number], 1000), ref_band(Fraction(totals[number], 1000)))
        for number in sorted(totals, key=lambda k: (ref_rank[k], k))
    ]
    got = [(int(rank), unit, Fraction(total), band) for rank, unit, total, band in ranking_rows(summary)]
    assert got == expected

    for band, (_, name) in zip(summary.bands, REF_BANDS):
        count = sum(1 for _, _, _, b in expected if b == name)
        assert (band.band, band.count) == (name, count)
        assert Fraction(band.share) == ref_half_up(Fraction(100 * count, n), 2)

    ref_sum = Fraction(sum(totals.values()), 1000)
    ref_mean = ref_sum / n
    assert Fraction(summary.total_sum) == ref_sum
    assert abs(Fraction(summary.mean) - ref_mean) < Fraction(1, 10**20)
    assert summary.mean_band == ref_band(ref_mean)

    top, bottom = max(totals.values()), min(totals.values())
    assert Fraction(summary.highest.total) == Fraction(top, 1000)
    assert summary.highest.units == [f"Phường {k}" for k in sorted(totals) if totals[k] == top]
    assert Fraction(summary.lowest.total) == Fraction(bottom, 1000)
    assert summary.lowest.units == [f"Phường {k}" for k in sorted(totals) if totals[k] == bottom]

    # Printed totals: distinct totals print distinctly, none reads as another band, and no more decimals than needed.
    def totals_read_well(places: int) -> bool:
        distinct = {Fraction(t, 1000) for t in totals.values()}
        shown = {t: ref_half_up(t, places) for t in distinct}
        return len(set(shown.values())) == len(distinct) and all(ref_band(s) == ref_band(t) for t, s in shown.items())

    assert summary.places >= 2 and totals_read_well(summary.places)
    assert summary.places == 2 or not totals_read_well(summary.places - 1)

    # Printed mean: rounded half up, in the mean's own band, with no more decimals than needed.
    [mean_line] = [line for line in section1(summary, TT01) if line.startswith("Điểm số bình quân")]
    printed = mean_line.split(": ", 1)[1].split(" điểm", 1)[0]
    places = len(printed.split(",")[1])
    printed_value = Fraction(printed.replace(".", "").replace(",", "."))
    assert places >= 2
    assert printed_value == ref_half_up(ref_mean, places)
    assert ref_band(printed_value) == ref_band(ref_mean)
    assert places == 2 or ref_band(ref_half_up(ref_mean, places - 1)) != ref_band(ref_mean)
    assert mean_line.endswith(f"xếp loại {ref_band(ref_mean).lower()} theo hướng dẫn.")
