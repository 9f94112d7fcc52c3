"""The documented bounds applied to a portal JSON file's bytes, before they are decoded or parsed.

The file's size is bounded (``TTHC_MAX_FILE_MB``), but a few megabytes of JSON can still ask for far more: a
list of millions of units, a unit with a million sub-indicators, a name of millions of characters, or
thousands of nested brackets (which also make ``json`` raise RecursionError). The check works on the UTF-8
bytes (no byte of a multi-byte character is a quote, a backslash, a bracket or a comma): the names by one
regular expression per key, then the file's skeleton (its brackets and commas, strings and numbers removed by
regular expressions and one translation) by one loop, a fraction of the parse. Bounds:

* entries of a list outside a unit: ``TTHC_MAX_ROWS`` (a list of units is the JSON's rows; a unit is the
  outermost object that is an element of a list);
* objects nested in one unit (its groups and sub-indicators), entries of a list inside a unit and members of
  any object: ``TTHC_MAX_COLUMNS``;
* characters of a name (``departmentName``, ``provinceName``, ``province``, ``name``): ``TTHC_MAX_NAME_LENGTH``;
* nesting depth: ``TTHC_MAX_JSON_DEPTH``.
"""

from __future__ import annotations

import json
import re
from functools import cache

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.limits import MAX_COLUMNS, MAX_JSON_DEPTH, MAX_NAME_LENGTH, MAX_ROWS

NAME_KEYS = ("departmentName", "provinceName", "province", "name")

_STRING_BODY = rb'[^"\\]*(?:\\.[^"\\]*)*'  # a JSON string's inside, escapes kept: no per-byte alternation
_STRING = re.compile(b'"' + _STRING_BODY + b'"')
_NOT_STRUCTURE = bytes(set(range(256)) - set(b"[]{},"))  # deleted by bytes.translate: numbers, spaces, colons
_NOT_STRUCTURE_OR_QUOTE = bytes(set(range(256)) - set(b'[]{},"'))
_STEP = 1 << 22  # bytes handled at once
_KEY_BEFORE = re.compile(b'"(' + _STRING_BODY + rb')"\s*:\s*$')
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes after the first of a UTF-8 character


@cache
def _long_name(key: bytes, bound: int, plain: bool) -> re.Pattern[bytes]:
    """A value of ``key`` of more than ``bound`` characters, an escape (``\\u00e1``) counted as one; in a
    ``plain`` file (no backslash) of more than ``bound`` bytes, which every longer name has, and which one
    character class finds faster. A candidate: its characters are counted exactly afterwards. One expression per
    key, so that the search skips to the key's text instead of trying every quote of the file."""
    body = rb'[^"]' if plain else rb'(?:[^"\\]|\\u[0-9A-Fa-f]{4}|\\.)'
    return re.compile(b'"' + key + rb'"\s*:\s*"(?=' + body + b"{%d})(" % (bound + 1) + _STRING_BODY + b')"')


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_json_bytes(file: str, data: bytes) -> None:
    """Refuse (``ValidationError``, one problem) a JSON file's bytes beyond the bounds, before they are parsed."""
    problem = _name_problem(data) or _structure_problem(data)
    if problem is not None:
        raise ValidationError([Problem(file, problem)])


def _name_problem(data: bytes) -> str | None:
    """The first name of the file (by position) longer than the bound, in words; None if there is none."""
    bound, plain = MAX_NAME_LENGTH.value(), b"\\" not in data
    first: tuple[int, str, int] | None = None  # position, key, characters
    for key in NAME_KEYS:
        for match in _long_name(key.encode(), bound, plain).finditer(data):
            length = _characters(data, *match.span(1))
            if length > bound:
                if first is None or match.start() < first[0]:
                    first = (match.start(), key, length)
                break
    if first is None:
        return None
    return MAX_NAME_LENGTH.refusal(f"tên ở “{first[1]}” dài {_number(first[2])} ký tự")


def _characters(data: bytes, start: int, end: int) -> int:
    """The characters of the JSON string whose inside is ``data[start:end]``."""
    if data.find(b"\\", start, end) >= 0:
        return len(json.loads(data[start - 1 : end + 1]))  # escapes counted as the characters they stand for
    # UTF-8 characters counted without decoding (or copying) a name that may be huge
    return sum(len(data[i : min(i + _STEP, end)].translate(None, _CONTINUATION)) for i in range(start, end, _STEP))


def _skeleton(data: bytes) -> bytes:
    """The file's brackets and commas outside strings, in order. Strings are removed chunk by chunk (a regular
    expression's substitution over millions of strings at once holds a list of them all: gigabytes); a chunk
    always starts outside a string, so the expression pairs quotes as JSON does."""
    if b"\\" not in data:
        return _plain_skeleton(data)
    out, pos = bytearray(), 0
    while pos < len(data):
        stop = min(pos + _STEP, len(data))
        stripped = _STRING.sub(b"", data[pos:stop])
        if b'"' in stripped:  # a string still open at the chunk's end: cut before it, then skip it whole
            cut = pos + _last_opening_quote(data, pos, stop)
            stripped = _STRING.sub(b"", data[pos:cut])
            whole = _STRING.match(data, cut)
            stop = whole.end() if whole else len(data)  # never closed: the parser reports the file
        out += stripped.translate(None, _NOT_STRUCTURE)
        pos = stop
    return bytes(out)


def _plain_skeleton(data: bytes) -> bytes:
    """:func:`_skeleton` of a file without a backslash: every quote opens or closes a string, so the text between
    quotes is, in turn, outside and inside a string (a string left open runs to the end, as there)."""
    out, inside = bytearray(), False
    for pos in range(0, len(data), _STEP):
        # Brackets, commas and quotes only (one pass), then split at the quotes: the pieces are then mostly empty
        # or one byte, which Python does not even allocate.
        parts = data[pos : pos + _STEP].translate(None, _NOT_STRUCTURE_OR_QUOTE).split(b'"')
        out += b"".join(parts[1 if inside else 0 :: 2])
        inside ^= len(parts) % 2 == 0  # an odd number of quotes in the chunk
    return bytes(out)


def _last_opening_quote(data: bytes, start: int, stop: int) -> int:
    """The last quote in ``data[start:stop]`` not escaped by a backslash, relative to ``start``."""
    while True:
        stop = data.rfind(b'"', start, stop)
        backslashes = 0
        while stop - backslashes - 1 >= start and data[stop - backslashes - 1] == 92:
            backslashes += 1
        if backslashes % 2 == 0:
            return stop - start


def _structure_problem(data: bytes) -> str | None:
    """The first bound the file's lists, objects and nesting pass, in words; None within every bound."""
    rows, columns, depth = MAX_ROWS.value(), MAX_COLUMNS.value(), MAX_JSON_DEPTH.value()
    lists: list[bool] = []  # per open bracket: a list (True) or an object
    entries: list[int] = []  # separators seen in it
    opened: list[int] = []  # its ordinal among the file's brackets, to find its key for the message
    unit_level, inside, brackets = -1, 0, 0  # the outermost object in a list (a unit): its level, objects in it
    for char in _skeleton(data):
        if char == 44:  # ,
            if entries:
                entries[-1] += 1
                if entries[-1] >= (rows if lists[-1] and unit_level < 0 else columns):
                    return _too_many(data, lists[-1], unit_level >= 0, opened[-1], rows, columns)
        elif char == 91 or char == 123:  # [ {
            brackets += 1
            if char == 123:
                if unit_level < 0:
                    unit_level = len(lists) if lists and lists[-1] else -1
                else:
                    inside += 1
                    if inside > columns:
                        key = _key_of(data, opened[unit_level - 1])
                        return MAX_COLUMNS.refusal(f"một đơn vị trong “{key}” có hơn {_number(columns)} chỉ tiêu")
            lists.append(char == 91)
            entries.append(0)
            opened.append(brackets)
            if len(lists) > depth:
                return MAX_JSON_DEPTH.refusal(f"tệp JSON lồng nhau hơn {_number(depth)} cấp")
        elif lists:
            lists.pop()
            entries.pop()
            opened.pop()
            if len(lists) == unit_level:
                unit_level, inside = -1, 0
    return None


def _too_many(data: bytes, is_list: bool, in_unit: bool, ordinal: int, rows: int, columns: int) -> str:
    key = _key_of(data, ordinal)
    if is_list and not in_unit:
        return MAX_ROWS.refusal(f"danh sách “{key}” có hơn {_number(rows)} phần tử")
    what = f"danh sách “{key}” có hơn {_number(columns)} phần tử" if is_list else \
        f"đối tượng “{key}” có hơn {_number(columns)} trường"  # fmt: skip
    return MAX_COLUMNS.refusal(what)


def _key_of(data: bytes, ordinal: int) -> str:
    """The key before the ``ordinal``-th bracket of the file (strings skipped), or "…" for one in a list."""
    seen = 0
    for match in re.finditer(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]', data):
        if match.group(0)[0] != 34:  # not a string: a bracket
            seen += 1
            if seen == ordinal:
                key = _KEY_BEFORE.search(data, max(0, match.start() - 300), match.start())
                return key.group(1).decode("utf-8", "replace") if key else "…"
    return "…"
