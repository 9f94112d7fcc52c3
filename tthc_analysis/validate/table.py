"""The validated score table and the parsing of one score cell."""

from __future__ import annotations

import ctypes
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from tthc_analysis.period import Period
from tthc_analysis.scheme import Scheme

_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d*)?|[.,]\d+)$")


# Scores with at most this many decimals (the common case) are also kept as integers of 1/1000 point.
FIXED_PLACES = 3


_FIXED_SCALE = 10**FIXED_PLACES


@dataclass(frozen=True, eq=False)
class FixedScores:
    """The criteria of a table as integers of 1/1000 point, for exact arithmetic at numpy speed.

    ``scores[i, j]`` is criterion ``j`` of ``frame`` row ``i`` times 1000 (exactly: every value has at
    most three decimals). ``exponents[i, j]`` is that Decimal's exponent (``Decimal("1.50")`` has -2), so
    sums can be given back as the very Decimal that adding the values would give. ``ids`` are the
    identities of the Decimal objects read, so a frame changed after reading is noticed and not trusted.
    """

    scores: np.ndarray
    exponents: np.ndarray
    ids: np.ndarray

    def describes(self, frame: pd.DataFrame, keys: list[str]) -> bool:
        """True when ``frame``'s criteria are still the very Decimal objects these integers were made from."""
        if len(frame) != len(self.scores) or list(frame.columns.intersection(keys)) != keys:
            return False
        return bool(np.array_equal(_object_ids(frame, keys), self.ids))


def _object_ids(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Identities of the objects in ``frame[keys]``, shape (rows, len(keys)).

    In CPython an object's ``id`` is its address, which an object array holds as it is: the addresses are
    read from the array's memory (a copy, taken while the array keeps the objects alive) rather than by
    calling ``id`` on a million cells.
    """
    values = np.ascontiguousarray(frame[keys].to_numpy(dtype=object))
    if sys.implementation.name != "cpython" or not values.size:
        return np.fromiter(map(id, values.ravel()), dtype=np.int64, count=values.size).reshape(values.shape)
    addresses = (ctypes.c_ssize_t * values.size).from_address(values.ctypes.data)
    return np.ctypeslib.as_array(addresses).astype(np.int64).reshape(values.shape)


def scaled_decimals(values) -> tuple[np.ndarray, np.ndarray] | None:
    """Decimals as (integers of 1/1000, exponents), or None when one has more than three decimals or is not
    finite, or its exponent is positive (``1E+2``): those go the Decimal way."""
    scaled, exponents = [], []
    for value in values:
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or not -FIXED_PLACES <= exponent <= 0:
            return None
        scaled.append(int(value.scaleb(FIXED_PLACES)))
        exponents.append(exponent)
    return np.array(scaled, dtype=np.int64), np.array(exponents, dtype=np.int64)


def fixed_scores(frame: pd.DataFrame, keys: list[str]) -> FixedScores | None:
    """``frame[keys]`` (Decimals) as integers of 1/1000 point, for a table read without the fast path (a portal
    file); None when a value does not allow it."""
    values = frame[keys].to_numpy(dtype=object)
    found = scaled_decimals(values.ravel())
    if found is None or not values.size:
        return None
    return FixedScores(found[0].reshape(values.shape), found[1].reshape(values.shape), _object_ids(frame, keys))


@dataclass
class ScoreTable:
    """A validated year of scores: one row per unit, criteria as exact decimals.

    ``fixed`` holds the same criteria as integers of 1/1000 point when every value allows it; it is
    only ever used after checking that it still describes ``frame``.
    """

    frame: pd.DataFrame
    scheme: Scheme
    source: str
    has_stated_total: bool = False
    has_self_scores: bool = False
    has_district: bool = False
    sheet: str | None = None
    encoding: str | None = None
    fixed: FixedScores | None = field(default=None, repr=False, compare=False)
    # The total a unit is ranked on is its stated total: the portal's official figure, or a table of totals only.
    official_total: bool = False
    totals_only: bool = False  # no score columns: ranking, bands and Section I only, no diagnostics
    period: Period | None = None  # the period the file says it covers (portal metadata)
    portal: Any = None  # a portal file's extras (validate.portal_scores.PortalExtras): checks, overview, indicators

    @property
    def ranked_on_stated(self) -> bool:
        return self.official_total or self.totals_only

    @property
    def units(self) -> list[str]:
        return self.frame["unit"].tolist()


def parse_number(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
