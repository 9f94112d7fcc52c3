"""Command line: ``tthc summary`` and ``tthc report``, thin layers over the package."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .scheme import SchemeError
from .validation import ValidationError

EXIT_INVALID_INPUT = 2


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tthc", description="Đánh giá, xếp hạng việc giải quyết thủ tục hành chính.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="Tóm tắt kết quả một năm từ tệp điểm (CSV).")
    summary.add_argument("path", help="tệp điểm CSV, hoặc thư mục năm có scores.csv")
    summary.add_argument("--scheme", help="tên hoặc đường dẫn bộ tiêu chí (mặc định: tt01-2018)")
    summary.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    summary.set_defaults(handler=_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ValidationError as exc:
        print(exc.report(), file=sys.stderr)
    except SchemeError as exc:
        print(f"Lỗi bộ tiêu chí: {exc}", file=sys.stderr)
    return EXIT_INVALID_INPUT


if __name__ == "__main__":
    sys.exit(main())
