"""The portal's on-time rule over a typed dossier table, per unit and period, written once as Ibis expressions.

The rule (DOMAIN.md, QĐ 766 and Dossiers) and the decisions taken where it is silent. Every time is a naive
local time (Vietnam has one time zone, no daylight saving) in whole seconds, fractions dropped; a period is the
half-open interval [start, end). Unit names are compared trimmed and in NFC.

1. Scope. A dossier belongs to a period when it was received before the period's end and was not finished
   before the period's start (received in the period, or carried over from an earlier one and still open at
   its start). "Finished" is NgayKetThucXuLy, or NgayTra when the system fills only that (decision).
2. Not counted at all: status 1 (Mới đăng ký) and 3 (Không được tiếp nhận), which were never received.
   Counted apart as ``excluded``, outside the denominator: status 7 (citizen withdrew) and 8 (processing
   stopped), which have no result to be on time with (decision).
3. Unjudgeable, counted apart and listed (``unjudgeable``, with a reason code, ``REASONS``): no promised date;
   promised date, end or supplement request before reception; status 9/10 with no end date; supplement
   received back with no request or before it; supplement requested after the end.
4. End. A dossier finished before the period's end is judged at its end; one still open then is judged with the
   period's end as its end (a dossier finished after the period's end was open at it, whatever its status now).
5. Supplements. The time the citizen spends on the (first) supplement — from the request to the supplement's
   receipt, or to the end when it has not come back — does not count: the effective end is the end minus that
   time. More than one supplement request makes the dossier late, whatever its dates.
6. Judgement. Late when the effective end is after the promised date and time (to the second), or when it had
   more than one supplement request. Otherwise on time; "early" (trước hạn) when the effective end falls on a
   calendar day before the promised day (decision: Biểu II.06a does not define early more precisely).
   A finished dossier is early, on time or late; an open one is within the deadline or past it.
7. The denominator (``dossiers``) is every judged dossier in scope, open ones included; ``on_time`` is early +
   on time + open within the deadline; ``late`` is late + open past the deadline; TDGQ = 20 × on_time / dossiers
   (``indicators.tdgq_points``), left empty for a unit with no dossier (decision: the portal's 0/0 full-marks rule
   is stated for petitions only).
8. ``received`` (by channel: 1 direct, 2 online, 3 post) counts the dossiers received in the period, judgeable or
   not, excluded ones left out; ``carried_over`` the rest of the scope. So received + carried_over =
   dossiers + unjudgeable. The online, online-payment and digitised shares are of ``received``.
9. Average processing days: over the dossiers finished in the period and judged, of (end − reception −
   supplement time), in days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ibis
import ibis.expr.types as ir

from tthc_analysis.dossiers.parse import one_of
from tthc_analysis.period import Period

__all__ = [
    "COUNTS", "REASONS", "dossier_facts", "indicator_counts", "judged_rows", "listed_dossiers", "period_table", "seconds",
]  # fmt: skip

DAY = 86400
EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()

# Reason codes of an unjudgeable dossier, in the order they are tested, with the Vietnamese wording.
REASONS = {
    1: "không có ngày hẹn trả",
    2: "ngày hẹn trả trước ngày tiếp nhận",
    3: "ngày kết thúc xử lý trước ngày tiếp nhận",
    4: "trạng thái đã xử lý xong nhưng không có ngày kết thúc xử lý",
    5: "ngày yêu cầu bổ sung trước ngày tiếp nhận",
    6: "có ngày tiếp nhận bổ sung nhưng không có yêu cầu bổ sung hoặc trước ngày yêu cầu",
    7: "ngày yêu cầu bổ sung sau ngày kết thúc xử lý",
}

# The integer counts computed per (period, unit), in output order.
COUNTS = (
    "received", "received_direct", "received_online", "received_post", "carried_over",
    "dossiers", "on_time", "late", "early", "on_time_finished", "late_finished", "open_within", "open_overdue",
    "finished", "processing_seconds", "paid_online", "digitised", "unjudgeable", "excluded",
)  # fmt: skip

NEVER_RECEIVED = (1, 3)
EXCLUDED = (7, 8)
FINISHED_STATUSES = (9, 10)

BIG = 2**62  # after every instant (before every one when negated): a scope bound that lets a row into every period

# The state of a (dossier, period) pair, the first that applies, as counted in ``indicator_counts``.
BAD, EXCLUDED_STATE, UNJUDGEABLE, EARLY, ON_TIME, LATE, OPEN_WITHIN, OPEN_OVERDUE = range(8)


def seconds(moment) -> int:
    """Whole seconds since 1970-01-01 of a naive datetime (the typed table's time unit)."""
    return (moment.toordinal() - EPOCH_ORDINAL) * DAY + moment.hour * 3600 + moment.minute * 60 + moment.second


def period_table(periods: Sequence[Period]) -> ir.Table:
    """The periods as a small table (position in ``periods``, start, end in seconds), cross-joined with the dossiers.
    The key is the position, not the period's name: the pairs are grouped by it, and a string key costs more."""
    bounds = [p.bounds for p in periods]
    return ibis.memtable(
        {
            "period": list(range(len(periods))),
            "period_start": [seconds(start) for start, _ in bounds],
            "period_end": [seconds(end) for _, end in bounds],
        },
        schema={"period": "int64", "period_start": "int64", "period_end": "int64"},
    )


Fence = Callable[[ir.Table], ir.Table]


def _no_fence(table: ir.Table) -> ir.Table:
    return table


def limit_fence(table: ir.Table) -> ir.Table:
    """A LIMIT no row reaches: PostgreSQL then keeps the subquery as it is instead of pulling it up, which would paste
    every typed column's expression into each of the twenty sums (bench, four quarters of 1 million dossiers: 85.8 s
    without, 4.9 s with) and into every per-dossier fact that reads it (4.4 s -> 7.9 s when the typed values were
    left unfenced, measured)."""
    return table.limit(2**62)


def dossier_facts(typed: ir.Table, fence: Fence = _no_fence) -> ir.Table:
    """What the rule says of each dossier whatever the period, computed once per dossier before the dossiers are
    paired with the periods, so that a pair needs only a few comparisons with the period's bounds:

    - ``finish``, and the scope bounds ``scope_from``/``scope_to`` (rule 1);
    - ``reason`` (rule 3, 0 when judgeable) and ``fixed_state``: BAD, EXCLUDED_STATE (rule 2) or UNJUDGEABLE
      (rule 3) in every period, else -1 (judged by the period);
    - ``settled_by``/``settled_state``: the state a pair takes when the period ends after ``settled_by``: the
      fixed state, or its judgement at its own end (rules 4-6) in the period it finished in;
    - ``finish_seconds``: its processing time when finished (rule 9);
    - ``overdue_after``: while it is open, it is judged at the period's end E, and it is overdue exactly when
      E > overdue_after (derived below).
    """
    # Fenced: the typed values (each a sizeable expression) are computed once, not pasted into every use below.
    t = fence(typed.mutate(finish=ibis.coalesce(typed.processed, typed.returned)))
    t = t.mutate(
        # Rule 1 as two comparisons with the period's bounds: in scope when scope_from < end and scope_to >= start.
        # A bad row is in every period (counted, then reported), a dossier never received (rule 2) in none.
        scope_from=ibis.cases((t.bad, -BIG), (one_of(t.status, NEVER_RECEIVED), BIG), else_=t.received),
        scope_to=ibis.ifelse(t.bad, BIG, ibis.coalesce(t.finish, BIG)),
        reason=ibis.cases(
            (t.due.isnull(), 1),
            (t.due < t.received, 2),
            (t.finish.notnull() & (t.finish < t.received), 3),
            (one_of(t.status, FINISHED_STATUSES) & t.finish.isnull(), 4),
            (t.supplement_asked.notnull() & (t.supplement_asked < t.received), 5),
            (t.supplement_back.notnull() & (t.supplement_asked.isnull() | (t.supplement_back < t.supplement_asked)), 6),
            (t.supplement_asked.notnull() & t.finish.notnull() & (t.supplement_asked > t.finish), 7),
            else_=0,
        ),
        many_supplements=ibis.coalesce(t.supplements, ibis.ifelse(t.supplement_asked.notnull(), 1, 0)) > 1,
        finish_back=ibis.ifelse(t.supplement_back.notnull() & (t.supplement_back <= t.finish), t.supplement_back,
                                t.finish),
    )  # fmt: skip
    # Each step reads the previous step's columns by name, so the SQL does not repeat sub-expressions.
    t = t.mutate(
        fixed_state=ibis.cases(
            (t.bad, BAD), (one_of(t.status, EXCLUDED), EXCLUDED_STATE), (t.reason != 0, UNJUDGEABLE), else_=-1
        ),
        finish_pause=_pause(t.supplement_asked, t.finish_back),
    )
    t = t.mutate(finish_effective=t.finish - t.finish_pause)
    # Open at the period's end E (rules 4-6, for a judgeable dossier): the effective end is E - pause(E), which is E
    # before the supplement request, stays at the request while the supplement is out, and grows as E - (back -
    # asked) once it is back. It never decreases, so "effective end > due" holds exactly for E > overdue_after:
    # due itself when there was no request or the deadline had passed at the request; due + (back - asked) when
    # the supplement came back; never while it is still out. More than one request: overdue whatever E.
    overdue_after = ibis.cases(
        (t.many_supplements, -BIG),
        (t.supplement_asked.isnull() | (t.due < t.supplement_asked), t.due),
        (t.supplement_back.isnull(), BIG),
        else_=t.due + (t.supplement_back - t.supplement_asked),
    )
    # A pair takes ``settled_state`` when the period ends after ``settled_by``: at once for a fixed state, else
    # once the dossier is finished within the period (rule 4), judged at its own end (rule 6).
    return t.mutate(
        settled_by=ibis.ifelse(t.fixed_state >= 0, -BIG, ibis.coalesce(t.finish, BIG)),
        settled_state=ibis.cases(
            (t.fixed_state >= 0, t.fixed_state),
            (t.many_supplements | (t.finish_effective > t.due), LATE),
            ((t.finish_effective // DAY) < (t.due // DAY), EARLY),
            else_=ON_TIME,
        ),
        finish_seconds=t.finish - t.received - t.finish_pause,
        overdue_after=overdue_after,
    )


def _pause(asked: ir.IntegerValue, back_at: ir.IntegerValue) -> ir.IntegerValue:
    """Rule 5: the time with the citizen, from the request to ``back_at`` (the supplement's return, or the moment
    the dossier is judged when that comes first); nothing without a request or when it came after that moment."""
    return ibis.ifelse(asked.notnull() & (back_at > asked), back_at - asked, 0)


def judged_rows(typed: ir.Table, periods: Sequence[Period], fence: Fence = _no_fence) -> ir.Table:
    """Each (dossier, period) pair in scope with its ``state``; rows with a bad value pass through as ``BAD``."""
    t = fence(dossier_facts(typed, fence))
    j = t.cross_join(period_table(periods))
    j = j.filter((j.scope_from < j.period_end) & (j.scope_to >= j.period_start))
    # Settled (a fixed state, or finished within the period), else open at the period's end (rule 4).
    state = ibis.cases(
        (j.settled_by < j.period_end, j.settled_state),
        (j.period_end > j.overdue_after, OPEN_OVERDUE),
        else_=OPEN_WITHIN,
    )
    return fence(j.mutate(state=state))


def indicator_counts(typed: ir.Table, periods: Sequence[Period], fence: Fence = _no_fence) -> ir.Table:
    """The integer counts ``COUNTS`` per (period, unit), in one pass, with ``bad_rows``: rows with a bad value.
    ``period`` is the position in ``periods``.

    The pairs are grouped by (period, unit) alone and counted by their small integer state and arrival channel
    (fourteen filtered counts); the other counts are sums of those, on the few grouped rows. Grouping by a code
    as well (about forty per unit and period) and summing afterwards was slower on DuckDB (measured: 0.6-0.8 s
    against 1.1-1.3 s for the grouping alone, 9.35 million pairs).
    """
    j = judged_rows(typed, periods, fence)
    counted = j.state >= UNJUDGEABLE  # in the received / carried-over counts (rule 8)
    # Received in the period (scope_from is the reception of every counted dossier).
    j = j.mutate(arrival=ibis.ifelse(counted & (j.scope_from >= j.period_start), ibis.coalesce(j.channel, 0), 0))
    now = j.arrival > 0
    states = {
        "bad_rows": BAD, "excluded": EXCLUDED_STATE, "unjudgeable": UNJUDGEABLE, "early": EARLY,
        "on_time_finished": ON_TIME, "late_finished": LATE, "open_within": OPEN_WITHIN, "open_overdue": OPEN_OVERDUE,
    }  # fmt: skip
    measures = {name: j.count(where=j.state == state) for name, state in states.items()}
    measures |= {
        "received_direct": j.count(where=j.arrival == 1),
        "received_online": j.count(where=j.arrival == 2),
        "received_post": j.count(where=j.arrival == 3),
        "paid_online": j.count(where=now & (j.paid_online == 1)),
        "digitised": j.count(where=now & (j.digitised == 1)),
        "processing_seconds": j.finish_seconds.sum(where=j.state.between(EARLY, LATE)),
    }
    a = j.group_by(["period", "unit"]).aggregate(**measures)
    a = a.mutate(
        received=a.received_direct + a.received_online + a.received_post,
        finished=a.early + a.on_time_finished + a.late_finished,
        on_time=a.early + a.on_time_finished + a.open_within,
        late=a.late_finished + a.open_overdue,
    )
    return a.mutate(
        dossiers=a.finished + a.open_within + a.open_overdue,
        carried_over=a.unjudgeable + a.finished + a.open_within + a.open_overdue - a.received,
    )


def listed_dossiers(typed: ir.Table, period: Period) -> ir.Table:
    """The dossiers that cost points in ``period`` (late, or open past the deadline) and the unjudgeable ones, with
    the reason code (``REASONS``) and, for those judged, the time with the citizen and the effective end."""
    j = judged_rows(typed, [period])
    j = j.filter(one_of(j.state, [UNJUDGEABLE, LATE, OPEN_OVERDUE]))
    j = j.mutate(done=j.finish.notnull() & (j.finish < j.period_end))
    j = j.mutate(
        open_back=ibis.ifelse(j.supplement_back.notnull() & (j.supplement_back <= j.period_end), j.supplement_back,
                              j.period_end)
    )  # fmt: skip
    j = j.mutate(open_pause=_pause(j.supplement_asked, j.open_back))
    return j.select(
        "unit",
        "dossier_id",
        "procedure",
        "channel",
        "status",
        "received",
        "due",
        "finish",
        "supplement_asked",
        "supplement_back",
        "done",
        "reason",
        supplement_count=ibis.coalesce(j.supplements, ibis.ifelse(j.supplement_asked.notnull(), 1, 0)),
        pause=ibis.ifelse(j.done, j.finish_pause, j.open_pause),
        effective_end=ibis.ifelse(j.done, j.finish_effective, j.period_end - j.open_pause),
    ).order_by(["unit", "received", "dossier_id"])
