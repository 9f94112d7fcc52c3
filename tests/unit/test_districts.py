"""Results by district (tthc_analysis.districts): figures, sentences and the HTML section.

Every expected value below was worked out by hand from the small tables written in this file.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tthc_analysis.narrative.districts import district_paragraphs
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.base import BandCount, Extreme
from tthc_analysis.score.districts import DistrictStat, district_stats
from tthc_analysis.score.printed import mean_text
from tthc_analysis.score.summary import summarize
from tthc_analysis.sections.districts import districts_section
from tthc_analysis.validate import read_scores

SCHEME = load_scheme("tt01-2018")
HEADER = "Huyện,Đơn vị," + ",".join(f"Chỉ số {n}" for n in range(1, 10))

# Four districts (totals in the comments):
# - Huyện Đơn Dương: 17, 17, 16, 10 -> sum 60, mean 15 (Xuất sắc); best Ka Đô and Lạc Xuân tie, one Khá unit.
# - Huyện Lạc Dương: 15, 15, 15 -> mean 15, ties Đơn Dương for rank 1; every unit is best and worst, all Xuất sắc.
# - Thành phố Bảo Lộc: 15, 14.99 -> mean 14.995, Tốt; rank 3 (2 is skipped). Two decimals would print 15,00.
# - Huyện Đam Rông: a single unit of 10 -> mean 10, Khá, rank 4.
PROVINCE = f"""
    {HEADER}
    Huyện Đơn Dương,Xã Ka Đô,2,2,2,2,2,2,2,2,1
    Huyện Lạc Dương,Xã Lát,2,2,2,2,2,2,2,1,0
    Thành phố Bảo Lộc,Phường 2,2,2,2,2,2,2,2,0.99,0
    Huyện Đơn Dương,Thị trấn Thạnh Mỹ,2,2,2,1,1,1,1,0,0
    Huyện Đam Rông,Xã Rô Men,2,2,2,1,1,1,1,0,0
    Huyện Lạc Dương,Thị trấn Lạc Dương,2,2,2,2,2,2,2,1,0
    Huyện Đơn Dương,Xã Quảng Lập,2,2,2,2,2,2,2,2,0
    Thành phố Bảo Lộc,Phường 1,2,2,2,2,2,2,2,1,0
    Huyện Lạc Dương,Xã Đạ Sar,2,2,2,2,2,2,1,2,0
    Huyện Đơn Dương,Xã Lạc Xuân,2,2,2,2,2,2,2,2,1
"""

PROVINCE_PARAGRAPHS = [
    "Kết quả của 10 đơn vị được tổng hợp theo 04 đơn vị cấp huyện.",
    "Đơn vị cấp huyện có điểm bình quân cao nhất là: Huyện Đơn Dương, Huyện Lạc Dương "
    "(đạt 15,000 điểm, xếp loại xuất sắc).",
    "Đơn vị cấp huyện có điểm bình quân thấp nhất là: Huyện Đam Rông (đạt 10,000 điểm, xếp loại khá).",
    "Chênh lệch giữa điểm bình quân cao nhất và thấp nhất là 5,000 điểm.",
    "Theo điểm bình quân, 02/04 đơn vị cấp huyện xếp loại xuất sắc, 01/04 xếp loại tốt, 01/04 xếp loại khá.",
    "Đơn vị cấp huyện có tất cả các đơn vị đạt mức độ xuất sắc: Huyện Lạc Dương.",
    "Đơn vị cấp huyện có đơn vị xếp loại dưới mức tốt: Huyện Đam Rông (01/01 đơn vị); Huyện Đơn Dương (01/04 đơn vị).",
]

# Rank | Huyện | Số đơn vị | Điểm bình quân | Xếp loại | Xuất sắc | Tốt | Khá | Trung bình | Yếu | cao nhất | thấp nhất
PROVINCE_ROWS = [
    ["1", "Huyện Đơn Dương", "4", "15,000", "Xuất sắc", "3", "0", "1", "0", "0",
     "Xã Ka Đô, Lạc Xuân (17,00)", "Thị trấn Thạnh Mỹ (10,00)"],
    ["1", "Huyện Lạc Dương", "3", "15,000", "Xuất sắc", "3", "0", "0", "0", "0",
     "Thị trấn Lạc Dương, Xã Đạ Sar, Lát (15,00)", "Thị trấn Lạc Dương, Xã Đạ Sar, Lát (15,00)"],
    ["3", "Thành phố Bảo Lộc", "2", "14,995", "Tốt", "1", "1", "0", "0", "0", "Phường 1 (15,00)", "Phường 2 (14,99)"],
    ["4", "Huyện Đam Rông", "1", "10,000", "Khá", "0", "0", "1", "0", "0", "Xã Rô Men (10,00)", "Xã Rô Men (10,00)"],
]  # fmt: skip

PROVINCE_HEADER = ["Hạng", "Huyện", "Số đơn vị", "Điểm bình quân", "Xếp loại", "Xuất sắc", "Tốt", "Khá", "Trung bình",
                   "Yếu", "Đơn vị cao nhất", "Đơn vị thấp nhất"]  # fmt: skip


class _Table(HTMLParser):
    """Header cells, body rows (cell texts) and the ``scope`` of every <th> of the first table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.scopes: list[str | None] = []
        self._part = ""
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in {"thead", "tbody"}:
            self._part = tag
        elif tag == "tr" and self._part == "tbody":
            self.rows.append([])
        elif tag in {"th", "td"} and self._part:
            self._cell = ""
            if tag == "th":
                self.scopes.append(dict(attrs).get("scope"))

    def handle_endtag(self, tag):
        if tag in {"th", "td"} and self._cell is not None:
            (self.header if self._part == "thead" else self.rows[-1]).append(self._cell.strip())
            self._cell = None
        elif tag in {"thead", "tbody"}:
            self._part = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def parse_table(html: str) -> _Table:
    parser = _Table()
    parser.feed(html)
    parser.close()
    return parser


def paragraphs_of(html: str) -> list[str]:
    """Texts of the <p> elements that are not the table note, in order (entities decoded)."""

    class _Paragraphs(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.texts: list[str] = []
            self._open = False

        def handle_starttag(self, tag, attrs):
            if tag == "p" and "table-note" not in (dict(attrs).get("class") or ""):
                self._open = True
                self.texts.append("")

        def handle_endtag(self, tag):
            if tag == "p":
                self._open = False

        def handle_data(self, data):
            if self._open:
                self.texts[-1] += data

    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return parser.texts


@pytest.fixture
def province(write_csv):
    """The four-district table, written in NFD (as some offices send files)."""
    return write_csv(unicodedata.normalize("NFD", PROVINCE))


def stats_and_summary(path):
    summary = summarize(read_scores(path, SCHEME))
    return district_stats(summary, SCHEME), summary


# --- figures -----------------------------------------------------------------------------------------------------


def test_stats_order_ranks_and_means(province):
    stats, _ = stats_and_summary(province)
    assert [(s.rank, s.district, s.n_units) for s in stats] == [
        (1, "Huyện Đơn Dương", 4),
        (1, "Huyện Lạc Dương", 3),
        (3, "Thành phố Bảo Lộc", 2),
        (4, "Huyện Đam Rông", 1),
    ]
    assert [s.total_sum for s in stats] == [Decimal("60"), Decimal("45"), Decimal("29.99"), Decimal("10")]
    assert [s.mean for s in stats] == [Decimal("15"), Decimal("15"), Decimal("14.995"), Decimal("10")]
    assert [s.mean_band for s in stats] == ["Xuất sắc", "Xuất sắc", "Tốt", "Khá"]


def test_names_from_nfd_input_come_out_nfc(province):
    stats, _ = stats_and_summary(province)
    assert stats[0].district == "Huy\u1ec7n \u0110\u01a1n D\u01b0\u01a1ng"
    for s in stats:
        assert unicodedata.is_normalized("NFC", s.district)
        for unit in s.best.units + s.worst.units:
            assert unicodedata.is_normalized("NFC", unit)


def test_best_and_worst_ties_in_vietnamese_order(province):
    stats, _ = stats_and_summary(province)
    don_duong, lac_duong, bao_loc, dam_rong = stats
    assert don_duong.best == Extreme(Decimal("17"), ["Xã Ka Đô", "Xã Lạc Xuân"])
    assert don_duong.worst == Extreme(Decimal("10"), ["Thị trấn Thạnh Mỹ"])
    three = ["Thị trấn Lạc Dương", "Xã Đạ Sar", "Xã Lát"]
    assert lac_duong.best == Extreme(Decimal("15"), three)
    assert lac_duong.worst == Extreme(Decimal("15"), three)
    assert bao_loc.best == Extreme(Decimal("15"), ["Phường 1"])
    assert bao_loc.worst == Extreme(Decimal("14.99"), ["Phường 2"])
    assert dam_rong.best == dam_rong.worst == Extreme(Decimal("10"), ["Xã Rô Men"])


def test_band_counts_and_shares_of_the_district(province):
    stats, _ = stats_and_summary(province)
    don_duong = stats[0]
    assert don_duong.bands == [
        BandCount("Xuất sắc", Decimal("15"), None, 3, Decimal("75.00")),
        BandCount("Tốt", Decimal("12"), Decimal("15"), 0, Decimal("0.00")),
        BandCount("Khá", Decimal("9"), Decimal("12"), 1, Decimal("25.00")),
        BandCount("Trung bình", Decimal("6"), Decimal("9"), 0, Decimal("0.00")),
        BandCount("Yếu", Decimal("0"), Decimal("6"), 0, Decimal("0.00")),
    ]
    assert [(b.count, b.share) for b in stats[2].bands] == [
        (1, Decimal("50.00")), (1, Decimal("50.00")), (0, Decimal("0.00")), (0, Decimal("0.00")), (0, Decimal("0.00"))
    ]  # fmt: skip
    assert [(b.count, b.share) for b in stats[3].bands][2] == (1, Decimal("100.00"))


def test_no_district_column_gives_nothing(write_rows):
    path = write_rows([("Phường 1", "2 2 2 2 2 2 2 1 0"), ("Phường 2", "2 2 2 2 2 2 2 2 0")])
    summary = summarize(read_scores(path, SCHEME))
    assert district_stats(summary, SCHEME) == []
    assert district_paragraphs([], summary, SCHEME) == []


def test_no_district_column_gives_an_empty_section(write_rows):
    path = write_rows([("Phường 1", "2 2 2 2 2 2 2 1 0")])
    report = load_year_report(2024, scores_path=path)
    html = districts_section(report)
    assert html == ""
    assert html._repr_html_() == ""


def test_spellings_of_one_district_are_grouped_under_the_first(write_csv):
    path = write_csv("""
        district,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Huyện Lâm Hà,Xã Tân Hà,2,2,2,2,2,2,2,1,0
        huyện Lâm  Hà,Xã Đan Phượng,2,2,2,2,2,2,0,0,0
        Huyện Đức Trọng,Xã Hiệp An,2,2,2,2,2,2,2,2,0
    """)
    stats, _ = stats_and_summary(path)
    assert [(s.district, s.n_units, s.total_sum) for s in stats] == [
        ("Huyện Đức Trọng", 1, Decimal("16")),
        ("Huyện Lâm Hà", 2, Decimal("27")),
    ]


# --- sentences ---------------------------------------------------------------------------------------------------


def test_paragraphs_of_the_province(province):
    stats, summary = stats_and_summary(province)
    assert district_paragraphs(stats, summary, SCHEME) == PROVINCE_PARAGRAPHS


def test_mean_just_under_15_bands_tot_and_prints_three_places(write_csv):
    # Bảo Lộc 15 and 14.99 (mean 14.995); Di Linh 12 and 12 (mean 12). The two means differ at two decimals,
    # but 14.995 would print as 15,00, a figure of Xuất sắc: three decimals are used.
    path = write_csv("""
        district,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Thành phố Bảo Lộc,Phường 1,2,2,2,2,2,2,2,1,0
        Thành phố Bảo Lộc,Phường 2,2,2,2,2,2,2,2,0.99,0
        Huyện Di Linh,Thị trấn Di Linh,2,2,2,2,2,2,0,0,0
        Huyện Di Linh,Xã Gung Ré,2,2,2,2,2,1,1,0,0
    """)
    stats, summary = stats_and_summary(path)
    assert [(s.district, s.mean, s.mean_band, s.rank) for s in stats] == [
        ("Thành phố Bảo Lộc", Decimal("14.995"), "Tốt", 1),
        ("Huyện Di Linh", Decimal("12"), "Tốt", 2),
    ]
    assert district_paragraphs(stats, summary, SCHEME) == [
        "Kết quả của 04 đơn vị được tổng hợp theo 02 đơn vị cấp huyện.",
        "Đơn vị cấp huyện có điểm bình quân cao nhất là: Thành phố Bảo Lộc (đạt 14,995 điểm, xếp loại tốt).",
        "Đơn vị cấp huyện có điểm bình quân thấp nhất là: Huyện Di Linh (đạt 12,000 điểm, xếp loại tốt).",
        "Chênh lệch giữa điểm bình quân cao nhất và thấp nhất là 2,995 điểm.",
        "Theo điểm bình quân, 02/02 đơn vị cấp huyện xếp loại tốt.",
        "Không có đơn vị cấp huyện nào có tất cả các đơn vị đạt mức độ xuất sắc.",
        "Không có đơn vị cấp huyện nào có đơn vị xếp loại dưới mức tốt.",
    ]


def test_mean_past_the_last_place_tried_is_cut_not_rounded_into_the_next_band():
    unit = Extreme(Decimal("14.9999999"), ["Phường 1"])
    stat = DistrictStat("Huyện A", 1, Decimal("14.9999999"), Decimal("14.9999999"), "Tốt", [], unit, unit, 1)
    assert mean_text(stat.mean, stat.mean_band, 6, SCHEME) == "14,999999"
    assert mean_text(stat.mean, stat.mean_band, 8, SCHEME) == "14,99999990"


def test_mean_half_way_is_rounded_half_up():
    unit = Extreme(Decimal("12.125"), ["Phường 1"])
    stat = DistrictStat("Huyện A", 1, Decimal("12.125"), Decimal("12.125"), "Tốt", [], unit, unit, 1)
    assert mean_text(stat.mean, stat.mean_band, 2, SCHEME) == "12,13"


def test_single_district_and_units_without_one(write_csv):
    path = write_csv("""
        district,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Huyện Cát Tiên,Xã Tiên Hoàng,2,2,2,2,2,2,2,1,0
        ,Sở Tư pháp,2,2,2,2,2,2,2,2,0
        Huyện Cát Tiên,Xã Gia Viễn,2,2,2,2,1,1,1,0,0
    """)
    stats, summary = stats_and_summary(path)
    assert [(s.district, s.n_units, s.mean, s.rank) for s in stats] == [("Huyện Cát Tiên", 2, Decimal("13"), 1)]
    assert district_paragraphs(stats, summary, SCHEME) == [
        "Kết quả của 02 đơn vị được tổng hợp theo 01 đơn vị cấp huyện. "
        "Có 01 đơn vị không ghi đơn vị cấp huyện nên không được tính trong phần này.",
        "Điểm bình quân của Huyện Cát Tiên là: 13,00 điểm, xếp loại tốt.",
        "Theo điểm bình quân, 01/01 đơn vị cấp huyện xếp loại tốt.",
        "Không có đơn vị cấp huyện nào có tất cả các đơn vị đạt mức độ xuất sắc.",
        "Đơn vị cấp huyện có đơn vị xếp loại dưới mức tốt: Huyện Cát Tiên (01/02 đơn vị).",
    ]


def test_every_district_on_the_same_mean(write_csv):
    path = write_csv("""
        district,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Huyện Bảo Lâm,Xã Lộc An,2,2,2,2,2,2,2,2,0
        Huyện Bảo Lâm,Xã Lộc Ngãi,2,2,2,2,2,2,0,0,0
        Huyện Đạ Huoai,Thị trấn Mađaguôi,2,2,2,2,2,2,1,1,0
    """)
    stats, summary = stats_and_summary(path)
    assert [(s.district, s.rank) for s in stats] == [("Huyện Bảo Lâm", 1), ("Huyện Đạ Huoai", 1)]
    assert district_paragraphs(stats, summary, SCHEME)[1:3] == [
        "Tất cả 02 đơn vị cấp huyện có cùng điểm bình quân: 14,00 điểm, xếp loại tốt.",
        "Theo điểm bình quân, 02/02 đơn vị cấp huyện xếp loại tốt.",
    ]


# --- HTML --------------------------------------------------------------------------------------------------------


def test_section_heading_paragraphs_and_table(province):
    html = districts_section(load_year_report(2024, scores_path=province))
    assert '<h2 class="appendix">Kết quả theo đơn vị cấp huyện</h2>' in html
    assert paragraphs_of(html) == PROVINCE_PARAGRAPHS
    table = parse_table(html)
    assert table.header == PROVINCE_HEADER
    assert table.rows == PROVINCE_ROWS
    assert table.scopes == ["col"] * 12 + ["row"] * 4
    assert unicodedata.is_normalized("NFC", html)


def test_numbers_are_right_aligned(province):
    html = districts_section(load_year_report(2024, scores_path=province))
    assert '<td class="num total">14,995</td>' in html
    assert '<td class="num">3</td>' in html
    assert '<th scope="col" class="num">Điểm bình quân</th>' in html
    assert "ghi với 3 chữ số thập phân" in html


def test_names_are_escaped(write_csv):
    path = write_csv("""
        district,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        <b>x</b>,<script>alert(1)</script>,2,2,2,2,2,2,2,1,0
    """)
    html = districts_section(load_year_report(2024, scores_path=path))
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (15,00)" in html
    assert '<th scope="row" class="district"><bdi>&lt;b&gt;x&lt;/b&gt;</bdi></th>' in html
    assert "Điểm bình quân của &lt;b&gt;x&lt;/b&gt; là: 15,00 điểm, xếp loại xuất sắc." in html
