"""Document facts: read from metadata, type-checked, every problem at once, gaps instead of "KHÔNG RÕ"."""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from pathlib import Path

import pytest

from tthc_analysis.document_facts import (
    DocumentFacts,
    document_facts,
    format_document_date,
    format_short_date,
    parse_document_facts,
)
from tthc_analysis.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2022, 1, 5), "Đà Lạt, ngày 05 tháng 01 năm 2022"),
        (dt.date(2022, 2, 28), "Đà Lạt, ngày 28 tháng 02 năm 2022"),
        (dt.date(2022, 3, 9), "Đà Lạt, ngày 09 tháng 3 năm 2022"),
        (dt.date(2021, 12, 31), "Đà Lạt, ngày 31 tháng 12 năm 2021"),
        (dt.date(2023, 10, 10), "Đà Lạt, ngày 10 tháng 10 năm 2023"),
    ],
)
def test_date_follows_decree_30(day, expected):
    assert format_document_date(day, "Đà Lạt") == expected


def test_short_date():
    assert format_short_date(dt.date(2022, 1, 5)) == "05/01/2022"
    assert format_short_date(None) == "…/…/…"


def test_example_metadata_reads_without_problems():
    raw = tomllib.loads((ROOT / "data/metadata.example.toml").read_text(encoding="utf-8"))
    facts = document_facts(raw, "metadata.example.toml")
    assert facts.number_line() == "Số: 05/BC-UBND"
    assert facts.place_date_line() == "Đà Lạt, ngày 05 tháng 01 năm 2023"
    assert facts.parent_line() == "UBND TỈNH LÂM ĐỒNG"
    assert facts.issuing_lines() == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ LẠT"]
    assert facts.recipient_lines() == ["Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng"]
    assert facts.distribution_lines()[-1] == "- Lưu: VT, CCHC."
    assert facts.signer_lines() == (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Nguyễn Văn A")
    # Empty notes in the example are "none", not an error.
    assert facts.assessment_notes is None and facts.measures_notes is None


def test_no_metadata_gives_gaps_never_khong_ro():
    facts = document_facts({})
    texts = [
        facts.parent_line(),
        *facts.issuing_lines(),
        facts.number_line(),
        facts.place_date_line(),
        *facts.recipient_lines(),
        *facts.opening("kết quả"),
        facts.closing("kết quả"),
        *facts.distribution_lines(),
        *facts.signer_lines()[0],
        facts.signer_lines()[1],
        facts.reference_line(),
        facts.summary_line(),
    ]
    assert not any("KHÔNG RÕ" in t.upper() or "Cơ quan báo cáo" in t for t in texts)
    assert facts.number_line() == "Số: ……/BC-UBND"
    assert facts.place_date_line() == "……, ngày … tháng … năm …"
    assert facts.recipient_lines() == ["Kính gửi: ……"]
    assert facts.distribution_lines() == ["- Như trên;", "- Lưu: VT, ……."]
    assert facts.signer_lines() == (["……"], "……")
    # Without legal references there is no "Thực hiện" line, and the body is a gap to fill in.
    assert facts.opening("kết quả năm 2021") == ["…… báo cáo kết quả năm 2021 như sau:"]


def test_top_level_fields_are_used():
    facts = document_facts(
        {
            "reporting_body": "UBND thành phố Đà Lạt",
            "recipient": "Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng",
            "legal_references": ["Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng"],
        }
    )
    assert facts.issuing_lines() == ["UBND THÀNH PHỐ ĐÀ LẠT"]
    assert facts.opening("kết quả đánh giá") == [
        "Thực hiện Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng,",
        "UBND thành phố Đà Lạt báo cáo kết quả đánh giá như sau:",
    ]
    assert facts.closing("kết quả đánh giá") == (
        "Trên đây là báo cáo kết quả đánh giá, UBND thành phố Đà Lạt báo cáo "
        "Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng theo dõi, tổng hợp."
    )


def test_several_recipients_and_distribution_entries():
    facts = document_facts(
        {
            "document": {
                "recipients": ["Sở Nội vụ", "- Trung tâm Phục vụ Hành chính công tỉnh;"],
                "distribution": ["- Như trên;", "Phòng Nội vụ", "Lưu: VT, VP."],
                "drafting_unit": "CCHC",
                "number": "7",
                "code": "BC-VP",
            }
        }
    )
    assert facts.recipient_lines() == ["Kính gửi:", "- Sở Nội vụ;", "- Trung tâm Phục vụ Hành chính công tỉnh."]
    # The "Lưu" line is written once, from drafting_unit.
    assert facts.distribution_lines() == ["- Như trên;", "- Phòng Nội vụ;", "- Lưu: VT, CCHC."]
    assert facts.number_line() == "Số: 07/BC-VP"


def test_every_problem_at_once():
    raw = {
        "reporting_body": 12,
        "legal_references": "Một văn bản",  # a single text is accepted as a one-item list
        "document": {
            "number": -3,
            "date": "05/01/2022",
            "recipients": ["Sở Nội vụ", 4],
            "signer_name": ["Nguyễn Văn A"],
            "signer_authority": "TM. Ủy ban nhân dân",
            "sigher_title": "Phó Chủ tịch",
        },
    }
    facts, problems = parse_document_facts(raw, "data/2022/metadata.toml")
    assert sorted(p.column for p in problems) == sorted(
        [
            "reporting_body",
            "document.number",
            "document.date",
            "document.recipients",
            "document.signer_name",
            "document.sigher_title",
        ]
    )
    assert all(p.file == "data/2022/metadata.toml" for p in problems)
    assert facts.legal_references == ("Một văn bản",)
    assert facts.signer_authority == ("TM. Ủy ban nhân dân",)
    # A field with a problem stays unknown: a gap, not a wrong value.
    assert facts.number is None and facts.date is None
    with pytest.raises(ValidationError) as caught:
        document_facts(raw, "data/2022/metadata.toml")
    assert len(caught.value.problems) == 6
    assert "document.date" in caught.value.report()
    assert "năm-tháng-ngày" in caught.value.report()


def test_document_must_be_a_table():
    _, problems = parse_document_facts({"document": "UBND"})
    assert [p.column for p in problems] == ["document"]


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Phòng Văn hóa – Thông tin")
    facts = document_facts({"document": {"distribution": [decomposed], "date": dt.date(2022, 1, 5)}})
    assert facts.distribution_lines()[0] == "- Phòng Văn hóa – Thông tin;"
    assert unicodedata.is_normalized("NFC", facts.distribution_lines()[0])


def test_reference_line_and_toml_date():
    raw = tomllib.loads('reporting_body = "UBND thành phố Đà Lạt"\n[document]\nnumber = 5\ndate = 2022-01-05\n')
    facts = document_facts(raw)
    assert facts.reference_line() == "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2022 của UBND thành phố Đà Lạt)"
    assert document_facts({}).reference_line() == "(Kèm theo Báo cáo số ……/BC-UBND ngày …… của ……)"


def test_facts_are_frozen():
    with pytest.raises(AttributeError):
        DocumentFacts().number = "05"  # type: ignore[misc]


def test_analyst_notes_become_paragraphs():
    facts = document_facts(
        {
            "document": {
                "assessment_notes": "Người dân còn quen nộp hồ sơ trực tiếp\ntại Bộ phận Một cửa.\n\nĐoạn hai.",
                "measures_notes": "Phối hợp với Bưu điện.",
            }
        }
    )
    assert facts.assessment_paragraphs() == ["Người dân còn quen nộp hồ sơ trực tiếp tại Bộ phận Một cửa.", "Đoạn hai."]
    assert facts.measures_paragraphs() == ["Phối hợp với Bưu điện."]
    assert document_facts({}).assessment_paragraphs() == []
