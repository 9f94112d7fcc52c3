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
from functools import lru_cache

import numpy as np
from babel.numbers import format_decimal

__all__ = [
    "column_code_points",
    "format_count",
    "format_integer",
    "format_number",
    "format_percent",
    "format_points",
    "hidden_chars",
    "is_normalised_column",
    "match_key",
    "nfc",
    "normalise_name",
    "vi_sort_key",
    "vi_sort_order",
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


# Control (Cc) and format (Cf) characters: invisible, some reorder what follows (U+202E writes
# "(đạt 8,00 điểm)" backwards), some make a look-alike ("Phường 1" + U+200B), ESC drives a terminal.
# The Cf list is Unicode 15's; tests/unit/test_names.py checks it against this Python's unicodedata.
HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def hidden_chars(text: str) -> list[str]:
    """The control and format characters of ``text``, each written U+XXXX, in order of first appearance.

    >>> hidden_chars("Phường 1\u200b\u202e")
    ['U+200B', 'U+202E']
    """
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in HIDDEN.findall(text)))


def nfc(text: str) -> str:
    """Unicode NFC form, the one every name is stored in."""
    return unicodedata.normalize("NFC", text)


def normalise_name(text: str) -> str:
    """NFC, single spaces, any dash written as a hyphen: the form names are compared in."""
    return " ".join(nfc(text).translate(_DASHES).split())


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """Form in which two spellings of one name compare equal (cached: a district's name recurs on every row).

    Case, spacing, dashes and the tone mark's position are ignored: offices write both
    "Hòa" (old placement) and "Hoà" (new), so each word's tone is moved to its end.

    >>> match_key("Phường Hòa Bình") == match_key("phường  Hoà Bình")
    True
    >>> match_key("Phường 1") == match_key("Phường 10")
    False
    """
    visible = " ".join(HIDDEN.sub("", normalise_name(name)).split())  # whitespace first, then the invisible
    return " ".join(map(_word_match_key, visible.casefold().split(" ")))


@lru_cache(maxsize=65536)
def _word_match_key(word: str) -> str:
    """One word of :func:`match_key`: its tone mark moved to the end. Cached: a national table of 10,000
    names is made of a few thousand distinct words ("Xã", "Phường", "Huyện" in nearly every one)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_RANK]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_RANK))
    return bare + "".join(tones)


@lru_cache(maxsize=4096)
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


# Whole-column name order. Each element of vi_sort_key's primary tuple becomes code points of a string that
# compares, code point by code point, exactly as the tuples do: every character present gets one private-use
# code point, allotted in (class, value) order (other characters, then Vietnamese letters, then other letters),
# and a run of digits becomes a marker, its length and its digits. Codes are prefix-free, so the first
# differing element decides, and a shorter tuple still sorts first. Tones and case only break ties between
# equal primary keys; those (rare) runs are ordered by vi_sort_key itself.
_LOW, _NUMBER_MARK, _HIGH = 0xE000, 0xE800, 0xE801  # private-use code points: no digit, letter or space
_DIGITS = re.compile(r"\d+")


def _primary_codes(chars: list[str]) -> dict[str, int] | None:
    """One code point per non-digit character, in the order of vi_sort_key's (class, value); None if unsafe."""
    pairs = []
    for char in chars:
        if char.isdigit():
            return None  # a digit outside \d: vi_sort_key calls int() on it and fails
        base, _ = _split_letter(char)
        if base in _LETTER_RANK:
            pairs.append(((2, _LETTER_RANK[base]), char))
        elif char.isalpha():
            pairs.append(((3, ord(base[0]) if base else 0), char))
        else:
            pairs.append(((0, ord(char)), char))
    ordinals = sorted({pair for pair, _ in pairs})
    low = [p for p in ordinals if p[0] == 0]
    high = [p for p in ordinals if p[0] != 0]
    if len(low) > _NUMBER_MARK - _LOW or len(high) > 0xF8FF - _HIGH:
        return None
    code = {p: _LOW + i for i, p in enumerate(low)} | {p: _HIGH + i for i, p in enumerate(high)}
    return {char: code[pair] for pair, char in pairs}


def column_code_points(texts: list[str]):
    """The code points of ``texts`` joined by newlines (a numpy uint32 array), for work on a whole column.

    None when a text holds a newline itself (the rows could not be told apart) or a lone surrogate.
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return None
    try:
        return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return None


def _primary_keys(texts: list[str]) -> list[str] | None:
    """The primary key of each (normalised) name as one string, or None when a name needs vi_sort_key."""
    points = column_code_points(texts)
    if points is None:
        return None
    present = [chr(c) for c in np.flatnonzero(np.bincount(points)) if c != 0x0A]
    digits = [c for c in present if _DIGITS.fullmatch(c)]
    codes = _primary_codes([c for c in present if c not in digits])
    if codes is None:
        return None
    table = np.arange(max([0x0B] + [ord(c) + 1 for c in present]), dtype=np.uint32)
    for char, code in codes.items():
        table[ord(char)] = code
    keys = table[points].tobytes().decode("utf-32-le").split("\n")
    if digits:  # numbers are coded name by name, on the names that hold a digit
        is_digit = np.zeros(len(table), dtype=bool)
        is_digit[[ord(c) for c in digits]] = True
        line = np.cumsum(points == 0x0A)
        for i in np.unique(line[is_digit[points]]).tolist():
            keys[i] = _DIGITS.sub(_number_code, keys[i])
    return keys


def _number_code(match: re.Match) -> str:
    digits = str(int(match.group()))
    return chr(_NUMBER_MARK) + chr(len(digits)) + digits


def is_normalised_column(names: list[str] | tuple[str, ...]) -> bool:
    """True when :func:`normalise_name` leaves every name as it is; one pass over the joined column."""
    joined = "\n".join(names)
    if joined.count("\n") != max(len(names) - 1, 0) or not unicodedata.is_normalized("NFC", joined):
        return False
    try:
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return _normal(joined, {chr(c) for c in np.flatnonzero(np.bincount(points))})


def _normal(joined: str, chars: set[str]) -> bool:
    """True when every name of a joined column is already as normalise_name writes it (NFC aside)."""
    odd = any(c.isspace() and c not in " \n" or c in _DASHES_SET for c in chars)
    return not (odd or "  " in joined or "\n " in joined or " \n" in joined or joined[:1] == " " or joined[-1:] == " ")


_DASHES_SET = {chr(c) for c in _DASHES}


def vi_sort_order(names: list[str]) -> list[int]:
    """Positions of ``names`` in Vietnamese name order: ``sorted(range(n), key=lambda i: vi_sort_key(names[i]))``.

    The same order (stable: equal names keep their order) computed for a whole column at once, about
    twenty times faster than a key per name, which matters at national scale (100,000 names).
    """
    names = list(names)
    if not names:
        return []
    if not is_normalised_column(names):
        names = [normalise_name(n) for n in names]
    primary = _primary_keys(names)
    if primary is None:
        return sorted(range(len(names)), key=lambda i: vi_sort_key(names[i]))
    keys = np.array(primary)
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    if not (ranked[1:] == ranked[:-1]).any():
        return order.tolist()
    return _fix_ties(order.tolist(), ranked, names)


def _secondary_key(name: str) -> tuple[str, str, str]:
    """vi_sort_key's tones, case and text as strings that compare as its tuples do (for equal primary keys)."""
    tones = "".join(chr(0x30 + _split_letter(c)[1]) for c in name if c.isalpha() or _split_letter(c)[0] in _LETTER_RANK)
    return tones, "".join("1" if c.isupper() else "0" for c in name), name


def _fix_ties(order: list[int], ranked: np.ndarray, names: list[str]) -> list[int]:
    """Within runs of equal primary keys, order by the rest of vi_sort_key (stable), as sorting by it would."""
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1], [True])))
    runs = np.flatnonzero(np.diff(starts) > 1)
    for i, j in zip(starts[runs].tolist(), starts[runs + 1].tolist()):
        if len({names[k] for k in order[i:j]}) > 1:
            order[i:j] = sorted(order[i:j], key=lambda k: _secondary_key(names[k]))
    return order


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


def format_integer(value: int, digits: int = 1) -> str:
    """A whole number with Vietnamese thousands separators, padded with zeros to ``digits`` (1 to 3): ``10.599``,
    ``04``."""
    return format_decimal(value, format="#," + "#" * (3 - digits) + "0" * digits, locale="vi_VN")


def format_count(count: int, total: int) -> str:
    """Two-digit count over the total, as the seed writes it: ``04/16``; ``9.146/10.599`` past a thousand."""
    return f"{format_integer(count, 2)}/{format_integer(total, 2)}"
