"""The period a portal file names, read from the file's head without parsing a national file."""

from __future__ import annotations

import re
from pathlib import Path

from tthc_analysis.period import Period, PeriodError, from_portal

__all__ = ["peek_period"]

_HEAD = 4096  # the crawler writes ``metadata`` first: the period is read without parsing a national file
_FIELD = r'"{}"\s*:\s*("?)([A-Za-z0-9]*)\1'


def peek_period(path: str | Path) -> Period | None:
    """The period a portal file's ``metadata`` names, read from the file's head; None when it names none."""
    with open(path, encoding="utf-8-sig") as handle:
        head = handle.read(_HEAD)
    block = head.find('"metadata"')
    if block < 0:
        return None
    found = {}
    for field in ("timeType", "year", "period"):
        match = re.search(_FIELD.format(field), head[block:])
        found[field] = match.group(2) if match and match.group(2) not in ("", "null") else None
    if found["timeType"] is None or found["year"] is None:
        return None
    try:
        return from_portal(found["timeType"], found["year"], found["period"])
    except PeriodError:
        return None
