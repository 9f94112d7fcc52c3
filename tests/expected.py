"""Expected figures and the shared render for the bundled 2021 table, written out by hand from the seed report and data/2021.

Imported by several test modules so the literal values are stated once.
"""

from pathlib import Path

from tthc_analysis.render.report import render_report

DATA = Path(__file__).resolve().parents[1] / "data"

# One full render of 2021, shared by test_render.py and test_browser.py.
FULL_2021 = {"year": 2021, "data_dir": DATA, "pdf": True}


def shared_render(tmp_path_factory, name: str, **kwargs) -> Path:
    """Render once per test session into <basetemp>/<name>; later callers (any module) reuse the folder."""
    out = tmp_path_factory.getbasetemp() / name
    done = tmp_path_factory.getbasetemp() / f"{name}.done"
    if not done.exists():
        render_report(out=out, progress=False, **kwargs)
        done.touch()
    return out


# The seed's Section I, word for word except the deliberate correction "từ 12 đến dưới 15 điểm"
# and a closing full stop on every sentence.
SECTION_I_2021 = [
    "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 12/16 đơn vị, chiếm tỷ lệ 75%.",
    "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 04/16 đơn vị, chiếm tỷ lệ 25%.",
    "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): Không.",
    "Nhóm đạt mức độ trung bình và yếu: Không.",
    "Đơn vị có điểm số cao nhất là: UBND Phường 3, 6 (đạt 16,00 điểm).",
    "Đơn vị có điểm số thấp nhất là: UBND Phường 8 (đạt 13,00 điểm).",
    "Điểm số bình quân cấp xã là: 15,30 điểm, xếp loại xuất sắc theo hướng dẫn.",
    "(Chi tiết bảng xếp hạng giải quyết TTHC cấp xã năm 2021 kèm theo)",
]

# One unit at each band boundary of TT 01/2018 and one just below it (totals in the comments).
BOUNDARY_ROWS = [
    ("Phường 1", "2 2 2 2 2 2 2 1 0"),  # 15
    ("Phường 2", "2 2 2 2 2 2 2 0.99 0"),  # 14.99
    ("Phường 3", "2 2 2 2 2 2 0 0 0"),  # 12
    ("Phường 4", "2 2 2 2 2 1.95 0 0 0"),  # 11.95
    ("Phường 5", "2 2 2 2 1 0 0 0 0"),  # 9
    ("Phường 6", "2 2 2 2 0.99 0 0 0 0"),  # 8.99
    ("Phường 7", "2 2 2 0 0 0 0 0 0"),  # 6
    ("Phường 8", "2 2 1.99 0 0 0 0 0 0"),  # 5.99
]
