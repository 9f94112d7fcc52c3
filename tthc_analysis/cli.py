"""Command line: ``tthc summary`` and ``tthc report``, thin layers over the package."""

from __future__ import annotations

import argparse
import atexit
import errno
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tthc_analysis.config import DATA_DIR
from tthc_analysis.errors import COLUMNS, ParameterError, RenderError, SchemeError, ValidationError
from tthc_analysis.narrative.cohorts import cohort_paragraphs, summary_json
from tthc_analysis.period import PeriodError, parse_period
from tthc_analysis.pipeline import analyse
from tthc_analysis.read.portal_period import peek_period
from tthc_analysis.render.report import render_report
from tthc_analysis.render.years import render_all
from tthc_analysis.vietnamese import HIDDEN, format_points

EXIT_INVALID_INPUT = 2
EXIT_RENDER_FAILED = 1
_OS_ERRORS = {
    errno.ENOSPC: "ổ đĩa đã đầy, không ghi được tệp",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc, không ghi được tệp",
    errno.EACCES: "không có quyền ghi hoặc đọc",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EDQUOT: "đã dùng hết hạn mức dung lượng",
}


def terminal_text(text: str) -> str:
    """Text safe to print: control and format characters (ESC sequences, bidi overrides) shown as ``<U+XXXX>``.

    Names are refused when they hold such characters, but the refusal itself quotes them.

    >>> terminal_text("Phường 1\x1b[2J\u202e")
    'Phường 1<U+001B>[2J<U+202E>'
    """
    return HIDDEN.sub(lambda m: m.group() if m.group() in "\n\t" else f"<U+{ord(m.group()):04X}>", text)


def _ranking_text(result) -> str:

    summary = result.summary
    rows = [("Hạng", "Đơn vị", "Tổng điểm", "Xếp loại")]
    rows += [
        (str(r.rank), r.unit, format_points(r.total, summary.places), r.band) for r in summary.ranking.itertuples()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3]]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _summary(args: argparse.Namespace) -> int:

    period = parse_period(args.period) if args.period else None
    result = analyse(args.path, scheme=args.scheme, period=period)
    if args.json:
        print(json.dumps(summary_json(result), ensure_ascii=False, indent=2))
        return 0
    print("I. Kết quả thực hiện:\n")
    print(terminal_text("\n".join(cohort_paragraphs(result))))
    print("\nBảng xếp hạng:\n")
    print(terminal_text(_ranking_text(result)))
    return 0


def _print_problems(error: ValidationError, stream=None) -> None:
    """Every problem on stderr: a table (Tệp, Trang tính, Dòng, …) on a terminal, numbered lines otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        print(terminal_text(error.report()), file=stream)
        return
    from rich.console import Console
    from rich.table import Table

    rows = [tuple(map(terminal_text, problem.cells())) for problem in error.problems]
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


def _file_period(scores: str):
    """The period a scores file names (portal metadata, else ``period``/``year`` of its metadata.toml)."""
    path = Path(scores)
    if path.suffix.lower() == ".json" and path.is_file():
        found = peek_period(path)
        if found is not None:
            return found
    return analyse(scores).period


def _report(args: argparse.Namespace) -> int:

    if args.all:
        unusable = [flag for flag, value in (("--year", args.year), ("--scores", args.scores), ("--period", args.period),
                                              ("--previous-scores", args.previous_scores),
                                              ("--registry", args.registry), ("--with-code", args.with_code),
                                              ("--docx-charts", args.docx_charts),
                                              ("--strict-registry", args.strict_registry)) if value]  # fmt: skip
        if unusable:
            print(f"Tùy chọn --all không dùng cùng {', '.join(unusable)}.", file=sys.stderr)
            return EXIT_INVALID_INPUT
        done = render_all(args.data_dir or DATA_DIR, args.out, pdf=not args.no_pdf, progress=not args.quiet)
        for result in done.reports:
            _print_files(f"Năm {result.out_dir.name} ({result.out_dir}):", result.files)
        print(f"Trang tổng hợp: {done.index} ({len(done.years)} năm: {', '.join(map(str, done.years))})")
        return 0
    period = parse_period(args.period) if args.period else None
    if period is None and args.year is None and args.scores:
        period = _file_period(args.scores)
    if args.year is None and period is not None:
        args.year = period.year
    if args.year is None:
        print("Cần chọn năm (--year <năm>), kỳ báo cáo (--period) hoặc lập báo cáo mọi năm (--all).", file=sys.stderr)
        return EXIT_INVALID_INPUT
    if period is not None and period.year != args.year:
        print(f"Kỳ báo cáo {period.label} không thuộc năm {args.year} đã chọn.", file=sys.stderr)
        return EXIT_INVALID_INPUT
    result = render_report(
        args.year,
        period=period if period is not None and period.kind != "year" else None,
        data_dir=args.data_dir or DATA_DIR,
        scores=args.scores,
        out=args.out,
        previous_scores=args.previous_scores,
        registry=args.registry,
        strict_registry=args.strict_registry,
        pdf=not args.no_pdf,
        show_code=args.with_code,
        docx_charts=args.docx_charts,
        progress=not args.quiet,
    )
    label = period.label if period is not None else f"năm {args.year}"
    _print_files(f"Đã lập báo cáo {label} tại {result.out_dir}:", result.files)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tthc", description="Đánh giá, xếp hạng việc giải quyết thủ tục hành chính.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="Tóm tắt kết quả một năm từ tệp điểm (CSV hoặc .xlsx).")
    summary.add_argument("path", help="tệp điểm CSV hoặc Excel (.xlsx), hoặc thư mục năm có scores.csv / scores.xlsx")
    summary.add_argument("--scheme", help="tên hoặc đường dẫn bộ tiêu chí (mặc định: tt01-2018)")
    summary.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    summary.add_argument("--period", help="kỳ báo cáo: 2026, 2026-Q3, 2026-09, 2026-6T hoặc 2026-9T")
    summary.set_defaults(handler=_summary)

    report = commands.add_parser("report", help="Lập báo cáo HTML, PDF, sổ tay đã chạy và bảng xếp hạng .xlsx.")
    report.add_argument("--year", type=int, help="năm đánh giá")
    report.add_argument(
        "--period", help="kỳ báo cáo: 2026, 2026-Q3, 2026-09, 2026-6T hoặc 2026-9T (mặc định: theo tệp)"
    )
    report.add_argument(
        "--all", action="store_true", help="lập báo cáo mọi năm có số liệu và trang tổng hợp index.html"
    )
    report.add_argument("--data-dir", help="thư mục số liệu, mỗi năm một thư mục con <năm>/ (mặc định: data/)")
    report.add_argument("--scores", help="tệp điểm bất kỳ dùng cho năm đã chọn (thay cho <data-dir>/<năm>/scores.csv)")
    report.add_argument("--previous-scores", help="tệp điểm năm trước để so sánh (mặc định: <data-dir>/<năm - 1>/)")
    report.add_argument("--registry", help="danh mục đơn vị hành chính (mặc định: <data-dir>/registry.toml nếu có)")
    report.add_argument("--strict-registry", action="store_true",
                        help="từ chối đơn vị không có trong danh mục (mặc định: coi là đơn vị mới và ghi chú)")  # fmt: skip
    report.add_argument("--out", help="thư mục ghi báo cáo (mặc định: reports/<năm>/; với --all: reports/)")
    report.add_argument("--with-code", action="store_true", help="thêm bản HTML kèm mã nguồn cho người kiểm tra")
    report.add_argument("--docx-charts", action="store_true", help="đưa các biểu đồ vào văn bản .docx (phụ lục)")
    report.add_argument("--no-pdf", action="store_true", help="không xuất PDF")
    report.add_argument("--quiet", action="store_true", help="không hiển thị tiến trình")
    report.set_defaults(handler=_report)

    from .dossiers.cli import add_parser as add_dossiers_parser

    add_dossiers_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # SIGPIPE stays ignored (Python's default): a browser that dies under a write is an EPIPE the PDF stage
    # reports, not a silent exit 141. Output piped into `head` and closed early ends quietly below.
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
        return 0
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno, exc.strerror or str(exc))
        print(terminal_text(f"Lỗi hệ thống: {reason}" + (f" ({exc.filename})" if exc.filename else "")
                            + "; báo cáo trước đó (nếu có) được giữ nguyên."), file=sys.stderr)  # fmt: skip
        return EXIT_RENDER_FAILED
    except ValidationError as exc:
        _print_problems(exc)
    except SchemeError as exc:
        print(terminal_text(f"Lỗi bộ tiêu chí: {exc}"), file=sys.stderr)
    except (ParameterError, PeriodError) as exc:
        print(terminal_text(str(exc)), file=sys.stderr)
    except RenderError as exc:
        print(terminal_text(f"Không lập được báo cáo. {exc}"), file=sys.stderr)
        return EXIT_RENDER_FAILED
    return EXIT_INVALID_INPUT


def run() -> NoReturn:
    """The ``tthc`` command: :func:`main`, then a quick exit with its status.

    By the end of a report the process holds some 1,700 modules (pandas, matplotlib, nbconvert, papermill…), and
    Python's finalization tore them down one by one: a quarter of a second of every run, freeing nothing the
    operating system does not. Every file is closed and every child ended by then; the exit handlers (logging,
    temporary folders) still run and the output is flushed before the process ends.
    """
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: nothing more can be said
    atexit._run_exitfuncs()
    os._exit(status)


if __name__ == "__main__":
    run()
