"""One value worked out from the last report asked about, kept while the same report is asked about again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LastReport(Generic[Value]):
    """The value ``compute(report)`` for the last report seen, by identity.

    Meant for frozen reports (a ``YearReport``), whose value cannot go stale: a notebook's sections, the kernel's
    and the worker's, ask for the same report's value many times in a row. Only the last report is held, so a
    session that renders many reports keeps one.
    """

    def __init__(self, compute: Callable[[object], Value]) -> None:
        self._compute = compute
        self._last: tuple[object, Value] | None = None

    def __call__(self, report: object) -> Value:
        last = self._last
        if last is not None and last[0] is report:
            return last[1]
        value = self._compute(report)
        self._last = (report, value)
        return value
