"""Command line: ``tthc summary`` and ``tthc report``, thin layers over the package."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence

from .render import ParameterError, RenderError
from .scheme import SchemeError
from .validation import ValidationError

EXIT_INVALID_INPUT = 2
EXIT_RENDER_FAILED = 1


def _ranking_text(result) -> str:
    from .vietnamese import format_points

    summary = result.summary
    rows = [("Hạng", "Đơn vị", "Tổng điểm", "Xếp loại")]
    rows += [(str(r.rank), r.unit, format_points(r.total, summary.places), r.band) for r in summary.ranking.itertuples()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3]]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _summary(args: argparse.Namespace) -> int:
    from .summary import analyse

    result = analyse(args.path, scheme=args.scheme)
    if args.json:
        print(json.dumps(result.summary.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print("I. Kết quả thực hiện:\n")
    print("\n".join(result.section1))
    print("\nBảng xếp hạng:\n")
    print(_ranking_text(result))
    return 0


def _print_problems(error: ValidationError, stream=None) -> None:
    """Every problem on stderr: a table (Tệp, Trang tính, Dòng, …) on a terminal, numbered lines otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        print(error.report(), file=stream)
        return
    from rich.console import Console
    from rich.table import Table

    from .validation import COLUMNS

    rows = [problem.cells() for problem in error.problems]
    files = {row[0] for row in rows}
    title = f"Dữ liệu không hợp lệ: phát hiện {len(rows)} lỗi."
    # One file: named once in the title. Columns empty for every problem are left out, so the table fits.
    if len(files) == 1:
        title = f"{title} Tệp: {files.pop()}"
        keep = [i for i in range(1, len(COLUMNS)) if any(row[i] for row in rows)]
    else:
        keep = [i for i in range(len(COLUMNS)) if any(row[i] for row in rows)]
    table = Table(title=title, title_justify="left", show_lines=True)
    for heading in ("STT", *(COLUMNS[i] for i in keep)):
        table.add_column(heading, overflow="fold", justify="right" if heading in {"STT", "Dòng"} else "left")
    for number, row in enumerate(rows, 1):
        table.add_row(str(number), *(row[i] for i in keep), end_section=False)
    Console(file=stream, highlight=False, markup=False).print(table)


def _print_files(heading: str, files) -> None:
    print(heading)
    for path in files:
        print(f"  {path.name} ({path.stat().st_size:,} byte)".replace(",", "."))


def _report(args: argparse.Namespace) -> int:
    from .config import DATA_DIR
    from .render import render_all, render_report

    if args.all:
        unusable = [flag for flag, value in (("--year", args.year), ("--scores", args.scores),
                                              ("--previous-scores", args.previous_scores),
                                              ("--registry", args.registry), ("--with-code", args.with_code)) if value]  # fmt: skip
        if unusable:
            print(f"Tùy chọn --all không dùng cùng {', '.join(unusable)}.", file=sys.stderr)
            return EXIT_INVALID_INPUT
        done = render_all(args.data_dir or DATA_DIR, args.out, pdf=not args.no_pdf, progress=not args.quiet)
        for result in done.reports:
            _print_files(f"Năm {result.out_dir.name} ({result.out_dir}):", result.files)
        print(f"Trang tổng hợp: {done.index} ({len(done.years)} năm: {', '.join(map(str, done.years))})")
        return 0
    if args.year is None:
        print("Cần chọn năm (--year <năm>) hoặc lập báo cáo mọi năm (--all).", file=sys.stderr)
        return EXIT_INVALID_INPUT
    result = render_report(
        args.year,
        data_dir=args.data_dir or DATA_DIR,
        scores=args.scores,
        out=args.out,
        previous_scores=args.previous_scores,
        registry=args.registry,
        pdf=not args.no_pdf,
        show_code=args.with_code,
        progress=not args.quiet,
    )
    _print_files(f"Đã lập báo cáo năm {args.year} tại {result.out_dir}:", result.files)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tthc", description="Đánh giá, xếp hạng việc giải quyết thủ tục hành chính.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="Tóm tắt kết quả một năm từ tệp điểm (CSV hoặc .xlsx).")
    summary.add_argument("path", help="tệp điểm CSV hoặc Excel (.xlsx), hoặc thư mục năm có scores.csv / scores.xlsx")
    summary.add_argument("--scheme", help="tên hoặc đường dẫn bộ tiêu chí (mặc định: tt01-2018)")
    summary.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    summary.set_defaults(handler=_summary)

    report = commands.add_parser("report", help="Lập báo cáo HTML, PDF, sổ tay đã chạy và bảng xếp hạng .xlsx.")
    report.add_argument("--year", type=int, help="năm đánh giá")
    report.add_argument("--all", action="store_true", help="lập báo cáo mọi năm có số liệu và trang tổng hợp index.html")
    report.add_argument("--data-dir", help="thư mục số liệu, mỗi năm một thư mục con <năm>/ (mặc định: data/)")
    report.add_argument("--scores", help="tệp điểm bất kỳ dùng cho năm đã chọn (thay cho <data-dir>/<năm>/scores.csv)")
    report.add_argument("--previous-scores", help="tệp điểm năm trước để so sánh (mặc định: <data-dir>/<năm - 1>/)")
    report.add_argument("--registry", help="danh mục đơn vị hành chính (mặc định: <data-dir>/registry.toml nếu có)")
    report.add_argument("--out", help="thư mục ghi báo cáo (mặc định: reports/<năm>/; với --all: reports/)")
    report.add_argument("--with-code", action="store_true", help="thêm bản HTML kèm mã nguồn cho người kiểm tra")
    report.add_argument("--no-pdf", action="store_true", help="không xuất PDF")
    report.add_argument("--quiet", action="store_true", help="không hiển thị tiến trình")
    report.set_defaults(handler=_report)

    from .dossiers.cli import add_parser as add_dossiers_parser

    add_dossiers_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Piped into `head` or `less` and closed early: stop quietly, as other command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ValidationError as exc:
        _print_problems(exc)
    except SchemeError as exc:
        print(f"Lỗi bộ tiêu chí: {exc}", file=sys.stderr)
    except ParameterError as exc:
        print(str(exc), file=sys.stderr)
    except RenderError as exc:
        print(f"Không lập được báo cáo. {exc}", file=sys.stderr)
        return EXIT_RENDER_FAILED
    return EXIT_INVALID_INPUT


if __name__ == "__main__":
    sys.exit(main())
