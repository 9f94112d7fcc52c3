"""The report's sentences, in the seed report's wording and conventions.

Fixed wording lives in ``resources/templates/`` (Jinja2 templates and a TOML file
of settings); this module only formats the figures and fills them in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

import jinja2

from .dataset import Metadata
from .scheme import Scheme
from .scoring import Summary
from .vietnamese import format_count, format_number, format_percent, format_points, vi_sort_key

__all__ = ["Wording", "format_threshold", "format_unit_list", "mean_places", "section1"]


@dataclass(frozen=True)
class Wording:
    """Settings of the wording that are data: unit types, their prefix, bands merged when empty."""

    unit_types: tuple[str, ...]
    unit_prefix: str
    merge_when_empty: tuple[tuple[str, ...], ...]


def _templates() -> resources.abc.Traversable:
    return resources.files("tthc_analysis") / "resources" / "templates"


@cache
def load_wording() -> Wording:
    raw = tomllib.loads((_templates() / "narrative.toml").read_text(encoding="utf-8"))
    return Wording(
        unit_types=tuple(raw["unit_types"]),
        unit_prefix=raw["unit_prefix"],
        merge_when_empty=tuple(tuple(g) for g in raw["merge_when_empty"]),
    )


@cache
def _environment() -> jinja2.Environment:
    # Plain text output: escaping for HTML is done where HTML is written.
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (_templates() / name).read_text(encoding="utf-8")),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


def render_template(name: str, **values: object) -> str:
    """Render one of the package's wording templates."""
    return _environment().get_template(name).render(**values)


def format_threshold(value: Decimal) -> str:
    """A band bound as the seed writes it: whole numbers with two digits ("09"), else a decimal comma."""
    if value == value.to_integral_value():
        return f"{int(value):02d}"
    return format_number(value, max(1, -value.normalize().as_tuple().exponent))


def _split_type(name: str, types: tuple[str, ...]) -> tuple[str | None, str]:
    for unit_type in sorted(types, key=len, reverse=True):
        if name.startswith(unit_type + " "):
            return unit_type, name[len(unit_type) + 1 :]
    return None, name


def format_unit_list(units: list[str], wording: Wording | None = None) -> str:
    """Name tied units together, sharing their type: ``UBND Phường 3, 6``; ``UBND Phường 1, Xã Xuân Thọ``.

    Units of no known commune type (departments, for example) are named in full without the
    prefix; if any name holds a comma, names are separated by semicolons so they stay apart.
    """
    wording = wording or load_wording()
    ordered = sorted(units, key=vi_sort_key)
    parts: list[str] = []
    previous_type: str | None = None
    any_typed = False
    for name in ordered:
        unit_type, rest = _split_type(name, wording.unit_types)
        if unit_type is not None and unit_type == previous_type:
            parts.append(rest)
        else:
            parts.append(name)
        previous_type = unit_type
        any_typed = any_typed or unit_type is not None
    separator = "; " if any("," in name for name in ordered) else ", "
    text = separator.join(parts)
    return f"{wording.unit_prefix} {text}" if any_typed and wording.unit_prefix else text


def mean_places(summary: Summary, scheme: Scheme) -> int:
    """Two decimals, or more if two would print a mean that reads as another band."""
    for places in range(2, 8):
        shown = summary.mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if scheme.band_of(shown) == summary.mean_band:
            return places
    return 8


def _band_groups(summary: Summary, wording: Wording) -> list[dict]:
    merged = {}
    for group in wording.merge_when_empty:
        members = [b for b in summary.bands if b.band in group]
        if len(members) == len(group) and all(b.count == 0 for b in members):
            merged[members[0].band] = members
            for b in members[1:]:
                merged[b.band] = []
    groups = []
    lowest = summary.bands[-1].band
    for band in summary.bands:
        members = merged.get(band.band, [band])
        if not members:
            continue
        if len(members) > 1:
            label = ", ".join(b.band.lower() for b in members[:-1]) + " và " + members[-1].band.lower()
            groups.append({"label": label, "count": 0, "show_range": False})
            continue
        groups.append({
            "label": band.band.lower(),
            "show_range": True,
            "lower": None if band.band == lowest else format_threshold(band.lower),
            "upper": None if band.upper is None else format_threshold(band.upper),
            "count": band.count,
            "count_text": format_count(band.count, summary.n_units),
            "share_text": format_percent(band.share),
        })  # fmt: skip
    return groups


def section1(summary: Summary, scheme: Scheme, metadata: Metadata | None = None, year: int | None = None) -> list[str]:
    """The paragraphs of Section I (Kết quả thực hiện), in order.

    ``year`` is the year being reported; without it the metadata's year is used, if any.
    """
    metadata = metadata or Metadata()
    wording = load_wording()
    text = render_template(
        "section1.vi.j2",
        band_groups=_band_groups(summary, wording),
        highest_units=format_unit_list(summary.highest.units, wording),
        highest_total=format_points(summary.highest.total, summary.places),
        lowest_units=format_unit_list(summary.lowest.units, wording),
        lowest_total=format_points(summary.lowest.total, summary.places),
        level=metadata.level,
        mean=format_points(summary.mean, mean_places(summary, scheme)),
        mean_band=summary.mean_band.lower(),
        year=year or metadata.year,
    )
    return [line for line in text.splitlines() if line.strip()]
