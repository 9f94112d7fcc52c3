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
from .scoring import Summary, printed_mean
from .vietnamese import format_count, format_integer, format_number, format_percent, format_points, vi_sort_key, vi_sort_order

__all__ = [
    "Wording",
    "band_range",
    "comparison_paragraphs",
    "format_signed",
    "format_threshold",
    "format_unit_list",
    "mean_places",
    "plain_wording",
    "section1",
]


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


def mean_places(summary: Summary, scheme: Scheme) -> int:
    """Two decimals, or more if two would print a mean that reads as another band (see ``printed_mean``)."""
    shown = printed_mean(summary.total_sum, summary.n_units, scheme)
    # Past seven decimals printed_mean gives the mean unrounded; eight are then printed, as before.
    return min(8, -shown.as_tuple().exponent)


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
            "range": band_range(band.lower, band.upper, lowest=band.band == lowest),
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
        highest_units=format_unit_list(summary.highest.units, wording, NAMED_TIES_LIMIT),
        highest_total=format_points(summary.highest.total, summary.places),
        lowest_units=format_unit_list(summary.lowest.units, wording, NAMED_TIES_LIMIT),
        lowest_total=format_points(summary.lowest.total, summary.places),
        level=metadata.level,
        mean=format_points(summary.mean, mean_places(summary, scheme)),
        mean_band=summary.mean_band.lower(),
        year=year or metadata.year,
    )
    return [line for line in text.splitlines() if line.strip()]


def format_signed(value: Decimal, places: int = 2) -> str:
    """A change with its sign, taken from the printed figure: ``+0,28``, ``-1,50``, ``0,00``."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    shown = format_points(abs(rounded), places)
    if rounded > 0:
        return "+" + shown
    if rounded < 0:
        return "-" + shown
    return shown


def _places_of(value: Decimal, minimum: int = 2) -> int:
    return max(minimum, -value.as_tuple().exponent)


def _rank_move(change) -> str:
    if change.rank_before == change.rank_after:
        return f"giữ hạng {format_integer(change.rank_after)}"
    word = "lên" if change.rank_after < change.rank_before else "xuống"
    return f"từ hạng {format_integer(change.rank_before)} {word} hạng {format_integer(change.rank_after)}"


def _movement(change, places: int) -> str:
    verb, direction = ("tăng", "lên") if change.change > 0 else ("giảm", "xuống")
    return (f"{change.unit} ({verb} {format_points(abs(change.change), places)} điểm, từ "
            f"{format_points(change.before, places)} {direction} {format_points(change.after, places)} điểm; "
            f"{_rank_move(change)})")  # fmt: skip


def _extreme_movers(changes, largest: bool) -> list:
    if not changes:
        return []
    pick = max if largest else min
    edge = pick(c.change for c in changes)
    return sorted((c for c in changes if c.change == edge), key=lambda c: vi_sort_key(c.unit))


def _band_move(change, scheme: Scheme) -> str:
    order = [b.name for b in scheme.bands]
    word = "lên" if order.index(change.band_after) < order.index(change.band_before) else "xuống"
    return f"{change.unit} từ {change.band_before.lower()} {word} {change.band_after.lower()}"


def _count_phrases(n: int, groups: list[tuple[int, str]]) -> str:
    parts = [f"{format_count(count, n)} đơn vị {label}" for count, label in groups if count]
    return ", ".join(parts) if parts else "không có"


def _criteria_text(criteria) -> str:
    up = sorted((c for c in criteria if c.change > 0), key=lambda c: (-c.change, c.number))
    down = sorted((c for c in criteria if c.change < 0), key=lambda c: (c.change, c.number))
    same = [c for c in criteria if c.change == 0]
    parts = []
    if up:
        parts.append("điểm bình quân tăng ở " + ", ".join(
            f"chỉ số {c.number} (từ {format_points(c.before)} lên {format_points(c.after)} điểm)" for c in up))
    if down:
        parts.append("giảm ở " + ", ".join(
            f"chỉ số {c.number} (từ {format_points(c.before)} xuống {format_points(c.after)} điểm)" for c in down))
    if same:
        parts.append(("không đổi ở chỉ số " if parts else "điểm bình quân không đổi ở chỉ số ")
                     + ", ".join(str(c.number) for c in same))  # fmt: skip
    return "; ".join(parts)


def _weakest_text(comparison) -> str:
    losing = [c for c in comparison.criteria if c.before < c.max_points]
    if not losing:
        return ""
    weakest = min(losing, key=lambda c: (c.before - c.max_points, c.number))
    if weakest.change == 0:
        outcome = f"điểm bình quân của chỉ số này không thay đổi ({format_points(weakest.after)} điểm)"
    else:
        word = "tăng" if weakest.change > 0 else "giảm"
        direction = "lên" if weakest.change > 0 else "xuống"
        outcome = (f"điểm bình quân của chỉ số này {word} từ {format_points(weakest.before)} {direction} "
                   f"{format_points(weakest.after)} điểm")  # fmt: skip
    return (f"Chỉ số có điểm bình quân thấp nhất năm {comparison.previous_year} là chỉ số {weakest.number}; "
            f"năm {comparison.year} {outcome}.")  # fmt: skip


def _merged_line(change, previous_year: int) -> str:
    plain = plain_wording()
    places = _places_of(change.before)
    line = (f"{change.unit}: {format_points(change.after, places)} điểm, so với {format_points(change.before, places)} "
            f"điểm là bình quân tổng điểm năm {previous_year} của {format_unit_list(list(change.predecessors), plain)} "
            f"({format_signed(change.change, places)} điểm).")  # fmt: skip
    if change.missing_predecessors:
        missing = format_unit_list(list(change.missing_predecessors), plain)
        line += f" {missing} không có kết quả năm {previous_year} trong số liệu nên không được tính vào bình quân."
    return line


def comparison_paragraphs(comparison, scheme: Scheme) -> list[str]:
    """The paragraphs of the "So với năm <previous year>" section (``comparison`` from :mod:`.compare`)."""
    c = comparison
    places = c.places
    direct = c.direct
    rising, falling = c.rising(direct), c.falling(direct)
    merged = c.merged
    mean_places_ = max(_places_of(c.mean_before), _places_of(c.mean_after))
    text = render_template(
        "comparison.vi.j2",
        year=c.year,
        previous_year=c.previous_year,
        mean_before=format_points(c.mean_before, mean_places_),
        mean_after=format_points(c.mean_after, mean_places_),
        mean_band_before=c.mean_band_before.lower(),
        mean_band_after=c.mean_band_after.lower(),
        mean_verb="tăng" if c.mean_change > 0 else "giảm",
        mean_change="0" if c.mean_change == 0 else format_points(abs(c.mean_change), mean_places_),
        n_before=c.n_before,
        n_after=c.n_after,
        n_direct=len(direct),
        direct_counts=_count_phrases(len(direct), [(len(rising), "tăng điểm"), (len(falling), "giảm điểm"),
                                                   (len(c.steady(direct)), "giữ nguyên điểm")]),  # fmt: skip
        rising="; ".join(_movement(m, places) for m in _extreme_movers(rising, largest=True)),
        falling="; ".join(_movement(m, places) for m in _extreme_movers(falling, largest=False)),
        band_changes="; ".join(_band_move(m, scheme) for m in c.band_changes),
        band_changes_count=format_count(len(c.band_changes), len(direct)) if direct else "",
        renamed=[f"{u.unit} (năm {c.previous_year} có tên {u.previous_name}) được so sánh với kết quả của chính "
                 f"đơn vị này dưới tên cũ." for u in c.renamed],  # fmt: skip
        merged_count=format_integer(len(merged), 2) if merged else "",
        merged_counts=_count_phrases(len(merged), [(len(c.rising(merged)), "cao hơn"),
                                                   (len(c.falling(merged)), "thấp hơn"),
                                                   (len(c.steady(merged)), "bằng bình quân cũ")]),  # fmt: skip
        merged_lines=[_merged_line(m, c.previous_year) for m in merged],
        new_units=", ".join(u.unit for u in sorted(c.new, key=lambda u: vi_sort_key(u.unit))),
        gone_units=", ".join(u.unit for u in c.gone),
        criteria_text=_criteria_text(c.criteria),
        weakest=_weakest_text(c),
    )
    return [line for line in text.splitlines() if line.strip()]
