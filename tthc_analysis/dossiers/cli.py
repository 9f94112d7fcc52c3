"""``tthc dossiers SOURCE --period P [--engine duckdb|postgres|spark] [--out DIR] [--json]``.

A thin layer: open the source, compute the period, write the CSV and the workbook (or print the JSON object).
``add_parser`` adds the subcommand to ``tthc``'s parser; ``main_dossiers`` runs it alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tthc_analysis.errors import ValidationError

__all__ = ["add_parser", "main_dossiers", "run"]

EXIT_INVALID_INPUT = 2


def _configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("source", help="tệp hồ sơ (.csv, .xlsx, .parquet) hoặc địa chỉ postgresql://…?table=ten_bang")
    parser.add_argument("--period", required=True, help="kỳ: 2026-09 (tháng), 2026-Q3 (quý), 2026-6T, 2026-9T, 2026")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "postgres", "spark"),
        default=None,
        help="máy tính toán (mặc định duckdb cho tệp, postgres cho địa chỉ postgresql://)",
    )
    parser.add_argument("--out", type=Path, default=None, help="thư mục ghi kết quả (mặc định reports/ho-so-<kỳ>)")
    parser.add_argument("--json", action="store_true", help="in một đối tượng JSON ra stdout")
    parser.add_argument("--mapping", type=Path, default=None, help="tệp TOML ánh xạ tên cột về tên trường quốc gia")
    parser.add_argument("--table", default=None, help="tên bảng PostgreSQL (mặc định ho_so)")
    parser.add_argument("--portal", type=Path, default=None,
                        help="tệp điểm của Cổng DVCQG cùng kỳ (JSON), để đặt TDGQ tính được bên cạnh TDGQ của Cổng")  # fmt: skip
    parser.set_defaults(handler=run)
    return parser


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``dossiers`` to a subparsers object (``tthc``'s); the parsed namespace's ``handler`` runs it."""
    return _configure(commands.add_parser("dossiers", help="Tính chỉ số tiến độ giải quyết (TDGQ) từ tệp hồ sơ."))


def run(args: argparse.Namespace) -> int:
    """Compute and write; 2 on invalid input (every problem on stderr), 0 when done."""
    from tthc_analysis.dossiers.evaluate import compute, list_dossiers
    from tthc_analysis.dossiers.fields import load_mapping
    from tthc_analysis.dossiers.output import differing_units, portal_tdgq, to_json, write_csv, write_workbook
    from tthc_analysis.dossiers.source import is_database_url, open_source
    from tthc_analysis.period import PeriodError, parse_period

    try:
        period = parse_period(args.period)
    except PeriodError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INVALID_INPUT
    engine = args.engine or ("postgres" if is_database_url(args.source) else "duckdb")
    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
        source = open_source(args.source, engine, mapping, table=args.table)
        result = compute(source, [period])[period]
        listed = list_dossiers(source, period)
    except ValidationError as error:
        print(error.report(), file=sys.stderr)
        return EXIT_INVALID_INPUT
    portal = portal_tdgq(args.portal) if args.portal else None
    written = []
    if args.out is not None or not args.json:
        out = args.out or Path("reports") / f"ho-so-{period.slug}"
        out.mkdir(parents=True, exist_ok=True)
        written = [
            write_csv(result, out / f"chi-so-tdgq-{period.slug}.csv", portal),
            write_workbook(result, listed, out / f"ho-so-tre-han-{period.slug}.xlsx"),
        ]
    if args.json:
        print(json.dumps(to_json(result, listed), ensure_ascii=False, indent=2))
        return 0
    total = result.totals()
    print(f"{result.period.label[:1].upper()}{result.period.label[1:]}: {len(result.units)} đơn vị, {total.dossiers} hồ sơ được đánh giá, "
          f"{total.on_time} đúng hạn, {total.late} trễ hạn; {total.unjudgeable} hồ sơ không đánh giá được, "
          f"{total.excluded} không tính (rút, dừng xử lý).")  # fmt: skip
    if portal is not None:
        differing = differing_units(result, portal)
        print(f"TDGQ khác Cổng DVCQG ở {len(differing)} đơn vị" + (":" if differing else "."))
        for unit, ours, theirs in differing:
            print(f"  {unit}: tính được {ours if ours is not None else '—'}, Cổng {theirs}")
    for path in written:
        print(f"  {path}")
    return 0


def main_dossiers(argv: Sequence[str] | None = None) -> int:
    """Run ``tthc dossiers`` on its own (``python -m tthc_analysis.dossiers.cli …``)."""
    parser = _configure(argparse.ArgumentParser(prog="tthc dossiers", description="Chỉ số TDGQ từ tệp hồ sơ."))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main_dossiers())
