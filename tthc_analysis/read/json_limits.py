"""The documented bounds applied to a portal JSON file's text, before ``json.loads`` builds anything from it.

The file's size is bounded (``TTHC_MAX_FILE_MB``), but a few megabytes of JSON can still ask for far more: a
list of millions of units, a unit with a million sub-indicators, a name of millions of characters, or
thousands of nested brackets (which also make ``json`` raise RecursionError). The text is checked in two
passes at most: the names by one regular expression, then the text's skeleton (its brackets and commas, the
strings and numbers removed by regular expressions) by one loop, which costs a fraction of the parse; only a
file found beyond a bound is scanned again, token by token, to name the list or key in the message. Bounds:

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

_STRING_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'  # a JSON string's inside, escapes kept: no per-character alternation
_STRING = re.compile(f'"{_STRING_BODY}"')
_NOT_STRUCTURE = re.compile(r"[^\[\]{},]+")
# A string (with ``:`` after it when it is a key) or one structural character; numbers and literals are skipped.
_TOKEN = re.compile(f'"({_STRING_BODY})"(\\s*:)?|[\\[\\]{{}},]')


@cache
def _long_name(bound: int) -> re.Pattern[str]:
    """A name value of more than ``bound`` characters, an escape (``\\u00e1``) counted as one."""
    keys = "|".join(NAME_KEYS)
    return re.compile(f'"(?:{keys})"\\s*:\\s*"(?=(?:[^"\\\\]|\\\\u[0-9A-Fa-f]{{4}}|\\\\.){{{bound + 1}}})')


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class _Frame:
    """One open list or object: its key in its parent, entries so far, objects opened inside (for a unit)."""

    __slots__ = ("inside", "is_list", "key", "separators", "unit")

    def __init__(self, is_list: bool, key: str, unit: bool) -> None:
        self.is_list, self.key, self.unit = is_list, key, unit
        self.separators = 0
        self.inside = 0


def check_json_text(file: str, text: str) -> None:
    """Refuse (``ValidationError``, one problem) a JSON text beyond the bounds, before it is parsed."""
    if not _beyond_bounds(text):
        return
    problem = _first_problem(text)  # None when the quick pass was misled (a name pattern inside a string)
    if problem is not None:
        raise ValidationError([Problem(file, problem)])


def _beyond_bounds(text: str) -> bool:
    """Whether any bound is passed: the same counts as :func:`_first_problem`, on the text's skeleton."""
    rows, columns, depth = MAX_ROWS.value(), MAX_COLUMNS.value(), MAX_JSON_DEPTH.value()
    if _long_name(MAX_NAME_LENGTH.value()).search(text):
        return True
    lists: list[bool] = []  # per open bracket: a list (True) or an object
    entries: list[int] = []  # separators seen in it
    unit_level, inside = -1, 0  # the outermost object in a list (a unit): its level, objects opened in it
    for char in _NOT_STRUCTURE.sub("", _STRING.sub("", text)):
        if char == ",":
            if entries:
                entries[-1] += 1
                if entries[-1] >= (rows if lists[-1] and unit_level < 0 else columns):
                    return True
        elif char == "[" or char == "{":
            if char == "{":
                if unit_level < 0:
                    unit_level = len(lists) if lists and lists[-1] else -1
                else:
                    inside += 1
                    if inside > columns:
                        return True
            lists.append(char == "[")
            entries.append(0)
            if len(lists) > depth:
                return True
        elif lists:
            lists.pop()
            entries.pop()
            if len(lists) == unit_level:
                unit_level, inside = -1, 0
    return False


def _first_problem(text: str) -> str | None:
    rows, columns, depth_bound, name_bound = MAX_ROWS.value(), MAX_COLUMNS.value(), MAX_JSON_DEPTH.value(), \
        MAX_NAME_LENGTH.value()  # fmt: skip
    stack: list[_Frame] = []
    unit: _Frame | None = None  # the outermost object that is an element of a list: a unit
    key = ""  # the last key read: the key of the value that follows
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == '"':
            if match.group(2):
                key = match.group(1)
            elif key in NAME_KEYS and len(match.group(1)) > name_bound and stack and not stack[-1].is_list:
                length = len(json.loads(token))  # escapes counted as the characters they stand for
                if length > name_bound:
                    return MAX_NAME_LENGTH.refusal(f"tên ở “{key}” dài {_number(length)} ký tự")
            continue
        if token == ",":
            if stack:
                frame = stack[-1]
                frame.separators += 1
                if frame.is_list and unit is None and frame.separators >= rows:  # entries = separators + 1
                    what = f"danh sách “{frame.key}”" if frame.key else "một danh sách"
                    return MAX_ROWS.refusal(f"{what} có hơn {_number(rows)} phần tử")
                if (unit is not None or not frame.is_list) and frame.separators >= columns:
                    what = "danh sách" if frame.is_list else "đối tượng"
                    return MAX_COLUMNS.refusal(f"{what} “{frame.key}” có hơn {_number(columns)} "
                                               f"{'phần tử' if frame.is_list else 'trường'}")  # fmt: skip
            continue
        if token in "]}":
            if stack:
                frame = stack.pop()
                if frame is unit:
                    unit = None
            continue
        is_list = token == "["
        in_list = bool(stack) and stack[-1].is_list
        frame = _Frame(is_list, key if stack and not in_list else (stack[-1].key if stack else ""), False)
        if not is_list and in_list and unit is None:
            unit, frame.unit = frame, True
        elif not is_list and unit is not None:
            unit.inside += 1
            if unit.inside > columns:
                return MAX_COLUMNS.refusal(f"một đơn vị trong “{unit.key}” có hơn "
                                           f"{_number(columns)} chỉ tiêu")  # fmt: skip
        stack.append(frame)
        if len(stack) > depth_bound:
            return MAX_JSON_DEPTH.refusal(f"tệp JSON lồng nhau hơn {_number(depth_bound)} cấp")
    return None
