"""A figure as printed: how many decimals, rounded half up, so that no figure ever reads as another band.

The one home of the rule: every section, chart, sentence and export prints points through these functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import CENT, Summary
from tthc_analysis.vietnamese import format_points


def printed_mean(total_sum: Decimal, n: int, scheme: Scheme) -> Decimal:
    """The mean of ``n`` totals as printed: two decimals half-up, more only if two would show another band.

    >>> from tthc_analysis.scheme import load_scheme
    >>> printed_mean(Decimal("46.5"), 3, load_scheme("tt01-2018"))
    Decimal('15.50')
    >>> printed_mean(Decimal("44.99"), 3, load_scheme("tt01-2018"))  # 14.99666...: Tốt, so not "15,00"
    Decimal('14.997')
    """
    band = scheme.band_of_mean(total_sum, n)
    mean = total_sum / n
    for places in range(2, 8):
        shown = mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if scheme.band_of(shown) == band:
            return shown
    return mean


def display_places(totals: list[Decimal], minimum: int = 2, maximum: int = 6, scheme: Scheme | None = None) -> int:
    """Fewest decimals (at least ``minimum``) at which different totals still print differently.

    Given a scheme, also no total may print as a figure of another band: a Tốt unit at
    14.996 is shown as 14,996, not as 15,00.
    """
    distinct = set(totals)
    for places in range(minimum, maximum + 1):
        step = Decimal(1).scaleb(-places)
        shown = {t: t.quantize(step, rounding=ROUND_HALF_UP) for t in distinct}
        if len(set(shown.values())) == len(distinct) and (
            scheme is None or all(scheme.band_of(s) == scheme.band_of(t) for t, s in shown.items())
        ):
            return places
    return maximum


def exact_places(values: Sequence[Decimal], minimum: int = 2, maximum: int = 4) -> int:
    """Decimals needed to print every value exactly (at least ``minimum``, at most ``maximum``)."""
    needed = minimum
    for v in values:
        exponent = v.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            needed = max(needed, -exponent)
    return min(needed, maximum)


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def points_text(value: Decimal, scheme: Scheme, places: int = 2) -> str:
    """``value`` with ``places`` decimals, more where rounding would show a figure of another band.

    A mean of 14,996 is Tốt and must not read 15,00 (Xuất sắc).

    >>> from tthc_analysis.scheme import load_scheme
    >>> scheme = load_scheme("tt01-2018")
    >>> points_text(Decimal("15.3"), scheme), points_text(Decimal("14.996"), scheme)
    ('15,30', '14,996')
    """
    while places < 6 and scheme.band_of(rounded(value, places)) != scheme.band_of(value):
        places += 1
    return format_points(value, places)


def mean_places(summary: Summary, scheme: Scheme) -> int:
    """Two decimals, or more if two would print a mean that reads as another band (see ``printed_mean``)."""
    shown = printed_mean(summary.total_sum, summary.n_units, scheme)
    # Past seven decimals printed_mean gives the mean unrounded; eight are then printed, as before.
    return min(8, -shown.as_tuple().exponent)


def format_signed(value: Decimal, places: int = 2) -> str:
    """A change with its sign, taken from the printed figure: ``+0,28``, ``-1,50``, ``0,00``."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    shown = format_points(abs(rounded), places)
    if rounded > 0:
        return "+" + shown
    if rounded < 0:
        return "-" + shown
    return shown


def places_of(value: Decimal, minimum: int = 2) -> int:
    """Decimals to print ``value`` as it was given (``Decimal("1.50")``: 2), at least ``minimum``.

    >>> places_of(Decimal("1.978")), places_of(Decimal("16"))
    (3, 2)
    """
    return max(minimum, -value.as_tuple().exponent)


def places_of_all(values: Iterable[Decimal], minimum: int = 2) -> int:
    """Decimals to print every one of ``values`` as it was given, at least ``minimum`` (a column of scores)."""
    return max((places_of(v, minimum) for v in values), default=minimum)


def round_mean(value: Decimal) -> Decimal:
    """A mean as printed: two decimals, half-up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mean_text(mean: Decimal, band: str, places: int, scheme: Scheme) -> str:
    """The mean with ``places`` decimals, rounded half up unless that would print a figure of another band.

    In that case (only possible past the largest number of places tried) the mean is cut, not
    rounded: a cut mean stays at or above its band's lower bound and below the next one.
    """
    step = Decimal(1).scaleb(-places)
    shown = mean.quantize(step, rounding=ROUND_HALF_UP)
    if scheme.band_of(shown) != band:
        shown = mean.quantize(step, rounding=ROUND_DOWN)
    return format_points(shown, places)
