"""The sentences of the comparison with the previous period: movements, band changes, criteria, mergers."""

from __future__ import annotations

from tthc_analysis.narrative.base import format_unit_list, plain_wording, render_template
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.printed import format_signed, places_of
from tthc_analysis.vietnamese import format_count, format_integer, format_points, vi_sort_key


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


def _refs(scheme: Scheme) -> tuple[dict[int, str], str, str]:
    """How criteria are named (by number): "chỉ số 5" or "nhóm MDSH"; the noun and its short form."""
    if scheme.two_level:
        return {c.number: f"nhóm {c.key}" for c in scheme.criteria}, "nhóm chỉ số", "nhóm"
    return {c.number: f"chỉ số {c.number}" for c in scheme.criteria}, "chỉ số", "chỉ số"


def _criteria_text(criteria, scheme: Scheme) -> str:
    refs, _, short = _refs(scheme)
    ids = {c.number: (c.key if scheme.two_level else str(c.number)) for c in scheme.criteria}
    up = sorted((c for c in criteria if c.change > 0), key=lambda c: (-c.change, c.number))
    down = sorted((c for c in criteria if c.change < 0), key=lambda c: (c.change, c.number))
    same = [c for c in criteria if c.change == 0]
    parts = []
    if up:
        parts.append(
            "điểm bình quân tăng ở "
            + ", ".join(
                f"{refs[c.number]} (từ {format_points(c.before)} lên {format_points(c.after)} điểm)" for c in up
            )
        )
    if down:
        parts.append(
            "giảm ở "
            + ", ".join(
                f"{refs[c.number]} (từ {format_points(c.before)} xuống {format_points(c.after)} điểm)" for c in down
            )
        )
    if same:
        parts.append((f"không đổi ở {short} " if parts else f"điểm bình quân không đổi ở {short} ")
                     + ", ".join(ids[c.number] for c in same))  # fmt: skip
    return "; ".join(parts)


def _weakest_text(comparison, scheme: Scheme) -> str:
    refs, noun, short = _refs(scheme)
    losing = [c for c in comparison.criteria if c.before < c.max_points]
    if not losing:
        return ""
    weakest = min(losing, key=lambda c: (c.before - c.max_points, c.number))
    if weakest.change == 0:
        outcome = f"điểm bình quân của {short} này không thay đổi ({format_points(weakest.after)} điểm)"
    else:
        word = "tăng" if weakest.change > 0 else "giảm"
        direction = "lên" if weakest.change > 0 else "xuống"
        outcome = (f"điểm bình quân của {short} này {word} từ {format_points(weakest.before)} {direction} "
                   f"{format_points(weakest.after)} điểm")  # fmt: skip
    return (f"{noun.capitalize()} có điểm bình quân thấp nhất {comparison.previous_label} là {refs[weakest.number]}; "
            f"{comparison.label} {outcome}.")  # fmt: skip


def _merged_line(change, previous_label: str) -> str:
    plain = plain_wording()
    places = places_of(change.before)
    line = (f"{change.unit}: {format_points(change.after, places)} điểm, so với {format_points(change.before, places)} "
            f"điểm là bình quân tổng điểm {previous_label} của {format_unit_list(list(change.predecessors), plain)} "
            f"({format_signed(change.change, places)} điểm).")  # fmt: skip
    if change.missing_predecessors:
        missing = format_unit_list(list(change.missing_predecessors), plain)
        line += f" {missing} không có kết quả {previous_label} trong số liệu nên không được tính vào bình quân."
    return line


def comparison_paragraphs(comparison, scheme: Scheme) -> list[str]:
    """The paragraphs of the "So với năm <previous year>" section (``comparison`` from :mod:`.compare`)."""
    c = comparison
    places = c.places
    direct = c.direct
    rising, falling = c.rising(direct), c.falling(direct)
    merged = c.merged
    mean_places_ = max(places_of(c.mean_before), places_of(c.mean_after))
    text = render_template(
        "comparison.vi.j2",
        year=c.year,
        previous_year=c.previous_year,
        **c.labels,
        mean_before=format_points(c.mean_before, mean_places_),
        mean_after=format_points(c.mean_after, mean_places_),
        mean_band_before=c.mean_band_before.lower(),
        mean_band_after=c.mean_band_after.lower(),
        mean_verb="tăng" if c.mean_change > 0 else "giảm",
        mean_change="0" if c.mean_change == 0 else format_points(abs(c.mean_change), mean_places_),
        n_before=c.n_before,
        n_after=c.n_after,
        n_direct=len(direct),
        direct_counts=_count_phrases(
            len(direct),
            [(len(rising), "tăng điểm"), (len(falling), "giảm điểm"), (len(c.steady(direct)), "giữ nguyên điểm")],
        ),  # fmt: skip
        rising="; ".join(_movement(m, places) for m in _extreme_movers(rising, largest=True)),
        falling="; ".join(_movement(m, places) for m in _extreme_movers(falling, largest=False)),
        band_changes="; ".join(_band_move(m, scheme) for m in c.band_changes),
        band_changes_count=format_count(len(c.band_changes), len(direct)) if direct else "",
        renamed=[
            f"{u.unit} ({c.previous_label} có tên {u.previous_name}) được so sánh với kết quả của chính "
            f"đơn vị này dưới tên cũ."
            for u in c.renamed
        ],  # fmt: skip
        merged_count=format_integer(len(merged), 2) if merged else "",
        merged_counts=_count_phrases(
            len(merged),
            [
                (len(c.rising(merged)), "cao hơn"),
                (len(c.falling(merged)), "thấp hơn"),
                (len(c.steady(merged)), "bằng bình quân cũ"),
            ],
        ),  # fmt: skip
        merged_lines=[_merged_line(m, c.previous_label) for m in merged],
        new_units=", ".join(u.unit for u in sorted(c.new, key=lambda u: vi_sort_key(u.unit))),
        gone_units=", ".join(u.unit for u in c.gone),
        criteria_text=_criteria_text(c.criteria, scheme),
        word_plural=_refs(scheme)[1],
        both="cả hai năm" if c.period is None else "cả hai kỳ",
        weakest=_weakest_text(c, scheme),
    )
    return [line for line in text.splitlines() if line.strip()]
