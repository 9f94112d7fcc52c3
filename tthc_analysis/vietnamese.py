"""Vietnamese text: normalisation, alphabetical order and number formatting.

Sorting follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ
p q r s t u ư v x y) with tone marks as a secondary difference and digit runs
compared as numbers, so "Phường 2" comes before "Phường 10". ICU does this too,
but PyICU must be compiled against the system ICU; this small key needs nothing.
Numbers are written the Vietnamese way through Babel's ``vi_VN`` locale.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

__all__ = [
    "format_count",
    "format_number",
    "format_percent",
    "format_points",
    "match_key",
    "nfc",
    "normalise_name",
    "vi_sort_key",
]

# Letters in Vietnamese alphabetical order; f, j, w, z (foreign names) in their Latin places.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Tone marks in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a letter of their own (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_TOKEN = re.compile(r"\d+|\D")


def nfc(text: str) -> str:
    """Unicode NFC form, the one every name is stored in."""
    return unicodedata.normalize("NFC", text)


def normalise_name(text: str) -> str:
    """NFC, single spaces, any dash written as a hyphen: the form names are compared in."""
    return " ".join(nfc(text).translate(_DASHES).split())


def match_key(name: str) -> str:
    """Form in which two spellings of one name compare equal.

    Case, spacing, dashes and the tone mark's position are ignored: offices write both
    "Hòa" (old placement) and "Hoà" (new), so each word's tone is moved to its end.

    >>> match_key("Phường Hòa Bình") == match_key("phường  Hoà Bình")
    True
    >>> match_key("Phường 1") == match_key("Phường 10")
    False
    """
    words = []
    for word in normalise_name(name).casefold().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = [ch for ch in decomposed if ch in _TONE_RANK]
        bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_RANK))
        words.append(bare + "".join(tones))
    return " ".join(words)


def _split_letter(char: str) -> tuple[str, int]:
    """Split one NFC character into its base letter (with letter-forming marks) and tone rank."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_RANK:
            tone = _TONE_RANK[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def vi_sort_key(name: str) -> tuple:
    """Sort key for Vietnamese names: alphabet order, then tones, then case, numbers as numbers.

    >>> sorted(["Phường 10", "Xã Tà Nung", "Phường 2", "Phường 1"], key=vi_sort_key)
    ['Phường 1', 'Phường 2', 'Phường 10', 'Xã Tà Nung']
    >>> sorted(["Đà Lạt", "Dương", "Ân", "Anh"], key=vi_sort_key)
    ['Anh', 'Ân', 'Dương', 'Đà Lạt']
    """
    text = normalise_name(name)
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            primary.append((1, int(token)))
            continue
        base, tone = _split_letter(token)
        if base in _LETTER_RANK:
            primary.append((2, _LETTER_RANK[base]))
            tones.append(tone)
        elif token.isalpha():
            # Letters outside the Vietnamese alphabet sort after it, by code point.
            primary.append((3, ord(base[0]) if base else 0))
            tones.append(tone)
        else:
            primary.append((0, ord(token)))
    return (tuple(primary), tuple(tones), tuple(ch.isupper() for ch in text), text)


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int, places: int) -> str:
    """``places`` decimals, rounded half up, Vietnamese separators: ``1.234,50``."""
    quantized = _quantize(Decimal(value), places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(quantized, format=pattern, locale="vi_VN", decimal_quantization=True)


def format_points(value: Decimal, places: int = 2) -> str:
    """Points as the seed writes them: ``15,30``."""
    return format_number(value, places)


def format_percent(value: Decimal) -> str:
    """A share in per cent with at most two decimals and no trailing zeros: ``75%``, ``6,25%``."""
    quantized = _quantize(Decimal(value), 2)
    return format_decimal(quantized, format="#,##0.##", locale="vi_VN") + "%"


def format_count(count: int, total: int) -> str:
    """Two-digit count over the total, as the seed writes it: ``04/16``."""
    return f"{count:02d}/{total:02d}"
