"""Vietnamese text: alphabetical order, name normalisation and number formatting."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from tthc_analysis.vietnamese import (
    format_count,
    format_integer,
    format_number,
    format_percent,
    format_points,
    nfc,
    normalise_name,
    vi_sort_key,
)


def vi_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=vi_sort_key)


def test_numbers_compare_as_numbers():
    """Phường 2 comes before Phường 10, and Phường 10 before Phường 12."""
    assert vi_sorted(["Phường 10", "Phường 2", "Phường 12", "Phường 1"]) == [
        "Phường 1",
        "Phường 2",
        "Phường 10",
        "Phường 12",
    ]


def test_da_lat_units_in_order():
    """The 16 units of Đà Lạt: wards by number, then communes alphabetically (Tà < Trạm, Thọ < Trường)."""
    names = [
        "Xã Xuân Trường", "Phường 11", "Xã Tà Nung", "Phường 3", "Phường 10", "Phường 1", "Xã Trạm Hành",
        "Phường 2", "Phường 12", "Xã Xuân Thọ", "Phường 9", "Phường 4", "Phường 5", "Phường 6", "Phường 7",
        "Phường 8",
    ]  # fmt: skip
    assert vi_sorted(names) == [
        "Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 6", "Phường 7", "Phường 8",
        "Phường 9", "Phường 10", "Phường 11", "Phường 12",
        "Xã Tà Nung", "Xã Trạm Hành", "Xã Xuân Thọ", "Xã Xuân Trường",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("shuffled", "expected"),
    [
        (["Âu", "Ăn", "An", "Bình"], ["An", "Ăn", "Âu", "Bình"]),
        (["Đà Lạt", "Dung", "Cường", "Em"], ["Cường", "Dung", "Đà Lạt", "Em"]),
        (["Ơn", "Ông", "Ong", "Phú"], ["Ong", "Ông", "Ơn", "Phú"]),
        (["Ưng", "Uy", "Vân"], ["Uy", "Ưng", "Vân"]),
        (["Êm", "Eo"], ["Eo", "Êm"]),
    ],
    ids=["a-ă-â", "d-đ", "o-ô-ơ", "u-ư", "e-ê"],
)
def test_letters_with_marks_are_letters_of_their_own(shuffled, expected):
    """ă, â, đ, ê, ô, ơ, ư are separate letters placed right after their base letter."""
    assert vi_sorted(shuffled) == expected


def test_d_bar_sorts_after_every_d_word():
    """Đ is a letter after D: "Đà" comes after "Dung" though a < u."""
    assert vi_sorted(["Đà", "Dung"]) == ["Dung", "Đà"]


def test_tones_order_equal_letters():
    """Same letters: ngang, huyền, hỏi, ngã, sắc, nặng."""
    assert vi_sorted(["Họa", "Hóa", "Hõa", "Hỏa", "Hòa", "Hoa"]) == ["Hoa", "Hòa", "Hỏa", "Hõa", "Hóa", "Họa"]


def test_tones_are_secondary_to_letters():
    """A tone never outweighs a letter: "Hóa" before "Hoan", "Mạ" before "Mai"."""
    assert vi_sorted(["Hoan", "Hóa"]) == ["Hóa", "Hoan"]
    assert vi_sorted(["Mai", "Mạ"]) == ["Mạ", "Mai"]
    assert vi_sorted(["Bà", "Ba", "Bá", "Bác"]) == ["Ba", "Bà", "Bá", "Bác"]


def test_sort_key_is_the_same_for_nfc_and_nfd():
    """A name typed in NFD sorts exactly like its NFC form."""
    name = "Xã Xuân Trường"
    assert vi_sort_key(unicodedata.normalize("NFD", name)) == vi_sort_key(name)


def test_nfc_and_normalise_name():
    """Names are stored NFC, with single spaces and any dash as a hyphen."""
    decomposed = unicodedata.normalize("NFD", "Phường Xuân Hương")
    assert decomposed != "Phường Xuân Hương"
    assert nfc(decomposed) == "Phường Xuân Hương"
    assert normalise_name("  Phường  Xuân Hương \u2013 Đà Lạt ") == "Phường Xuân Hương - Đà Lạt"
    assert normalise_name(unicodedata.normalize("NFD", "Xã Tà Nung")) == "Xã Tà Nung"


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        ("15.3", 2, "15,30"),
        ("16", 2, "16,00"),
        ("13", 2, "13,00"),
        ("15.305", 2, "15,31"),
        ("15.994", 2, "15,99"),
        ("15.995", 2, "16,00"),
        ("14.996", 3, "14,996"),
        ("1234.5", 2, "1.234,50"),
        ("7.5", 1, "7,5"),
        ("12", 0, "12"),
    ],
)
def test_format_number_decimal_comma_half_up(value, places, text):
    """Decimal comma, dot for thousands, rounding half up."""
    assert format_number(Decimal(value), places) == text


def test_format_points_defaults_to_two_decimals():
    """Points read like the seed: 15,30."""
    assert format_points(Decimal("15.3")) == "15,30"
    assert format_points(Decimal("15.991"), 3) == "15,991"


@pytest.mark.parametrize(
    ("share", "text"),
    [("75", "75%"), ("75.00", "75%"), ("25", "25%"), ("6.25", "6,25%"), ("33.33", "33,33%"),
     ("12.5", "12,5%"), ("100", "100%"), ("0", "0%")],
)  # fmt: skip
def test_format_percent(share, text):
    """Per cent with at most two decimals and no trailing zeros."""
    assert format_percent(Decimal(share)) == text


@pytest.mark.parametrize(
    ("count", "total", "text"),
    [(4, 16, "04/16"), (12, 16, "12/16"), (1, 1, "01/01"), (0, 5, "00/05"), (3, 40, "03/40"),
     (999, 1000, "999/1.000"), (9146, 10599, "9.146/10.599"), (7, 100000, "07/100.000")],
)  # fmt: skip
def test_format_count_two_digits(count, total, text):
    """Counts are two digits over the total: 04/16; thousands are grouped with a full stop."""
    assert format_count(count, total) == text


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (10599, "10.599"), (1234567, "1.234.567")]
)
def test_format_integer_groups_thousands_with_a_full_stop(value, text):
    assert format_integer(value) == text


def test_column_code_points_joins_texts_by_newlines():
    from tthc_analysis.vietnamese import column_code_points

    assert column_code_points(["Xã", "A"]).tolist() == [0x58, 0xE3, 0x0A, 0x41]
    assert column_code_points(["dòng\nhai", "A"]) is None  # a newline inside a text
    assert column_code_points(["\ud800"]) is None  # a lone surrogate
