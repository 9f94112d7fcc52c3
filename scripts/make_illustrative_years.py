"""Write the ILLUSTRATIVE Đà Lạt tables for 2022-2025 (data/<year>/scores.csv and metadata.toml).

The per-unit scores of these years were never published. For the year-over-year
parts of the report to have something to show, each year is drawn from the year
before by a seeded random walk in 0.05-point steps, starting from the 2021
reconstruction (data/2021/scores.csv, left untouched):

* 2022-2024: the same 16 units; criteria 1-8 drift a little (most units up, a couple
  down), criterion 9 rises as online services grew (mean about 0.5, 1.0, 1.4). The
  first draw, over seeds (BASE_SEED, year, attempt) for attempt = 0, 1, …, that tells a
  plausible story is kept: at least ten units improve, two or three decline, at least
  one unit changes band, at least two units share a rank, and criterion 9's mean is
  within 0.10 of its target.
* 2025: the five wards formed on 1/7/2025, each drawn around the mean of its Đà Lạt
  predecessors' 2024 criteria plus a small drift (Thị trấn Lạc Dương and Xã Lát were
  not in Đà Lạt's table, so Phường Lang Biang - Đà Lạt follows Phường 7 alone).

Everything is deterministic: rerunning rewrites byte-identical files, and ``--check``
regenerates into a temporary folder and fails if the committed files differ.

Usage: ``python scripts/make_illustrative_years.py [--out DATA_DIR] [--check]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script from a fresh clone
    sys.path.insert(0, str(ROOT))

from tthc_analysis.read.files import METADATA_FILE, SCORES_FILE  # noqa: E402
from tthc_analysis.scheme import DEFAULT_SCHEME, load_scheme  # noqa: E402
from tthc_analysis.synthetic import STEP, format_steps, metadata_text, score_columns  # noqa: E402
from tthc_analysis.validate import read_scores  # noqa: E402

SCRIPT = "scripts/make_illustrative_years.py"
SOURCE = ROOT / "data" / "2021" / SCORES_FILE
BASE_SEED = 2021
WALK_YEARS = (2022, 2023, 2024)
MERGER_YEAR = 2025
MAX_ATTEMPTS = 10_000
# Target mean of criterion 9 (online services) in 0.05 steps: 0.50, 1.00, 1.40 points.
C9_TARGET = {2022: 10, 2023: 20, 2024: 28}
C9_TOLERANCE = 2  # 0.10 points
MIN_IMPROVING = 10
DECLINING = (2, 3)

# The five wards of 1/7/2025 and their predecessors in Đà Lạt's own table (shared/DOMAIN.md).
WARDS = {
    "Phường Xuân Hương - Đà Lạt": ("Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 10"),
    "Phường Cam Ly - Đà Lạt": ("Phường 5", "Phường 6", "Xã Tà Nung"),
    "Phường Lâm Viên - Đà Lạt": ("Phường 8", "Phường 9", "Phường 12"),
    "Phường Xuân Trường - Đà Lạt": ("Phường 11", "Xã Xuân Thọ", "Xã Xuân Trường", "Xã Trạm Hành"),
    "Phường Lang Biang - Đà Lạt": ("Phường 7",),
}

LEGAL_REFERENCES = [
    "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông "
    "trong giải quyết thủ tục hành chính",
    "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ về hướng dẫn thi hành một số quy định "
    "của Nghị định số 61/2018/NĐ-CP",
    "Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng",
]


def load_start(path: Path = SOURCE) -> tuple[list[str], np.ndarray]:
    """Unit names and criteria (in 0.05 steps, shape units x 9) of the starting table."""
    table = read_scores(path, DEFAULT_SCHEME)
    keys = table.scheme.criterion_keys
    steps = []
    for row in table.frame[keys].itertuples(index=False):
        values = [v / STEP for v in row]
        if any(v != v.to_integral_value() for v in values):
            raise ValueError(f"{path}: điểm không phải bội số của {STEP}")
        steps.append([int(v) for v in values])
    return list(table.frame["unit"]), np.array(steps, dtype=np.int64)


def _band_index(totals: np.ndarray) -> np.ndarray:
    """Band of each total (in steps) as an index into the scheme's bands, highest band 0."""
    scheme = load_scheme(DEFAULT_SCHEME)
    return np.array([[b.name for b in scheme.bands].index(scheme.band_of(Decimal(int(t)) * STEP)) for t in totals])


def walk(previous: np.ndarray, year: int, rng: np.random.Generator) -> np.ndarray:
    """One year's drift: criteria 1-8 move a step or two (two or three units trend down), criterion 9 rises."""
    n_units = len(previous)
    declining = rng.choice(n_units, size=rng.integers(DECLINING[0], DECLINING[1] + 1), replace=False)
    trend = np.full(n_units, 0.6)
    trend[declining] = -1.2
    steps = previous.copy()
    drift = np.round(rng.normal(trend[:, None], 1.2, (n_units, 8))).astype(np.int64)
    steps[:, :8] = np.clip(previous[:, :8] + drift, 0, 40)
    rise = C9_TARGET[year] - previous[:, 8].mean()
    gain = np.where(np.isin(np.arange(n_units), declining), 0.3 * rise, 1.1 * rise)
    steps[:, 8] = np.clip(previous[:, 8] + np.round(rng.normal(gain, 3.0)).astype(np.int64), 0, 40)
    return steps


def plausible(previous: np.ndarray, current: np.ndarray, year: int) -> bool:
    """Whether a drawn year tells the story the report should be able to show (see the module docstring)."""
    before, after = previous.sum(axis=1), current.sum(axis=1)
    improving = int((after > before).sum())
    declining = int((after < before).sum())
    band_change = bool((_band_index(before) != _band_index(after)).any())
    tie = len(set(after.tolist())) < len(after)
    c9_close = abs(current[:, 8].mean() - C9_TARGET[year]) <= C9_TOLERANCE
    return improving >= MIN_IMPROVING and DECLINING[0] <= declining <= DECLINING[1] and band_change and tie and c9_close


def next_year(previous: np.ndarray, year: int) -> tuple[np.ndarray, int]:
    """The first plausible draw over seeds (BASE_SEED, year, attempt); returns it and the attempt used."""
    for attempt in range(MAX_ATTEMPTS):
        current = walk(previous, year, np.random.default_rng([BASE_SEED, year, attempt]))
        if plausible(previous, current, year):
            return current, attempt
    raise RuntimeError(f"không sinh được số liệu năm {year} sau {MAX_ATTEMPTS} lần thử")


def merge_wards(units: list[str], steps_2024: np.ndarray) -> tuple[list[str], np.ndarray]:
    """2025: each ward's criteria are its predecessors' 2024 mean (half up, in steps) plus a small drift."""
    rng = np.random.default_rng([BASE_SEED, MERGER_YEAR])
    position = {u: i for i, u in enumerate(units)}
    rows = []
    for predecessors in WARDS.values():
        block = steps_2024[[position[p] for p in predecessors]]
        n = len(predecessors)
        mean = (2 * block.sum(axis=0) + n) // (2 * n)
        drift = np.concatenate([rng.integers(-1, 2, 8), rng.integers(0, 5, 1)])
        rows.append(np.clip(mean + drift, 0, 40))
    return list(WARDS), np.array(rows, dtype=np.int64)


def scores_csv(units: list[str], steps: np.ndarray) -> bytes:
    """The 2021 layout: "Đơn vị", "Chỉ số 1" … "Chỉ số 9", "Tổng điểm"; UTF-8, LF."""
    header = ["Đơn vị", *score_columns(load_scheme(DEFAULT_SCHEME)), "Tổng điểm"]
    lines = [",".join(header)]
    for unit, row in zip(units, steps):
        lines.append(",".join([unit, *(format_steps(v) for v in row), format_steps(row.sum())]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _walk_metadata(year: int, attempt: int) -> str:
    seed = f"[{BASE_SEED}, {year}, {attempt}]"
    notes = (
        f"Số liệu minh họa, không phải kết quả đánh giá thực tế. Bảng điểm năm {year} được sinh ngẫu nhiên có "
        f"hạt giống (seed = {seed}) từ số liệu năm {year - 1} bằng {SCRIPT}: mỗi chỉ số của từng đơn vị thay đổi "
        f"theo bước 0,05 điểm, chỉ số 9 tăng dần theo mức phát triển dịch vụ công trực tuyến. Số liệu năm 2021 "
        f"làm điểm xuất phát cũng là số liệu dựng lại. Bảng chỉ dùng để minh họa phần so sánh giữa các năm "
        f"của báo cáo; bộ chỉ số theo Thông tư số 01/2018/TT-VPCP được giữ nguyên để so sánh với năm 2021."
    )
    fields = {
        "year": year,
        "locality": "thành phố Đà Lạt",
        "reporting_body": "UBND thành phố Đà Lạt",
        "recipient": "Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng",
        "level": "xã",
        "units_phrase": "UBND các phường, xã",
        "scheme": DEFAULT_SCHEME,
        "legal_references": LEGAL_REFERENCES,
        "status": "illustrative",
        "source": f"Sinh bằng {SCRIPT} từ số liệu năm {year - 1} (hạt giống {seed}); không có nguồn công bố",
        "notes": notes,
    }
    comments = [
        f"Year {year}, Đà Lạt: ILLUSTRATIVE per-unit scores, NOT real results.",
        f"Generated by {SCRIPT} from the {year - 1} table by a seeded random walk",
        f"(seed {seed}).",
        "Do not edit by hand: change the script and rerun it (`--check` verifies the committed files).",
    ]
    return metadata_text(comments, fields)


def _merger_metadata() -> str:
    year = MERGER_YEAR
    seed = f"[{BASE_SEED}, {year}]"
    notes = (
        f"Số liệu minh họa, không phải kết quả đánh giá thực tế. Bảng điểm năm {year} được sinh ngẫu nhiên có "
        f"hạt giống (seed = {seed}) từ số liệu năm {year - 1} bằng {SCRIPT}: điểm mỗi chỉ số của từng phường mới "
        f"là bình quân điểm năm {year - 1} của các đơn vị cũ thuộc thành phố Đà Lạt hợp thành phường đó, cộng "
        f"một thay đổi nhỏ; Thị trấn Lạc Dương và Xã Lát không có trong số liệu của Đà Lạt nên không được tính. "
        f"Từ ngày 01/7/2025 không còn cấp huyện; cơ quan báo cáo và nơi nhận ghi ở đây là giả định. Bộ chỉ số "
        f"theo Thông tư số 01/2018/TT-VPCP được giữ nguyên để minh họa và so sánh với các năm trước."
    )
    fields = {
        "year": year,
        "locality": "các phường thuộc khu vực Đà Lạt cũ, tỉnh Lâm Đồng",
        "reporting_body": "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        "recipient": "UBND tỉnh Lâm Đồng",
        "level": "xã",
        "units_phrase": "UBND các phường",
        "scheme": DEFAULT_SCHEME,
        "legal_references": LEGAL_REFERENCES,
        "status": "illustrative",
        "source": f"Sinh bằng {SCRIPT} từ số liệu năm {year - 1} (hạt giống {seed}); không có nguồn công bố",
        "notes": notes,
    }
    comments = [
        f"Year {year}, the five wards of former Đà Lạt: ILLUSTRATIVE per-unit scores, NOT real results.",
        f"Generated by {SCRIPT} from the {year - 1} table (seed {seed}): each ward is drawn",
        "around the mean of its Đà Lạt predecessors (Nghị quyết 1671/NQ-UBTVQH15, from 1/7/2025).",
        "Reporting body and recipient after the district level was abolished are assumptions.",
        "Do not edit by hand: change the script and rerun it (`--check` verifies the committed files).",
    ]
    return metadata_text(comments, fields)


def build(source: Path = SOURCE) -> dict[str, bytes]:
    """Every file the script writes, as ``{"<year>/<file>": bytes}``."""
    units, steps = load_start(source)
    files: dict[str, bytes] = {}
    for year in WALK_YEARS:
        steps, attempt = next_year(steps, year)
        files[f"{year}/{SCORES_FILE}"] = scores_csv(units, steps)
        files[f"{year}/{METADATA_FILE}"] = _walk_metadata(year, attempt).encode("utf-8")
    wards, ward_steps = merge_wards(units, steps)
    files[f"{MERGER_YEAR}/{SCORES_FILE}"] = scores_csv(wards, ward_steps)
    files[f"{MERGER_YEAR}/{METADATA_FILE}"] = _merger_metadata().encode("utf-8")
    return files


def write(out: Path, source: Path = SOURCE) -> list[Path]:
    """Write every file under ``out`` (a data folder holding year folders); returns the paths written."""
    written = []
    for relative, content in build(source).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def check(out: Path, source: Path = SOURCE) -> list[str]:
    """Regenerate into a temporary folder; the files under ``out`` that are missing or differ."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write(fresh, source)
        return [
            relative
            for relative in sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
            if not (out / relative).is_file() or (out / relative).read_bytes() != (fresh / relative).read_bytes()
        ]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the files (default) or, with ``--check``, compare them with a fresh run; returns the exit status."""
    parser = argparse.ArgumentParser(description="Sinh số liệu minh họa của Đà Lạt các năm 2022-2025 từ năm 2021.")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="thư mục dữ liệu (mặc định: data/)")
    parser.add_argument("--source", type=Path, default=SOURCE, help="bảng điểm xuất phát (mặc định: data/2021)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="chỉ kiểm tra: sinh lại vào thư mục tạm, báo lỗi nếu tệp đang lưu khác kết quả",
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = check(args.out, args.source)
        if stale:
            print(f"Các tệp sau khác với kết quả sinh lại (hãy chạy lại {SCRIPT}):", file=sys.stderr)
            print("\n".join(f"  {args.out / s}" for s in stale), file=sys.stderr)
            return 1
        print("Số liệu minh họa khớp với kết quả sinh lại.")
        return 0
    for path in write(args.out, args.source):
        print(f"Đã ghi {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
