"""A plain-Python statement of the on-time rule, written apart from the Ibis expression: the property tests' oracle.

It works on datetimes and timedeltas, one dossier at a time, following the numbered rule in ``rule.py``'s
docstring; it shares no code with the engine path except that docstring's meaning. Slow, and meant to be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tthc_analysis.period import Period

__all__ = ["Dossier", "judge", "reference_counts"]


@dataclass(frozen=True)
class Dossier:
    """One dossier, already typed (what a valid row of an export means)."""

    dossier_id: str
    unit: str
    channel: int
    status: int
    received: datetime
    due: datetime | None = None
    processed: datetime | None = None
    returned: datetime | None = None
    supplement_asked: datetime | None = None
    supplement_back: datetime | None = None
    supplements: int | None = None
    paid_online: int | None = None
    digitised: int | None = None
    procedure: str | None = None


@dataclass(frozen=True)
class Judgement:
    """What the rule says about one dossier in one period (None when out of scope or never received)."""

    excluded: bool
    reason: int  # 0 judgeable, else the code of rule.REASONS
    received_now: bool
    finished: bool = False
    late: bool = False
    early: bool = False
    processing: timedelta = timedelta(0)


def _unjudgeable_reason(d: Dossier, end_of_processing: datetime | None) -> int:
    if d.due is None:
        return 1
    if d.due < d.received:
        return 2
    if end_of_processing is not None and end_of_processing < d.received:
        return 3
    if d.status in (9, 10) and end_of_processing is None:
        return 4
    if d.supplement_asked is not None and d.supplement_asked < d.received:
        return 5
    if d.supplement_back is not None and (d.supplement_asked is None or d.supplement_back < d.supplement_asked):
        return 6
    if d.supplement_asked is not None and end_of_processing is not None and d.supplement_asked > end_of_processing:
        return 7
    return 0


def judge(d: Dossier, period: Period) -> Judgement | None:
    """Apply the rule to one dossier for one period."""
    if d.status in (1, 3):
        return None
    end_of_processing = d.processed if d.processed is not None else d.returned
    start, end = period.bounds
    if d.received >= end:
        return None
    if end_of_processing is not None and end_of_processing < start:
        return None
    received_now = d.received >= start
    if d.status in (7, 8):
        return Judgement(excluded=True, reason=0, received_now=received_now)
    reason = _unjudgeable_reason(d, end_of_processing)
    if reason:
        return Judgement(excluded=False, reason=reason, received_now=received_now)
    finished = end_of_processing is not None and end_of_processing < end
    judged_at = end_of_processing if finished else end
    citizen_time = timedelta(0)
    if d.supplement_asked is not None and d.supplement_asked < judged_at:
        came_back = d.supplement_back
        if came_back is None or came_back > judged_at:
            came_back = judged_at
        citizen_time = max(came_back - d.supplement_asked, timedelta(0))
    effective = judged_at - citizen_time
    requests = d.supplements if d.supplements is not None else (1 if d.supplement_asked is not None else 0)
    late = requests > 1 or effective > d.due
    early = not late and effective.date() < d.due.date()
    processing = (judged_at - d.received - citizen_time) if finished else timedelta(0)
    return Judgement(False, 0, received_now, finished, late, early, processing)


def reference_counts(dossiers: Iterable[Dossier], period: Period) -> dict[str, dict[str, int]]:
    """unit -> the counts of ``rule.COUNTS`` for ``period``, computed dossier by dossier."""
    units: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in dossiers:
        verdict = judge(d, period)
        if verdict is None:
            continue
        c = units[d.unit]
        if verdict.excluded:
            c["excluded"] += 1
            continue
        if verdict.received_now:
            c["received"] += 1
            c[{1: "received_direct", 2: "received_online", 3: "received_post"}[d.channel]] += 1
            c["paid_online"] += d.paid_online == 1
            c["digitised"] += d.digitised == 1
        else:
            c["carried_over"] += 1
        if verdict.reason:
            c["unjudgeable"] += 1
            continue
        c["dossiers"] += 1
        if verdict.finished:
            c["finished"] += 1
            c["processing_seconds"] += int(verdict.processing.total_seconds())
            kind = "late_finished" if verdict.late else "early" if verdict.early else "on_time_finished"
        else:
            kind = "open_overdue" if verdict.late else "open_within"
        c[kind] += 1
        c["late" if verdict.late else "on_time"] += 1
    return {unit: dict(counts) for unit, counts in units.items()}
