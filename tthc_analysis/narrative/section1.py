"""Section I, "Kết quả thực hiện": the bands, extremes and mean, in the seed report's wording."""

from __future__ import annotations

from tthc_analysis.narrative.base import (
    NAMED_TIES_LIMIT,
    Wording,
    band_range,
    format_unit_list,
    load_wording,
    render_template,
)
from tthc_analysis.period import Period
from tthc_analysis.read.metadata import Metadata
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.printed import mean_places
from tthc_analysis.vietnamese import format_count, format_percent, format_points


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


def section1(
    summary: Summary,
    scheme: Scheme,
    metadata: Metadata | None = None,
    year: int | None = None,
    period: Period | None = None,
    closing: bool = True,
    convention: bool = True,
) -> list[str]:
    """The paragraphs of Section I (Kết quả thực hiện), in order.

    ``year`` is the year being reported; without it the metadata's year is used, if any. A ``period`` other
    than a year is named as an official writes it ("quý III năm 2026"). Bands that no legal text sets are
    said to be a convention. ``closing`` False leaves out the last line (the ranking "kèm theo").
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
        period_label=period.label if period is not None and period.kind != "year" else None,
        convention=scheme.bands_convention if convention else None,
        closing=closing,
    )
    return [line for line in text.splitlines() if line.strip()]
