"""Scoring schemes as data: criteria or groups of sub-indicators, their maxima and the bands of the total.

A scheme is a TOML file in ``resources/schemes/`` (or any path given by the
caller). Nothing about the number of criteria, their maxima or the band
thresholds is written into the code: a province's variant or a later index is
a new file.

Two shapes exist. A flat scheme (TT 01/2018) lists ``[[criteria]]``. A two-level scheme (QĐ 766) lists
``[[groups]]``, each with its ``[[groups.indicators]]``; its scored columns are the groups, so
``Scheme.criteria`` holds one criterion per group (keyed by the group's code) and everything that works per
criterion works per group. The sub-indicator formulas live in :mod:`tthc_analysis.scheme_indicators`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from importlib import resources
from pathlib import Path

from tthc_analysis.errors import SchemeError

__all__ = [
    "Band",
    "Criterion",
    "Group",
    "Indicator",
    "MergedGroup",
    "Scheme",
    "SchemeError",
    "available_schemes",
    "load_scheme",
]

DEFAULT_SCHEME = "tt01-2018"


@dataclass(frozen=True)
class Criterion:
    """One scored column of a scheme: its number, Vietnamese name and maximum points.

    ``code`` is set for a group of a two-level scheme ("CKMB") and is then its column key.
    """

    number: int
    name: str
    max_points: Decimal
    code: str | None = None

    @property
    def key(self) -> str:
        """Column key used in tables: ``c1`` … ``c9`` for a flat scheme, the group's code otherwise."""
        return self.code if self.code is not None else f"c{self.number}"


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
    groups: tuple[Group, ...] = ()  # empty for a flat scheme
    merged_groups: tuple[MergedGroup, ...] = ()
    bands_convention: str | None = None  # where the bands come from when no legal text sets them

    @property
    def two_level(self) -> bool:
        """True for a scheme of groups of sub-indicators (QĐ 766), False for a flat one (TT 01)."""
        return bool(self.groups)

    def group(self, code: str) -> Group:
        """The group with this code or alias ("CLGQ" gives ONLINE), case and spaces ignored."""
        wanted = code.strip().upper()
        for g in self.groups:
            if wanted == g.code or wanted in g.aliases:
                return g
        raise KeyError(code)

    def merged_group(self, code: str) -> MergedGroup:
        """A group some files print instead of its parts (ONLINE_SERVICE = ONLINE + TTTT)."""
        wanted = code.strip().upper()
        for m in self.merged_groups:
            if wanted == m.code:
                return m
        raise KeyError(code)

    def column_max(self, code: str) -> Decimal:
        """Maximum of a group, alias or merged group by code."""
        try:
            return self.group(code).max_points
        except KeyError:
            return self.merged_group(code).max_points

    def indicator(self, code: str) -> tuple[Group, Indicator]:
        """The sub-indicator with this code and its group."""
        return self.indicators_by_code[code]

    @cached_property
    def indicators_by_code(self) -> dict[str, tuple[Group, Indicator]]:
        # A national file has some 60,000 sub-indicator scores: looked up in a dict built once, not by a scan.
        return {i.code: (g, i) for g in self.groups for i in g.indicators}

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


@dataclass(frozen=True)
class Indicator:
    """A sub-indicator of a group: the portal's code, its Vietnamese name, maximum and formula.

    ``formula`` is ``linear`` (max × ratio), ``target`` (max × min(1, ratio / target)), ``tracking`` (maximum
    0, published but not scored) or ``unconfirmed`` (named by the decision, no rule confirmed on data).
    ``empty_full``: an empty denominator (0/0) gives full marks.
    """

    code: str
    name: str
    max_points: Decimal
    formula: str
    target: Decimal | None = None
    empty_full: bool = False
    note: str = ""

    @property
    def tracking_only(self) -> bool:
        return self.max_points == 0

    def points(self, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
        """Unrounded points for these counts, or None when the formula gives no figure.

        None for a tracking or unconfirmed indicator, for missing counts, and for an empty denominator
        unless ``empty_full``. The portal rounds the result half-up to 2 decimals.
        """
        if self.formula not in ("linear", "target") or numerator is None or denominator is None:
            return None
        if denominator == 0:
            return self.max_points if self.empty_full and numerator == 0 else None
        return self.points_for_ratio(Decimal(numerator) / Decimal(denominator))

    def points_for_ratio(self, ratio: Decimal) -> Decimal | None:
        """Unrounded points for a ratio between 0 and 1 (linear or target formula)."""
        if self.formula == "linear":
            return self.max_points * ratio
        if self.formula == "target" and self.target:
            return self.max_points * min(Decimal(1), ratio / self.target)
        return None


@dataclass(frozen=True)
class Group:
    """A group of a two-level scheme: code ("CKMB"), other codes it goes by, name, maximum, sub-indicators."""

    number: int
    code: str
    name: str
    max_points: Decimal
    aliases: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    note: str = ""
    headings: tuple[str, ...] = ()  # other column headings a flat table may print for this group


@dataclass(frozen=True)
class MergedGroup:
    """A group some sources print instead of its parts, e.g. ONLINE_SERVICE (22) = ONLINE (12) + TTTT (10)."""

    code: str
    name: str
    parts: tuple[str, ...]
    max_points: Decimal


FORMULAS = ("linear", "target", "tracking", "unconfirmed")


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
        if "groups" in raw and "criteria" in raw:
            raise SchemeError(f"{where}: a scheme has either [[criteria]] or [[groups]], not both")
        groups, merged = (), ()
        if "groups" in raw:
            groups = tuple(_group(i, g, where) for i, g in enumerate(raw["groups"], 1))
            criteria = tuple(Criterion(g.number, g.name, g.max_points, g.code) for g in groups)
            merged = tuple(_merged(m, groups, where) for m in raw.get("merged_groups", []))
        else:
            criteria = tuple(
                Criterion(
                    int(c["number"]), str(c["name"]), _decimal(c["max_points"], f"{where}: criterion {c['number']}")
                )
                for c in raw["criteria"]
            )
        band_rows = raw["bands"]
        lowers = [_decimal(b["min"], f"{where}: band {b['name']}") for b in band_rows]
        bands = tuple(
            Band(str(b["name"]), lowers[i], lowers[i - 1] if i > 0 else None) for i, b in enumerate(band_rows)
        )
        convention = raw.get("bands_convention")
        scheme = Scheme(
            name=str(raw["name"]),
            title=str(raw.get("title", raw["name"])),
            legal_basis=str(raw.get("legal_basis", "")),
            min_points=_decimal(raw.get("min_points", "0"), f"{where}: min_points"),
            criteria=criteria,
            bands=bands,
            groups=groups,
            merged_groups=merged,
            bands_convention=None if convention is None else str(convention),
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
    _check_codes(groups, merged, where)
    if not bands or any(lowers[i] <= lowers[i + 1] for i in range(len(lowers) - 1)):
        raise SchemeError(f"{where}: bands must be listed highest first with strictly decreasing 'min'")
    if lowers[-1] > scheme.min_points * len(criteria):
        raise SchemeError(f"{where}: the lowest band must start at or below the lowest possible total")
    return scheme


def _indicator(raw: dict, where: str) -> Indicator:
    code = str(raw["code"]).strip()
    here = f"{where}: indicator {code}"
    formula = str(raw.get("formula", "linear"))
    if formula not in FORMULAS:
        raise SchemeError(f"{here}: formula must be one of {', '.join(FORMULAS)}, not '{formula}'")
    target = _decimal(raw["target"], f"{here}: target") if "target" in raw else None
    if formula == "target" and (target is None or not 0 < target <= 1):
        raise SchemeError(f"{here}: a target formula needs a target between 0 (exclusive) and 1")
    maximum = _decimal(raw["max_points"], f"{here}: max_points")
    if (formula == "tracking") != (maximum == 0) or maximum < 0:
        raise SchemeError(f"{here}: a tracking indicator has max_points 0, and only a tracking indicator does")
    return Indicator(code, str(raw["name"]), maximum, formula, target, bool(raw.get("empty_full", False)),
                     str(raw.get("note", "")))  # fmt: skip


def _group(number: int, raw: dict, where: str) -> Group:
    code = str(raw["code"]).strip().upper()
    maximum = _decimal(raw["max_points"], f"{where}: group {code}")
    indicators = tuple(_indicator(i, f"{where}: group {code}") for i in raw.get("indicators", []))
    if indicators and sum((i.max_points for i in indicators), Decimal(0)) != maximum:
        raise SchemeError(f"{where}: group {code}: the maxima of its indicators must add up to {maximum}")
    aliases = tuple(str(a).strip().upper() for a in raw.get("aliases", []))
    headings = tuple(str(h) for h in raw.get("headings", []))
    return Group(number, code, str(raw["name"]), maximum, aliases, indicators, str(raw.get("note", "")), headings)


def _merged(raw: dict, groups: tuple[Group, ...], where: str) -> MergedGroup:
    code = str(raw["code"]).strip().upper()
    parts = tuple(str(p).strip().upper() for p in raw["parts"])
    maxima = {g.code: g.max_points for g in groups}
    unknown = [p for p in parts if p not in maxima]
    if len(parts) < 2 or unknown:
        raise SchemeError(f"{where}: merged group {code} must join two or more groups of the scheme ({unknown})")
    return MergedGroup(code, str(raw["name"]), parts, sum((maxima[p] for p in parts), Decimal(0)))


def _check_codes(groups: tuple[Group, ...], merged: tuple[MergedGroup, ...], where: str) -> None:
    """Every code, alias and merged code names one thing only; so does every indicator code."""
    codes = [g.code for g in groups] + [a for g in groups for a in g.aliases] + [m.code for m in merged]
    indicators = [i.code for g in groups for i in g.indicators]
    for kind, seen in (("group code or alias", codes), ("indicator code", indicators)):
        repeated = sorted({c for c in seen if seen.count(c) > 1})
        if repeated:
            raise SchemeError(f"{where}: {kind} used more than once: {', '.join(repeated)}")
