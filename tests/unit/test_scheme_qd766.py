"""The QĐ 766 scheme as data: six groups, their sub-indicators and formulas, aliases, the merged group, bands."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from tthc_analysis.scheme import SchemeError, available_schemes, load_scheme

# Group codes, names and maxima copied by hand from DOMAIN.md and data/portal-766/README.md.
GROUPS = [
    ("CKMB", "Công khai, minh bạch", Decimal(18)),
    ("TDGQ", "Tiến độ giải quyết", Decimal(20)),
    ("ONLINE", "Dịch vụ công trực tuyến", Decimal(12)),
    ("TTTT", "Thanh toán trực tuyến", Decimal(10)),
    ("MDSH", "Số hóa hồ sơ", Decimal(22)),
    ("MDHL", "Mức độ hài lòng", Decimal(18)),
]

# Sub-indicator codes and maxima as printed in the real detail file's componentIndicators (read by eye).
PORTAL_METRICS = {
    "CKMB": [("PUBLISH_ON_TIME", 6), ("PUBLIC_UPDATE_ON_TIME", 4), ("PUBLIC_CONTENT_FULL", 2), ("DOSSIER_SYNC", 6)],
    "MDSH": [
        ("ORIGINAL_RESULT_AVAILABLE", 6),
        ("SO_HOA_GIAY_TO_GIAI_QUYET", 4),
        ("REUSED_DIGITIZED_DATA", 2),
        ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 4),
        ("CITIZEN_DATA_CONNECTED_DOSSIER", 2),
        ("CITIZEN_DATA_CONNECTED_FORMALITY", 2),
        ("ELECTRONIC_CERTIFIED_COPY", 2),
    ],
    "MDHL": [
        ("PETITION_CLASSIFICATION_TTHC", 0),
        ("DOSSIER_RECEIVING_SATISFACTION", 6),
        ("PETITION_PROCESSING_ON_TIME", 6),
        ("PETITION_HANDLING_SATISFACTION", 6),
        ("PETITION_CLASSIFICATION_STAFF", 0),
    ],
}


@pytest.fixture(scope="module")
def qd766():
    return load_scheme("qd766")


def test_shipped_and_two_level(qd766):
    assert "qd766" in available_schemes()
    assert qd766.two_level
    assert not load_scheme("tt01-2018").two_level
    assert "766/QĐ-TTg" in qd766.legal_basis


def test_six_groups_are_the_scored_columns(qd766):
    """The groups, in the portal's order, are the scheme's criteria; their keys are the codes; 100 in all."""
    assert [(g.code, g.name, g.max_points) for g in qd766.groups] == GROUPS
    assert qd766.criterion_keys == [code for code, _, _ in GROUPS]
    assert [(c.name, c.max_points) for c in qd766.criteria] == [(name, m) for _, name, m in GROUPS]
    assert qd766.max_total == Decimal(100)
    assert qd766.criterion("MDSH").max_points == Decimal(22)


def test_sub_indicators_are_the_portals(qd766):
    for group, metrics in PORTAL_METRICS.items():
        assert [(i.code, i.max_points) for i in qd766.group(group).indicators] == [(c, Decimal(m)) for c, m in metrics]
    assert qd766.group("ONLINE").indicators == ()  # the portal publishes nothing below ONLINE


def test_every_group_with_indicators_adds_up_to_its_maximum(qd766):
    for group in qd766.groups:
        if group.indicators:
            assert sum(i.max_points for i in group.indicators) == group.max_points, group.code


def test_formula_kinds(qd766):
    formulas = {i.code: (i.formula, i.target, i.empty_full) for g in qd766.groups for i in g.indicators}
    assert formulas["PUBLISH_ON_TIME"] == ("linear", None, False)
    assert formulas["REUSED_DIGITIZED_DATA"] == ("target", Decimal("0.80"), False)
    assert formulas["DOSSIER_RECEIVING_SATISFACTION"][0] == "target"
    assert formulas["PETITION_PROCESSING_ON_TIME"] == ("linear", None, True)
    assert formulas["PETITION_HANDLING_SATISFACTION"] == ("linear", None, True)
    assert formulas["PETITION_CLASSIFICATION_STAFF"][0] == "tracking"
    assert formulas["DOSSIER_ON_TIME"] == ("linear", None, False)
    assert {formulas[i.code][0] for i in qd766.group("TTTT").indicators} == {"unconfirmed"}


def test_linear_points(qd766):
    """Vân Canh's PUBLISH_ON_TIME 1/47 of 6 points: 6/47 = 0.1276…, printed 0.13 on the portal."""
    _, indicator = qd766.indicator("PUBLISH_ON_TIME")
    points = indicator.points(Decimal(1), Decimal(47))
    assert Decimal("0.1276") < points < Decimal("0.1277")


def test_target_points(qd766):
    """REUSED_DIGITIZED_DATA, max 2 at an 80% target: 1543/2618 gives 2 × 0.58938…/0.8 = 1.4734…; 90% gives 2."""
    _, indicator = qd766.indicator("REUSED_DIGITIZED_DATA")
    assert Decimal("1.4734") < indicator.points(Decimal(1543), Decimal(2618)) < Decimal("1.4735")
    assert indicator.points(Decimal(9), Decimal(10)) == Decimal(2)
    assert indicator.points(Decimal(8), Decimal(10)) == Decimal(2)


def test_empty_denominator(qd766):
    """0/0 gives full marks only where the flag says so; elsewhere no figure (not 0)."""
    _, petition = qd766.indicator("PETITION_PROCESSING_ON_TIME")
    _, sync = qd766.indicator("DOSSIER_SYNC")
    assert petition.points(Decimal(0), Decimal(0)) == Decimal(6)
    assert sync.points(Decimal(0), Decimal(0)) is None
    assert sync.points(None, Decimal(5)) is None


def test_tracking_and_unconfirmed_give_no_figure(qd766):
    _, tracking = qd766.indicator("PETITION_CLASSIFICATION_TTHC")
    assert tracking.tracking_only
    assert tracking.points(Decimal(3), Decimal(4)) is None
    _, payment = qd766.indicator("DOSSIER_ONLINE_PAYMENT")
    assert payment.points(Decimal(3), Decimal(4)) is None


def test_aliases_and_merged_group(qd766):
    assert qd766.group("CLGQ").code == "ONLINE"
    assert qd766.group(" clgq ").code == "ONLINE"
    merged = qd766.merged_group("ONLINE_SERVICE")
    assert merged.parts == ("ONLINE", "TTTT")
    assert merged.max_points == Decimal(22)
    assert qd766.column_max("ONLINE_SERVICE") == Decimal(22)
    assert qd766.column_max("CLGQ") == Decimal(12)
    with pytest.raises(KeyError):
        qd766.group("XYZ")


def test_bands_are_the_portals_convention(qd766):
    assert [(b.name, b.lower, b.upper) for b in qd766.bands] == [
        ("Xuất sắc", Decimal(90), None),
        ("Tốt", Decimal(80), Decimal(90)),
        ("Khá", Decimal(70), Decimal(80)),
        ("Trung bình", Decimal(50), Decimal(70)),
        ("Yếu", Decimal(0), Decimal(50)),
    ]
    assert "không quy định" in qd766.bands_convention
    assert load_scheme("tt01-2018").bands_convention is None


@pytest.mark.parametrize(
    ("total", "band"),
    [("100", "Xuất sắc"), ("90", "Xuất sắc"), ("89.99", "Tốt"), ("80", "Tốt"), ("79.99", "Khá"), ("70", "Khá"),
     ("69.99", "Trung bình"), ("50", "Trung bình"), ("49.99", "Yếu"), ("0", "Yếu")],
)  # fmt: skip
def test_band_bounds(qd766, total, band):
    assert qd766.band_of(Decimal(total)) == band


def test_tt01_unchanged():
    """The flat scheme keeps its c1..c9 keys and has no groups."""
    tt01 = load_scheme("tt01-2018")
    assert tt01.groups == () and tt01.merged_groups == ()
    assert tt01.criterion_keys == [f"c{n}" for n in range(1, 10)]
    assert all(c.code is None for c in tt01.criteria)


GROUP_SCHEME = """
name = "thu"
[[groups]]
code = "A"
name = "Nhóm A"
max_points = "10"
{extra}
[[groups.indicators]]
code = "A1"
name = "Chỉ tiêu A1"
max_points = "{a1}"
formula = "{formula}"
[[groups]]
code = "B"
name = "Nhóm B"
max_points = "5"
[[bands]]
name = "Tất cả"
min = "0"
"""


def _write(tmp_path, text):
    path = tmp_path / "scheme.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_custom_two_level_scheme_loads(tmp_path):
    scheme = load_scheme(_write(tmp_path, GROUP_SCHEME.format(extra="", a1="10", formula="linear")))
    assert scheme.criterion_keys == ["A", "B"]
    assert scheme.max_total == Decimal(15)


@pytest.mark.parametrize(
    ("extra", "a1", "formula", "match"),
    [
        ("", "9", "linear", "add up"),
        ("", "10", "quadratic", "formula"),
        ("", "10", "target", "target"),
        ("", "0", "linear", "tracking"),
        ('aliases = ["B"]', "10", "linear", "more than once"),
    ],
)
def test_malformed_two_level_scheme(tmp_path, extra, a1, formula, match):
    with pytest.raises(SchemeError, match=match):
        load_scheme(_write(tmp_path, GROUP_SCHEME.format(extra=extra, a1=a1, formula=formula)))


def test_criteria_and_groups_together_is_an_error(tmp_path):
    text = (
        GROUP_SCHEME.format(extra="", a1="10", formula="linear")
        + '[[criteria]]\nnumber = 1\nname = "X"\nmax_points = "2"\n'
    )
    with pytest.raises(SchemeError, match="not both"):
        load_scheme(_write(tmp_path, text))
