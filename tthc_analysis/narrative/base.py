"""Wording from templates: the Jinja environment of the Vietnamese sentences, unit lists and band ranges."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import jinja2

from tthc_analysis.vietnamese import format_number, vi_sort_order


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
def plain_wording() -> Wording:
    """The wording without the "UBND" prefix, for units named inside a sentence or a table cell."""
    wording = load_wording()
    return Wording(wording.unit_types, "", wording.merge_when_empty)


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


# Section I names every unit tied for the highest or lowest total up to this many; beyond it, the first
# few in name order and how many others share the total (a national table can tie hundreds at 18 points).
NAMED_TIES_LIMIT = 30


NAMED_TIES_SHOWN = 10


def band_range(lower: Decimal, upper: Decimal | None, lowest: bool) -> str:
    """A band's bounds in words: ``từ 15 điểm trở lên``, ``từ 12 đến dưới 15 điểm``, ``dưới 06 điểm``.

    >>> band_range(Decimal(12), Decimal(15), lowest=False)
    'từ 12 đến dưới 15 điểm'
    >>> band_range(Decimal(0), Decimal(6), lowest=True)
    'dưới 06 điểm'
    """
    if upper is None:
        return f"từ {format_threshold(lower)} điểm trở lên"
    if lowest:
        return f"dưới {format_threshold(upper)} điểm"
    return f"từ {format_threshold(lower)} đến dưới {format_threshold(upper)} điểm"


def format_unit_list(units: list[str], wording: Wording | None = None, limit: int | None = None,
                     shown: int = NAMED_TIES_SHOWN) -> str:  # fmt: skip
    """Name tied units together, sharing their type: ``UBND Phường 3, 6``; ``UBND Phường 1, Xã Xuân Thọ``.

    Units of no known commune type (departments, for example) are named in full without the
    prefix; if any name holds a comma, names are separated by semicolons so they stay apart.
    With ``limit``, a list longer than that names the first ``shown`` units in name order and counts
    the rest: ``UBND Phường 1, 2, … và 412 đơn vị khác``.
    """
    wording = wording or load_wording()
    ordered = [units[i] for i in vi_sort_order(units)]
    if limit is not None and len(ordered) > limit:
        rest = format_number(len(ordered) - shown, 0)
        separator = "; " if any("," in name for name in ordered[:shown]) else ", "
        return f"{_named_list(ordered[:shown], wording)}{separator}… và {rest} đơn vị khác"
    return _named_list(ordered, wording)


def _named_list(ordered: list[str], wording: Wording) -> str:
    """Names already in Vietnamese order, joined with their shared type and prefix."""
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
