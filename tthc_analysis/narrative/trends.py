"""Wording of a span of years and of the status of the years' data."""

from __future__ import annotations

from collections.abc import Mapping

from tthc_analysis.read.metadata import Metadata


def year_ranges(years: list[int]) -> str:
    """Years as runs: ``[2021, 2022, 2023, 2025]`` -> ``"2021–2023, 2025"``.

    >>> year_ranges([2021, 2022, 2023, 2025])
    '2021–2023, 2025'
    >>> year_ranges([2022])
    '2022'
    """
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def status_note(metadata: Mapping[int, Metadata], years: list[int] | None = None) -> str | None:
    """Which years are not official figures, grouped by kind: "Số liệu dựng lại: 2021; số liệu minh họa: 2022–2025"."""
    groups: dict[str, list[int]] = {}
    for year in years or sorted(metadata):
        meta = metadata[year]
        if meta.is_constructed:
            groups.setdefault(meta.status_label, []).append(year)
        elif meta.path is None:
            groups.setdefault("Chưa rõ tình trạng số liệu", []).append(year)
    if not groups:
        return None
    text = "; ".join(f"{label.lower()}: {year_ranges(found)}" for label, found in groups.items())
    return text[0].upper() + text[1:]
