"""Scoring schemes as data: criteria, their maxima and the bands of the total.

A scheme is a TOML file in ``resources/schemes/`` (or any path given by the
caller). Nothing about the number of criteria, their maxima or the band
thresholds is written into the code: a province's variant or a later index is
a new file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from tthc_analysis.errors import SchemeError

__all__ = ["Band", "Criterion", "Scheme", "SchemeError", "available_schemes", "load_scheme"]

DEFAULT_SCHEME = "tt01-2018"


@dataclass(frozen=True)
class Criterion:
    """One criterion of a scheme: its number, Vietnamese name and maximum points."""

    number: int
    name: str
    max_points: Decimal

    @property
    def key(self) -> str:
        """Column key used in tables, ``c1`` … ``c9``."""
        return f"c{self.number}"


@dataclass(frozen=True)
class Band:
    """A band of the total: ``lower`` inclusive, ``upper`` exclusive (None for the top band)."""

    name: str
    lower: Decimal
    upper: Decimal | None

    def contains(self, total: Decimal) -> bool:
        return total >= self.lower and (self.upper is None or total < self.upper)


@dataclass(frozen=True)
class Scheme:
    """A complete scoring scheme."""

    name: str
    title: str
    legal_basis: str
    min_points: Decimal
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]  # highest first

    @property
    def criterion_keys(self) -> list[str]:
        return [c.key for c in self.criteria]

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria), Decimal(0))

    def band_of(self, total: Decimal) -> str:
        """Name of the band holding ``total`` (exact comparison, half-open bounds)."""
        for band in self.bands:
            if total >= band.lower:
                return band.name
        raise ValueError(f"total {total} is below the lowest band of scheme {self.name}")

    def band_of_mean(self, total_sum: Decimal, count: int) -> str:
        """Band of ``total_sum / count`` decided without dividing, so no rounding can move it."""
        for band in self.bands:
            if total_sum >= band.lower * count:
                return band.name
        raise ValueError(f"mean is below the lowest band of scheme {self.name}")

    def criterion(self, key: str) -> Criterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)


def _decimal(value: object, where: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise SchemeError(f"{where}: '{value}' is not a number") from exc
    if not result.is_finite():
        raise SchemeError(f"{where}: '{value}' is not a finite number")
    return result


def _scheme_files() -> dict[str, Path]:
    folder = resources.files("tthc_analysis") / "resources" / "schemes"
    return {p.name.removesuffix(".toml"): Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml")}


def available_schemes() -> list[str]:
    """Names of the schemes shipped with the package."""
    return sorted(_scheme_files())


def load_scheme(name_or_path: str | Path = DEFAULT_SCHEME) -> Scheme:
    """Load a shipped scheme by name (``"tt01-2018"``) or a scheme file by path."""
    files = _scheme_files()
    if isinstance(name_or_path, str) and name_or_path in files:
        path = files[name_or_path]
    else:
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(available_schemes())
            raise SchemeError(f"Không có bộ tiêu chí '{name_or_path}'. Các bộ tiêu chí có sẵn: {known}.")
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SchemeError(f"{path}: not a valid TOML file: {exc}") from exc
    return _parse(raw, str(path))


def _parse(raw: dict, where: str) -> Scheme:
    try:
        criteria = tuple(
            Criterion(int(c["number"]), str(c["name"]), _decimal(c["max_points"], f"{where}: criterion {c['number']}"))
            for c in raw["criteria"]
        )
        band_rows = raw["bands"]
        lowers = [_decimal(b["min"], f"{where}: band {b['name']}") for b in band_rows]
        bands = tuple(
            Band(str(b["name"]), lowers[i], lowers[i - 1] if i > 0 else None) for i, b in enumerate(band_rows)
        )
        scheme = Scheme(
            name=str(raw["name"]),
            title=str(raw.get("title", raw["name"])),
            legal_basis=str(raw.get("legal_basis", "")),
            min_points=_decimal(raw.get("min_points", "0"), f"{where}: min_points"),
            criteria=criteria,
            bands=bands,
        )
    except KeyError as exc:
        raise SchemeError(f"{where}: missing field {exc}") from exc
    except SchemeError:
        raise
    except (TypeError, ValueError) as exc:
        raise SchemeError(f"{where}: malformed scheme: {exc}") from exc
    numbers = [c.number for c in criteria]
    if not criteria or len(set(numbers)) != len(numbers):
        raise SchemeError(f"{where}: criteria must be present and numbered uniquely")
    if not bands or any(lowers[i] <= lowers[i + 1] for i in range(len(lowers) - 1)):
        raise SchemeError(f"{where}: bands must be listed highest first with strictly decreasing 'min'")
    if lowers[-1] > scheme.min_points * len(criteria):
        raise SchemeError(f"{where}: the lowest band must start at or below the lowest possible total")
    return scheme
