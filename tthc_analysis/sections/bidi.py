"""Unit names isolated with ``<bdi>`` wherever the report's HTML prints text, not only in table cells.

Names carrying bidi controls are refused when a table is read; this is the second line of defence: a name
written in a right-to-left script (or one that a future reader lets through) cannot reorder the figures that
follow it in a sentence ("… Phường X (đạt 8,00 điểm)"). Every text value a report template prints passes
through :func:`isolate` (the templates' ``finalize``): the names of the report being rendered, found in it,
are wrapped in ``<bdi>``; everything else is escaped exactly as Jinja's autoescape would. Values already
HTML (``Markup``, nested sections) and attribute values (written ``|e`` in the templates) are left alone.

The names in force are set per call by :func:`names_isolated`, the decorator of every section function.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from markupsafe import Markup, escape

from tthc_analysis.narrative.base import load_wording
from tthc_analysis.sections.memo import LastReport

_WORD = re.compile(r"(?<!\w)\w+")


class _Names:
    """The names to find in a text: looked up by their first word, then by each length a name has (longest
    first), so a national table's twenty thousand names cost a few set lookups per word, not a regex each."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = {name for name in names if _WORD.match(name)}  # a name starts with a letter or a digit
        self.first_words = {_WORD.match(name).group(0) for name in self.names}
        self.lengths = sorted({len(name) for name in self.names}, reverse=True)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where whole names stand in ``text`` (not "Phường 1" inside "Phường 12"), left to right."""
        found, end = [], 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < end or word.group(0) not in self.first_words:
                continue
            for length in self.lengths:
                stop = start + length
                if stop <= len(text) and text[start:stop] in self.names and not _WORD.match(text, stop, stop + 1):
                    found.append((start, stop))
                    end = stop
                    break
        return found


_NAMES: ContextVar[_Names | None] = ContextVar("tthc_unit_names", default=None)

Section = TypeVar("Section", bound=Callable)


@functools.lru_cache(maxsize=8)
def _compiled(names: frozenset[str]) -> _Names | None:
    return _Names(names) if names else None


def report_names(report: object) -> frozenset[str]:
    """Every unit and district name a report (or the index's overview) may print."""
    found: set[str] = set()
    results = []
    for attribute in ("result", "previous"):
        if getattr(report, attribute, None) is not None:
            results.append(getattr(report, attribute))
    data = getattr(report, "data", None)
    results += list(getattr(data, "results", {}).values()) if data is not None else []
    for result in results:
        frame = result.table.frame
        for column in ("unit", "district"):
            if column in frame.columns:
                found.update(str(value) for value in frame[column].dropna().unique().tolist())
    units = getattr(report, "units", None)
    if units is not None:
        found.update(units.registry_names.values())
        found.update(name for name, _ in units.unknown)
    comparison = getattr(report, "comparison", None)
    for change in getattr(comparison, "units", None) or []:
        found.update(n for n in (change.unit, change.previous_name, change.district) if n)
        found.update(change.predecessors + change.missing_predecessors)
    return frozenset(found | _shortened(found))


def _shortened(names: set[str]) -> set[str]:
    """What a list of tied units prints of a name after the first of its type ("UBND Phường 1, Xuân Thọ"):
    the name without its type, when it holds a letter (a bare number is a figure, not a name)."""
    types = sorted(load_wording().unit_types, key=len, reverse=True)
    rests = set()
    for name in names:
        for unit_type in types:
            if name.startswith(unit_type + " "):
                rest = name[len(unit_type) + 1 :]
                if any(char.isalpha() for char in rest):
                    rests.add(rest)
                break
    return rests


def _names_of(report: object) -> frozenset[str]:
    """:func:`report_names`, gathered once for a frozen report (a ``YearReport``: some twenty sections, in the kernel
    and in the worker, print the same report) and at every call for anything else."""
    params = getattr(report, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return report_names(report)
    return _frozen_names(report)


_frozen_names: LastReport[frozenset[str]] = LastReport(lambda report: report_names(report))  # looked up per call


def names_isolated(section: Section) -> Section:
    """Render ``section(report, …)`` with the report's names isolated in every text its templates print."""

    @functools.wraps(section)
    def render(report, *args, **kwargs):
        token = _NAMES.set(_compiled(_names_of(report)))
        try:
            return section(report, *args, **kwargs)
        finally:
            _NAMES.reset(token)

    return render  # type: ignore[return-value]


def isolate(value: object) -> object:
    """The templates' ``finalize``: a text value escaped, the names in force wrapped in ``<bdi>``."""
    names = _NAMES.get()
    if names is None or not isinstance(value, str) or hasattr(value, "__html__"):
        return value
    spans = names.spans(value)
    if not spans:
        return value
    parts, last = [], 0
    for start, stop in spans:
        parts += [escape(value[last:start]), Markup("<bdi>"), escape(value[start:stop]), Markup("</bdi>")]
        last = stop
    parts.append(escape(value[last:]))
    return Markup("").join(parts)
