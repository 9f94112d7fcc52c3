"""Load one period into one frozen report model, built in one place.

``analyse`` reads, validates, scores and words one scores file; ``load_year_report`` loads a year with its
previous year, registry and comparison; ``load_years`` every year of a data directory (the trend and the index)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.narrative.section1 import section1
from tthc_analysis.period import Period, PeriodError, parse_period
from tthc_analysis.read.files import scores_file, year_file
from tthc_analysis.read.metadata import Metadata, read_metadata
from tthc_analysis.read.years import available_years
from tthc_analysis.registry.load import find_registry, load_registry
from tthc_analysis.registry.model import Registry
from tthc_analysis.scheme import Criterion, Scheme, load_scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.compare import Comparison, YearUnits, compare_years, name_ids
from tthc_analysis.score.summary import summarize, summarize_cohorts
from tthc_analysis.validate.portal_scores import portal_metadata
from tthc_analysis.validate.scores import read_scores
from tthc_analysis.validate.table import ScoreTable


@dataclass(frozen=True)
class YearResult:
    """A validated table with its metadata, scheme, figures and Section I text.

    ``cohorts`` holds one summary per cohort (departments, communes) when the table has more than one;
    ``period`` is the period the figures cover, when known."""

    table: ScoreTable
    metadata: Metadata
    scheme: Scheme
    summary: Summary
    section1: list[str]
    period: Period | None = None
    cohorts: dict[str, Summary] = field(default_factory=dict)


def analyse(
    scores: str | Path,
    scheme: str | Scheme | None = None,
    metadata: str | Path | None = None,
    year: int | None = None,
    period: Period | None = None,
) -> YearResult:
    """Analyse one scores file: a CSV or Excel table, a portal JSON file (QĐ 766), or a period folder.

    Metadata comes from ``metadata`` if given, else from ``metadata.toml`` beside the scores (none is fine).
    The scheme is, in order: ``scheme`` if given, the metadata's, the one the file shows (a portal file or
    QĐ 766 group columns), the default (TT 01/2018). The period is ``period`` if given, else the file's
    (portal metadata, or ``period = "2026-Q3"`` in metadata.toml), else the year (``year`` or the metadata's).
    """
    path = scores_file(scores)
    meta = read_metadata(metadata if metadata is not None else path.parent)
    if not isinstance(scheme, Scheme) and (scheme or meta.scheme):
        scheme = load_scheme(scheme or meta.scheme)
    table = read_scores(path, scheme, period=period)
    if meta.path is None and table.portal is not None:
        meta = portal_metadata(table)  # the portal file names its place, source and period itself
    scheme = table.scheme
    period = find_period(table, meta, period, year, str(path))
    summary = summarize(table)
    cohorts = summarize_cohorts(table)
    text = section1(summary, scheme, meta, year or (period.year if period else None), period)
    return YearResult(table, meta, scheme, summary, text, period, cohorts)


def find_period(table: ScoreTable, meta: Metadata, period: Period | None, year: int | None, file: str) -> Period | None:
    """The period a table covers: the one asked for, the file's, the metadata's ``period``, else its year."""
    stated = table.period
    if stated is None and meta.extra.get("period") is not None:
        try:
            stated = parse_period(str(meta.extra["period"]))
        except PeriodError as exc:
            raise ValidationError([Problem(meta.path or file, str(exc), column="period")]) from exc
    if period is not None and stated is not None and stated != period:
        message = f"tệp là số liệu {stated.label}, không phải {period.label} như đã chọn"
        raise ValidationError([Problem(file, message, column="period", value=stated.slug)])
    if period is not None or stated is not None:
        return period or stated
    chosen = year or meta.year
    return Period("year", chosen) if chosen else None


@dataclass(frozen=True)
class YearReport:
    """Everything the report shows for one year, loaded and validated once, built in one place (frozen)."""

    year: int
    result: YearResult
    data_file: str
    sha256: str
    parameters: dict[str, object] = field(default_factory=dict)
    units: YearUnits | None = None
    previous: YearResult | None = None
    previous_file: str | None = None
    comparison: Comparison | None = None
    comparison_notice: str | None = None
    registry_notice: str | None = None  # units the registry does not hold, taken as new units
    registry_file: str | None = None
    data_dir: Path | None = None  # set when the year was read from a data directory (then other years are there)
    period: Period | None = None  # the period reported on; a year for the TT 01 flow

    @property
    def period_label(self) -> str:
        """The period as the text names it: "năm 2021", "quý III năm 2026"."""
        return (self.period or Period("year", self.year)).label

    @property
    def scheme(self) -> Scheme:
        return self.result.scheme

    @property
    def scored_criteria(self) -> tuple[Criterion, ...]:
        """The criteria (or groups) the table scores, the columns every table and chart prints: none for a table
        of totals only, which ranks and bands its units and says nothing per criterion."""
        return () if self.result.table.totals_only else self.scheme.criteria


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def identify_units(result: YearResult, year: int, registry: Registry | None, file: str,
                   strict: bool = False) -> YearUnits:  # fmt: skip
    """Stable ids for the year's units: the registry's, or spelling-insensitive names without one.

    A name the registry does not hold is a new unit (its id is its name's, as without a registry) and is
    listed in ``unknown``; with ``strict``, ``ValidationError`` lists every such name with the closest known
    names instead. Other problems (a name held by several units, a unit that did not exist) always refuse.
    """
    ranking = result.summary.ranking
    if registry is None:
        return YearUnits(year, result.summary, tuple(name_ids(ranking)))
    names, rows = ranking["unit"].tolist(), [int(r) for r in ranking["row"]]
    known = [strict or registry.knows(name) for name in names]
    records = iter(registry.resolve([n for n, k in zip(names, known) if k], year, file=file,
                                    rows=[r for r, k in zip(rows, known) if k]))  # fmt: skip
    fallback = name_ids(ranking)
    ids = tuple(next(records).id if k else fallback[i] for i, k in enumerate(known))
    predecessors = {i: tuple(registry.get(i).predecessors) for i, k in zip(ids, known) if k}
    names_before = {p: registry.get(p).name_in(year - 1) for group in predecessors.values() for p in group}
    unknown = tuple((n, registry.unknown_note(n, year)) for n, k in zip(names, known) if not k)
    return YearUnits(year, result.summary, ids, predecessors, names_before, unknown)


def registry_notice(units: list[YearUnits | None], registry_file: str | None) -> str | None:
    """The sentence naming the units a registry does not hold, treated as new units, with the closest names."""
    unknown = [(u.year, name, note) for u in units if u is not None for name, note in u.unknown]
    if not unknown:
        return None
    listed = "; ".join(f"“{name}” (năm {year}; {note})" for year, name, note in unknown)
    return (f"Các đơn vị sau chưa có trong danh mục đơn vị hành chính ({Path(registry_file or '').name}) nên được "
            f"coi là đơn vị mới, không so sánh với năm trước: {listed}. Nếu đó là tên mới của một đơn vị cũ, hãy "
            "bổ sung tên này vào danh mục.")  # fmt: skip


def load_year_report(
    year: int,
    data_dir: str | Path = "data",
    scores_path: str | Path = "",
    scheme: str = "",
    previous_scores_path: str | Path = "",
    registry_path: str | Path = "",
    strict_registry: bool = False,
    period: str | Period = "",
) -> YearReport:
    """Find, read and validate the scores of a period and, where it exists, of the period before.

    The period is ``period`` ("2026-Q3", or a Period) when given, else the file's own (portal metadata,
    ``period`` in metadata.toml), else the year ``year``. ``scores_path`` names a scores file directly (any
    locality); otherwise the table is ``<data_dir>/<period slug>/scores.csv`` (``.xlsx``, ``.json``), which for
    a year is ``<data_dir>/<year>/``. The previous period (same kind, the one just before) is
    ``previous_scores_path`` if given, else ``<data_dir>/<previous slug>/`` when the scores come from
    ``data_dir``, or the folder beside the scores file's folder when that folder is named by its period's slug.
    Units are matched by code when the table has codes, else through ``registry_path`` (or
    ``<data_dir>/registry.toml``). Raises ``ValidationError`` with every problem found.
    """

    data_dir = Path(data_dir)
    asked = _asked_period(period)
    if scores_path:
        path = Path(scores_path)
        shown = path.name
    else:
        slug = asked.slug if asked is not None else str(year)
        path = year_file(data_dir, slug)
        shown = f"{slug}/{path.name}"
    if not path.is_file():
        what = asked.label if asked is not None else f"năm {year}"
        raise ValidationError([Problem(str(path), f"không tìm thấy tệp điểm của {what}")])
    metadata = read_metadata(path.parent)
    if metadata.year is not None and metadata.year != year:
        raise ValidationError([Problem(metadata.path or str(path.parent), f"thông tin năm ghi năm {metadata.year}, "
                                       f"không khớp với năm cần lập báo cáo ({year})", column="year")])  # fmt: skip
    if registry_path:
        registry = load_registry(registry_path)
    else:
        registry = None if scores_path else find_registry(data_dir)

    problems: list[Problem] = []
    result = previous = units = previous_units = None
    try:
        result = analyse(path, scheme=scheme or None, year=year, period=asked)
        units = identify_units(result, year, registry, str(path), strict_registry)
    except ValidationError as exc:
        problems += exc.problems
    current = (result.period if result is not None else asked) or Period("year", year)
    before = current.previous()
    previous_path = Path(previous_scores_path) if previous_scores_path else None
    if previous_path is None:
        previous_path = _previous_file(data_dir, path, current, bool(scores_path))
    if previous_path is not None and not previous_path.is_file():
        raise ValidationError([Problem(str(previous_path), f"không tìm thấy tệp điểm {before.label} để so sánh")])
    if previous_path is not None:
        try:
            previous = analyse(previous_path, scheme=None, year=before.year)
            previous_units = identify_units(previous, before.year, registry, str(previous_path), strict_registry)
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)

    parameters: dict[str, object] = {"year": year, "scheme": result.scheme.name, "data_file": shown}
    if current.kind != "year":
        parameters["period"] = current.slug
    comparison, notice = _comparison(current, result, units, previous, previous_units)
    previous_file = None
    if previous is not None:
        previous_file = (
            previous_path.name if scores_path or previous_scores_path else f"{before.slug}/{previous_path.name}"
        )
    registry_file = registry.path if registry else None
    return YearReport(
        year=year,
        result=result,
        data_file=shown,
        sha256=file_sha256(path),
        parameters=parameters,
        units=units,
        previous=previous,
        previous_file=previous_file,
        comparison=comparison,
        comparison_notice=notice,
        registry_notice=registry_notice([previous_units, units], registry_file),
        registry_file=registry_file,
        data_dir=None if scores_path or current.kind != "year" else data_dir,
        period=current,
    )


def _comparison(
    current: Period, result: YearResult, units: YearUnits, previous: YearResult | None, previous_units: YearUnits | None
) -> tuple[Comparison | None, str | None]:
    """The comparison with the previous period of the same kind, and a notice where there is none (two schemes,
    another kind of period) or where no unit is in both (only the common figures compare; a registry helps)."""
    if previous is None:
        return None, None
    before = current.previous()
    found = previous.period or before
    if previous.scheme.name != result.scheme.name:
        notice = (
            f"Không so sánh với {before.label}: hai kỳ chấm điểm theo hai bộ tiêu chí khác nhau "
            f"({previous.scheme.title}; {result.scheme.title})."
        )
        return None, notice
    if found.kind != current.kind or (current.kind != "year" and found != before):
        notice = (
            f"Không so sánh với số liệu {found.label}: báo cáo {current.label} chỉ so sánh với kỳ liền trước "
            f"cùng loại ({before.label})."
        )
        return None, notice
    comparison = compare_years(previous_units, units, result.scheme)
    if current.kind != "year":
        comparison = replace(comparison, period=current, previous_period=found)
    if not any(u.before is not None and u.after is not None for u in comparison.units):
        notice = (
            f"{found.label[0].upper()}{found.label[1:]} và {current.label} không có đơn vị nào chung theo tên (có thể "
            "do sáp nhập hoặc đổi tên), nên không so sánh được điểm của từng đơn vị; chỉ so sánh các số liệu chung. "
            "Để so sánh từng đơn vị, hãy lập danh mục đơn vị hành chính (registry.toml trong thư mục số liệu) ghi "
            "đơn vị nào kế thừa đơn vị nào."
        )
        return comparison, notice
    return comparison, None


def _asked_period(period: str | Period) -> Period | None:
    if isinstance(period, Period) or not period:
        return period or None
    try:
        return parse_period(period)
    except PeriodError as exc:
        raise ValidationError([Problem("--period", str(exc), value=str(period))]) from exc


def _previous_file(data_dir: Path, path: Path, current: Period, given: bool) -> Path | None:
    """The previous period's scores by the data layout: ``<data_dir>/<slug>/``, or beside a ``<slug>/`` folder."""
    before = current.previous()
    if not given:
        candidate = year_file(data_dir, before.slug)
        return candidate if candidate.is_file() else None
    if path.parent.name.lower() == current.slug:
        candidate = year_file(path.parent.parent, before.slug)
        return candidate if candidate.is_file() else None
    return None


@dataclass(frozen=True)
class YearsData:
    """Every year of a data directory, validated, with the units identified across years."""

    data_dir: Path
    years: list[int]
    results: dict[int, YearResult]
    units: dict[int, YearUnits]
    registry_file: str | None

    @property
    def scheme(self) -> Scheme:
        return self.results[self.years[-1]].scheme

    @property
    def metadata(self) -> dict[int, Metadata]:
        return {year: result.metadata for year, result in self.results.items()}

    @property
    def same_scheme(self) -> bool:
        return len({r.scheme.name for r in self.results.values()}) == 1


def load_years(data_dir: str | Path, years: list[int] | None = None, until: int | None = None) -> YearsData:
    """Read and validate the given years (default: all, up to ``until``); every problem of every year at once."""

    data_dir = Path(data_dir)
    chosen = years if years is not None else available_years(data_dir)
    if until is not None:
        chosen = [y for y in chosen if y <= until]
    if not chosen:
        raise ValidationError(
            [Problem(str(data_dir), "không có năm nào có tệp điểm (<năm>/scores.csv hoặc <năm>/scores.xlsx)")]
        )
    problems: list[Problem] = []
    registry = None
    try:
        registry = find_registry(data_dir)
    except ValidationError as exc:
        problems += exc.problems
    results: dict[int, YearResult] = {}
    units: dict[int, YearUnits] = {}
    for year in chosen:
        path = year_file(data_dir, year)
        try:
            results[year] = analyse(path, year=year)
            units[year] = identify_units(results[year], year, registry, str(path))
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)
    return YearsData(data_dir, sorted(chosen), results, units, registry.path if registry else None)


@dataclass(frozen=True)
class Overview:
    data: YearsData
    with_pdf: bool = True
    parameters: dict[str, object] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.data.years[0]

    @property
    def last(self) -> int:
        return self.data.years[-1]


def load_overview(data_dir: str | Path = "data", years: list[int] | None = None, with_pdf: bool = True) -> Overview:
    """Read and validate every year (or the given ones); raises ``ValidationError`` with every problem."""
    data = load_years(data_dir, years or None)
    parameters = {"years": ", ".join(map(str, data.years)), "with_pdf": with_pdf}
    return Overview(data, with_pdf, parameters)
