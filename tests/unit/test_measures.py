"""Section III: the measures of the criteria or groups that lost most points, from the analyst's data file."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.narrative.measures import chosen, load_measures, section3, section3_heading

ROOT = Path(__file__).resolve().parents[2]
MEASURES = ROOT / "tthc_analysis/resources/measures"


def _raw(name: str) -> dict:
    return tomllib.loads((MEASURES / f"{name}.toml").read_text(encoding="utf-8"))


def test_tt01_has_measures_for_criteria_1_to_9():
    measures = load_measures("tt01-2018")
    assert measures.scheme == "tt01-2018"
    assert [k for k, _ in measures.by_key] == [str(n) for n in range(1, 10)]
    assert all(items for _, items in measures.by_key)
    assert measures.general


def test_qd766_has_measures_for_every_group():
    measures = load_measures("qd766")
    assert {k for k, _ in measures.by_key} == {"CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL", "ONLINE_SERVICE"}
    assert all(items for _, items in measures.by_key)


def test_measures_state_no_causes():
    # A measure says what to do; the scores cannot show why points were lost (habits, reasons).
    for name in ("tt01-2018", "qd766"):
        text = " ".join(str(v) for v in _raw(name).values()) + str(_raw(name)["measures"])
        for cause in ("thói quen", "nguyên nhân", "do cá nhân", "vì "):
            assert cause not in text


LOST_2021 = [
    ("9", "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến", Decimal(32)),
    ("3", "Số lần phải liên hệ", Decimal("2.85")),
    ("1", "Tổng thời gian", Decimal("1.95")),
    ("2", "Thời gian từng cơ quan", Decimal("1.95")),
    ("7", "Thái độ", Decimal("2.00")),  # out of order on purpose: the caller's order is kept
    ("5", "Bộ phận Một cửa", Decimal(0)),
]


def test_top_entries_and_ties():
    assert [k for k, _, _ in chosen(LOST_2021, 3)] == ["9", "3", "1", "2"]  # 2 ties with 1
    assert [k for k, _, _ in chosen(LOST_2021, 1)] == ["9"]
    assert chosen(LOST_2021, 0) == []
    assert chosen([("5", "x", Decimal(0))], 3) == []


def test_section3_numbered_measures_then_general():
    measures = load_measures("tt01-2018")
    raw = _raw("tt01-2018")
    paragraphs = section3(LOST_2021, measures, units="UBND các phường, xã", body="UBND thành phố Đà Lạt",
                          next_year=2022)  # fmt: skip
    assert paragraphs[0] == (
        "Nhằm tiếp tục nâng cao chất lượng giải quyết TTHC tại UBND các phường, xã trong năm 2022, "
        "UBND thành phố Đà Lạt tiếp tục yêu cầu UBND các phường, xã thực hiện có hiệu quả một số nhiệm vụ sau:"
    )
    expected = [*raw["measures"]["9"]["items"], *raw["measures"]["3"]["items"], *raw["measures"]["1"]["items"],
                *raw["measures"]["2"]["items"], *raw["general"]]  # fmt: skip
    assert paragraphs[1:] == [f"{n}. {text}" for n, text in enumerate(expected, 1)]
    # Criterion 5 lost nothing: its measure is not there.
    assert not any(m in p for m in raw["measures"]["5"]["items"] for p in paragraphs)
    assert len(set(paragraphs)) == len(paragraphs)


def test_heading_from_file():
    assert section3_heading(load_measures("tt01-2018"), 2022) == (
        "III. Phương hướng, giải pháp nâng cao chất lượng giải quyết TTHC trong năm 2022:"
    )


def test_unknown_units_and_body_are_gaps():
    paragraphs = section3([], load_measures("tt01-2018"))
    assert paragraphs[0].startswith("Nhằm tiếp tục nâng cao chất lượng giải quyết TTHC tại …… trong năm ……, …… ")
    assert len(paragraphs) == 1 + len(_raw("tt01-2018")["general"])


def test_analyst_notes_are_added():
    notes = "Phối hợp với Bưu điện thành phố hỗ trợ người dân nộp hồ sơ trực tuyến.\n\nĐoạn thứ hai."
    paragraphs = section3(LOST_2021[:1], load_measures("tt01-2018"), notes=notes)
    assert paragraphs[-2:] == ["Phối hợp với Bưu điện thành phố hỗ trợ người dân nộp hồ sơ trực tuyến.",
                               "Đoạn thứ hai."]  # fmt: skip


def test_the_analyst_edits_the_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'scheme = "tt01-2018"\ntop = 1\nheading = "III. Giải pháp năm {{ next_year }}:"\n'
        'intro = "{{ body }} yêu cầu:"\ngeneral = ["Chung."]\n'
        '[measures.9]\nitems = ["Chín.", "Chung."]\n[measures.3]\nitems = ["Ba."]\n',
        encoding="utf-8",
    )
    paragraphs = section3(LOST_2021, load_measures(path), body="UBND thành phố Đà Lạt")
    # top = 1: only criterion 9; "Chung." written twice is printed once.
    assert paragraphs == ["UBND thành phố Đà Lạt yêu cầu:", "1. Chín.", "2. Chung."]


def test_bad_file_lists_every_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'top = -1\nheading = ""\nintro = "{{ units "\ngeneral = "một câu"\n'
        '[measures.9]\nitems = [1]\n[measures.3]\ntext = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_measures(path)
    columns = sorted(p.column for p in caught.value.problems)
    assert columns == sorted(["top", "heading", "intro", "general", "measures.9.items", "measures.3"])


def test_unknown_scheme():
    with pytest.raises(ValidationError, match="không có tệp giải pháp"):
        load_measures("khong-co")
