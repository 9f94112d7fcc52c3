"""Back-test: the 2021 Đà Lạt table reproduces every Section I figure of the city's published report."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from expected import SECTION_I_2021

from tthc_analysis.pipeline import analyse

REPO = Path(__file__).resolve().parents[2]
SCORES_2021 = REPO / "data" / "2021" / "scores.csv"
SEED_NAME = "bao-cao-danh-gia-tthc-2021-da-lat.txt"
SEED = REPO / "tests" / "fixtures" / "seed" / SEED_NAME  # committed copy of the seed report
SHARED_SEED = REPO.parent / "shared" / "seed" / SEED_NAME  # the team's copy, beside the checkout

# The seed's loose wording of the Tốt range, and the half-open range it means.
SEED_LOOSE = "(đạt từ 12 đến 15 điểm)"
CORRECTED = "(đạt từ 12 đến dưới 15 điểm)"


# Worked out by hand from data/2021/scores.csv.
RANKING_2021 = [
    (1, "Phường 3", "16"),
    (1, "Phường 6", "16"),
    (3, "Phường 5", "15.9"),
    (3, "Phường 10", "15.9"),
    (5, "Phường 1", "15.85"),
    (6, "Phường 9", "15.8"),
    (6, "Xã Trạm Hành", "15.8"),
    (8, "Phường 2", "15.75"),
    (8, "Xã Xuân Thọ", "15.75"),
    (10, "Phường 4", "15.7"),
    (10, "Xã Tà Nung", "15.7"),
    (12, "Phường 12", "15.65"),
    (13, "Phường 7", "14.5"),
    (14, "Phường 11", "14"),
    (15, "Xã Xuân Trường", "13.5"),
    (16, "Phường 8", "13"),
]


def seed_section1() -> list[str]:
    """Non-blank lines of the seed from "I. Kết quả thực hiện:" to "(Chi tiết bảng xếp hạng…", inclusive."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    start = lines.index("I. Kết quả thực hiện:")
    end = next(i for i, line in enumerate(lines) if line.startswith("(Chi tiết bảng xếp hạng"))
    return [line for line in lines[start : end + 1] if line]


def without_period(line: str) -> str:
    return line.strip().removesuffix(".")


def test_seed_section1_is_what_we_think_it_is():
    """The extraction finds the heading, seven figures sentences and the appendix line, with one loose range."""
    section = seed_section1()
    assert len(section) == 9
    assert section[0] == "I. Kết quả thực hiện:"
    assert section[-1].startswith("(Chi tiết bảng xếp hạng")
    assert sum(SEED_LOOSE in line for line in section) == 1


def test_cli_reproduces_every_seed_sentence():
    """``tthc summary data/2021/scores.csv`` prints every Section I line of the seed (one range corrected)."""
    result = subprocess.run(
        [sys.executable, "-m", "tthc_analysis.cli", "summary", "data/2021/scores.csv"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    printed = {without_period(line) for line in result.stdout.splitlines()}
    for line in seed_section1():
        expected = without_period(line.replace(SEED_LOOSE, CORRECTED))
        assert expected in printed


def test_narrative_matches_seed_line_for_line():
    """The narrative is the seed's Section I in order (heading aside), modulo final periods and the correction."""
    ours = [without_period(line) for line in analyse(SCORES_2021).section1]
    seed = [without_period(line.replace(SEED_LOOSE, CORRECTED)) for line in seed_section1()[1:]]
    assert ours == seed


def test_narrative_2021_pinned():
    """The full Section I text for 2021, word for word."""
    assert analyse(SCORES_2021).section1 == SECTION_I_2021
    assert analyse(SCORES_2021.parent).section1 == SECTION_I_2021


def test_figures_2021():
    """Counts, shares, mean and extremes of 2021 as the seed states them."""
    summary = analyse(SCORES_2021).summary
    assert summary.n_units == 16
    assert [(b.band, b.count, b.share) for b in summary.bands] == [
        ("Xuất sắc", 12, Decimal("75.00")),
        ("Tốt", 4, Decimal("25.00")),
        ("Khá", 0, Decimal("0.00")),
        ("Trung bình", 0, Decimal("0.00")),
        ("Yếu", 0, Decimal("0.00")),
    ]
    assert summary.total_sum == Decimal("244.8")
    assert summary.mean == Decimal("15.3")
    assert summary.mean_band == "Xuất sắc"
    assert (summary.highest.total, summary.highest.units) == (Decimal(16), ["Phường 3", "Phường 6"])
    assert (summary.lowest.total, summary.lowest.units) == (Decimal(13), ["Phường 8"])
    assert summary.places == 2


def test_ranking_2021():
    """Every unit's rank and total, tied units in Vietnamese name order (Phường 5 before Phường 10)."""
    ranking = analyse(SCORES_2021).summary.ranking
    assert list(zip(ranking["rank"], ranking["unit"], ranking["total"])) == [
        (rank, unit, Decimal(total)) for rank, unit, total in RANKING_2021
    ]
    assert list(ranking["band"]) == ["Xuất sắc"] * 12 + ["Tốt"] * 4


def test_criterion_9_scores_nothing_in_2021():
    """Consistent with the seed's Section II: online dossiers under 15% of all, so 0 on criterion 9 everywhere."""
    table = analyse(SCORES_2021).table
    assert set(table.frame["c9"]) == {Decimal(0)}


def test_2021_table_is_marked_as_reconstructed():
    """The per-unit table was never published; its metadata says so."""
    meta = analyse(SCORES_2021).metadata
    assert meta.status == "reconstruction"
    assert meta.is_constructed


@pytest.mark.skipif(not SHARED_SEED.is_file(), reason="no shared/ folder beside this checkout")
def test_committed_seed_is_the_shared_seed():
    """The committed copy has not drifted from the shared seed report."""
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()
