"""Per-unit indicators from the integer counts: exact decimals, half-up, as the portal prints them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from tthc_analysis.dossiers.fields import TDGQ_MAX
from tthc_analysis.dossiers.rule import COUNTS, DAY

__all__ = ["UnitIndicators", "percent", "tdgq_points", "tdgq_ratio"]

_CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def tdgq_points(on_time: int, dossiers: int, maximum: int = TDGQ_MAX) -> Decimal | None:
    """TDGQ points: maximum × on time / dossiers, half-up to 2 decimals; None when there is no dossier.

    >>> tdgq_points(2541, 2618)
    Decimal('19.41')
    """
    if dossiers == 0:
        return None
    return _round(Decimal(maximum) * Decimal(on_time) / Decimal(dossiers))


def percent(part: int, whole: int) -> Decimal | None:
    """100 × part / whole, half-up to 2 decimals (None for 0/0): the portal's ratios are computed from counts."""
    if whole == 0:
        return None
    return _round(Decimal(100) * Decimal(part) / Decimal(whole))


def tdgq_ratio(on_time: int, dossiers: int) -> Decimal | None:
    """The on-time ratio in percent, from the counts (not from the points)."""
    return percent(on_time, dossiers)


@dataclass(frozen=True)
class UnitIndicators:
    """One unit's counts for one period and the figures derived from them."""

    unit: str
    received: int
    received_direct: int
    received_online: int
    received_post: int
    carried_over: int
    dossiers: int
    on_time: int
    late: int
    early: int
    on_time_finished: int
    late_finished: int
    open_within: int
    open_overdue: int
    finished: int
    processing_seconds: int
    paid_online: int
    digitised: int
    unjudgeable: int
    excluded: int

    @classmethod
    def from_counts(cls, unit: str, counts: dict) -> UnitIndicators:
        return cls(unit=unit, **{name: int(counts.get(name) or 0) for name in COUNTS})

    @property
    def tdgq(self) -> Decimal | None:
        return tdgq_points(self.on_time, self.dossiers)

    @property
    def on_time_ratio(self) -> Decimal | None:
        return tdgq_ratio(self.on_time, self.dossiers)

    @property
    def average_processing_days(self) -> Decimal | None:
        if self.finished == 0:
            return None
        return _round(Decimal(self.processing_seconds) / Decimal(self.finished * DAY))

    @property
    def online_share(self) -> Decimal | None:
        return percent(self.received_online, self.received)

    @property
    def online_payment_share(self) -> Decimal | None:
        return percent(self.paid_online, self.received)

    @property
    def digitised_share(self) -> Decimal | None:
        return percent(self.digitised, self.received)

    def counts(self) -> dict[str, int]:
        values = asdict(self)
        return {name: values[name] for name in COUNTS}

    def to_dict(self) -> dict:
        """The unit as JSON-ready values. Two-decimal figures become JSON numbers only here, at the edge (a float's
        shortest repr of a 2-decimal value prints the same digits), as ``tthc summary --json`` does."""

        def text(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "unit": self.unit,
            **self.counts(),
            "tdgq": text(self.tdgq),
            "on_time_ratio": text(self.on_time_ratio),
            "average_processing_days": text(self.average_processing_days),
            "online_share": text(self.online_share),
            "online_payment_share": text(self.online_payment_share),
            "digitised_share": text(self.digitised_share),
        }
