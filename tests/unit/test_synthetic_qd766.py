"""The SYNTHETIC national QĐ 766 table: the portal's shape, its figures consistent as the portal's are."""

from __future__ import annotations

from decimal import Decimal

from tthc_analysis.pipeline import analyse
from tthc_analysis.synthetic_qd766 import write_national


def test_a_small_national_table_reads_with_no_discrepancy(tmp_path):
    path = write_national(tmp_path, seed=3, communes=60, agencies=12)
    result = analyse(path)
    assert result.summary.n_units == 72
    assert {c: s.n_units for c, s in result.cohorts.items()} == {"AGENCY": 12, "COMMUNE": 60}
    assert result.metadata.status == "synthetic"  # metadata.toml beside the file says so
    portal = result.table.portal
    assert portal.checks.discrepancies == () and portal.has_indicators
    # Every total is the exact sum of its six groups, as the portal computes them.
    frame = result.table.frame
    groups = ["CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL"]
    assert all(sum((r[g] for g in groups), Decimal(0)) == r["stated_total"] for _, r in frame.iterrows())
    assert set(frame["parent_level"]) == {"tỉnh"} and frame["district"].nunique() > 1


def test_the_same_seed_gives_the_same_file(tmp_path):
    first = write_national(tmp_path / "a", seed=5, communes=40, agencies=5).read_bytes()
    assert first == write_national(tmp_path / "b", seed=5, communes=40, agencies=5).read_bytes()
