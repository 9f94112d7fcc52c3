"""The intermediate tables a reviewer checks, as pandas DataFrames: how each total, rank and band was reached.

The report notebook shows them between the parameters and the sections. The reader's HTML leaves them out
(their cells are tagged ``review``); the reviewer's version (``--with-code``) and JupyterLab show them. Every
figure is the Decimal the report computes with, never a float.
"""

from __future__ import annotations

import pandas as pd

from tthc_analysis.pipeline import YearReport


def scores_table(report: YearReport) -> pd.DataFrame:
    """The validated scores as read (file row, unit, each criterion) with the total the report computed from them.

    A stated total, where the table has one, stands beside the computed total it was checked against.
    """
    table = report.result.table
    frame = table.frame
    totals = dict(zip(report.result.summary.ranking["row"], report.result.summary.ranking["total"]))
    columns = {"Dòng": frame["row"], "Đơn vị": frame["unit"]}
    if "district" in frame.columns:
        columns["Đơn vị cấp trên"] = frame["district"]
    columns |= {f"Chỉ số {c.number}": frame[c.key] for c in report.scored_criteria}
    columns["Tổng điểm (tính)"] = [totals[row] for row in frame["row"]]
    if "stated_total" in frame.columns:
        columns["Tổng điểm (ghi trong bảng)"] = frame["stated_total"]
    return pd.DataFrame(columns).set_index("Dòng")


def ranking_frame(report: YearReport) -> pd.DataFrame:
    """The ranking: competition rank (ties share a rank, the next is skipped), unit, total and band."""
    ranking = report.result.summary.ranking
    frame = pd.DataFrame({"Thứ hạng": ranking["rank"], "Đơn vị": ranking["unit"], "Tổng điểm": ranking["total"],
                          "Xếp loại": ranking["band"]})  # fmt: skip
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="STT")
    return frame


def bands_frame(report: YearReport) -> pd.DataFrame:
    """Units per band, the band's bounds (lower inclusive, upper exclusive) and the share in per cent."""
    summary = report.result.summary
    return pd.DataFrame(
        {
            "Xếp loại": [b.band for b in summary.bands],
            "Từ (điểm)": [b.lower for b in summary.bands],
            "Đến dưới (điểm)": [b.upper if b.upper is not None else "" for b in summary.bands],
            "Số đơn vị": [b.count for b in summary.bands],
            "Tỷ lệ (%)": [b.share for b in summary.bands],
        }
    ).set_index("Xếp loại")


def criteria_frame(report: YearReport) -> pd.DataFrame:
    """Each criterion across units: maximum, mean, points lost in all and how many units lost points."""
    summary = report.result.summary
    return pd.DataFrame(
        {
            "Chỉ số": [c.number for c in summary.criteria],
            "Tên chỉ số": [c.name for c in summary.criteria],
            "Điểm tối đa": [c.max_points for c in summary.criteria],
            "Điểm bình quân": [c.mean for c in summary.criteria],
            "Tổng điểm bị trừ": [c.points_lost for c in summary.criteria],
            "Số đơn vị bị trừ điểm": [len(c.units_losing) for c in summary.criteria],
        }
    ).set_index("Chỉ số")
