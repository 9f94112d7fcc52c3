"""Seeded synthetic score tables at province or national scale, for tests and timing.

Names are made of real Vietnamese syllables, scores follow the shape of published
tables (criteria 1-8 mostly 1.5-2, the online-services criterion lower and more
spread, districts at different levels, ties, a few Khá or Trung bình units). Nothing
here is real data: every file written says so in its ``metadata.toml``.

Scores are drawn as whole numbers of 0.05-point steps with numpy, so totals are
exact sums and the whole table is vectorised: 100,000 units take well under a second.
The same seed always gives the same table, byte for byte.

Unit names are unique within a district and, by default, across the whole table: a name
that already exists in an earlier district takes that unit's district after a hyphen, the
way the 2025 wards are named ("Phường Xuân Hương - Đà Lạt"), so that a reader that knows a
unit by its name alone accepts the table. ``unique_across_districts=False`` lets a name
recur in different districts, as in real province-wide tables.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_analysis.read.files import METADATA_FILE, SCORES_FILE
from tthc_analysis.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from tthc_analysis.vietnamese import format_number

__all__ = [
    "DEFAULT_PROVINCE",
    "STEP",
    "format_steps",
    "generate_table",
    "main",
    "metadata_text",
    "score_columns",
    "table_csv",
    "write_dataset",
]

STEP = Decimal("0.05")  # every generated score is a whole number of these steps
DEFAULT_PROVINCE = "Tỉnh Minh Họa"  # made up; no province has this name

# Common first and second syllables of commune and district names (NFC, old tone placement throughout,
# so that no two syllables differ only in where the tone sits).
_FIRST = (
    "Tân", "Bình", "Phước", "Xuân", "Đông", "Tây", "Nam", "Bắc", "Hòa", "An", "Phú", "Long", "Thạnh", "Mỹ",
    "Vĩnh", "Hưng", "Đức", "Quảng", "Thái", "Hiệp", "Trung", "Minh", "Thanh", "Gia", "Lạc", "Hội", "Nghĩa",
    "Thuận", "Hồng", "Cẩm", "Kim", "Ngọc", "Hoàng", "Định", "Phong", "Sơn", "Hải", "Lộc", "Lương", "Cát",
    "Diên", "Hàm", "Đại", "Tiên", "Yên", "Quế", "Triệu", "Vạn", "Bảo", "Liên", "Quang", "Châu", "Hà", "Thượng",
)  # fmt: skip
_SECOND = (
    "Hòa", "Bình", "Phước", "Lộc", "Sơn", "Hưng", "Thạnh", "An", "Phú", "Lợi", "Thành", "Điền", "Hải", "Lâm",
    "Thọ", "Trung", "Hiệp", "Nghĩa", "Thuận", "Khánh", "Đông", "Tây", "Mỹ", "Long", "Hội", "Tiến", "Lập",
    "Thịnh", "Quang", "Vinh", "Yên", "Định", "Đức", "Tân", "Xuân", "Hà", "Hương", "Giang", "Linh", "Phong",
    "Cường", "Thắng", "Thủy", "Tú", "Nguyên", "Hậu", "Tài", "Dương", "Minh", "Châu", "Trạch", "Trường", "Ninh",
    "Khê", "Nam", "Hồng",
)  # fmt: skip
_DIRECTIONS = {"Đông", "Tây", "Nam", "Bắc"}
# Every two-syllable name of two different syllables, not both directions ("Tân Hòa", never "Hòa Hòa" or "Bắc Nam").
_PAIRS = np.array([f"{a} {b}" for a in _FIRST for b in _SECOND if a != b and not {a, b} <= _DIRECTIONS], dtype=object)

_DISTRICT_KINDS = np.array(["Huyện", "Thị xã", "Thành phố"], dtype=object)
_UNIT_KINDS = np.array(["Phường", "Thị trấn", "Xã"], dtype=object)  # listing order within a district
_WARD, _TOWNSHIP, _COMMUNE = 0, 1, 2

# Expected points lost on criteria 1-8 by an average unit, in 0.05 steps (criterion 5, the one-stop
# desk, is nearly always full; criteria 1-3, time and repeated contacts, lose the most).
_LOSS_BASE = np.array([3.0, 3.0, 4.0, 1.5, 0.5, 2.0, 2.0, 1.0])
_WEAK_SHARE = 0.03  # units far below the rest: the few Khá / Trung bình rows of real tables
_LOWEST_QUALITY = -2.6  # floor of the latent quality, so that no unit scores (nearly) nothing


def format_steps(steps: int) -> str:
    """A whole number of 0.05 steps as plain decimal text: 317 -> "15.85", 320 -> "16", 0 -> "0"."""
    value = (Decimal(int(steps)) * STEP).normalize()
    return format(value, "f")


def score_columns(scheme: Scheme) -> list[str]:
    """CSV headers of the criteria, "Chỉ số 1" … "Chỉ số n"."""
    return [f"Chỉ số {c.number}" for c in scheme.criteria]


def _max_steps(scheme: Scheme) -> np.ndarray:
    """Each criterion's maximum in 0.05 steps; a maximum that is not a whole number of steps is refused."""
    maxima = []
    for c in scheme.criteria:
        steps = c.max_points / STEP
        if steps != steps.to_integral_value():
            raise ValueError(f"điểm tối đa của chỉ số {c.number} không phải bội số của {STEP}")
        maxima.append(int(steps))
    return np.array(maxima, dtype=np.int64)


def _district_sizes(rng: np.random.Generator, n_units: int, n_districts: int) -> np.ndarray:
    """Unequal district sizes (within a factor of about three), each at least one, summing to ``n_units``."""
    weights = rng.uniform(0.5, 1.5, n_districts)
    spare = n_units - n_districts
    sizes = np.floor(spare * weights / weights.sum()).astype(np.int64)
    sizes[: spare - int(sizes.sum())] += 1
    return sizes + 1


def _districts(rng: np.random.Generator, n_districts: int) -> tuple[np.ndarray, np.ndarray]:
    """Kind codes (0 Huyện, 1 Thị xã, 2 Thành phố) and unique short names; the first is the Thành phố."""
    kinds = rng.choice(3, size=n_districts, p=[0.8, 0.1, 0.1])
    kinds[0] = 2
    if n_districts <= len(_PAIRS):
        return kinds, _PAIRS[rng.choice(len(_PAIRS), size=n_districts, replace=False)]
    # More districts than names: repeats carry a number ("Tân Hòa 2").
    index = rng.permutation(n_districts)
    short = [_PAIRS[i % len(_PAIRS)] + (f" {i // len(_PAIRS) + 1}" if i >= len(_PAIRS) else "") for i in index]
    return kinds, np.array(short, dtype=object)


def _unit_kinds(rng: np.random.Generator, district_kind: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Phường / Thị trấn / Xã per unit: a Huyện has a Thị trấn first, towns and cities are mostly wards."""
    draw = rng.random(len(district_kind))
    ward_share = np.array([0.0, 0.55, 0.75])[district_kind]
    kind = np.where(draw < ward_share, _WARD, _COMMUNE)
    township = (district_kind == 0) & ((position == 0) | (draw > 0.97))
    return np.where(township, _TOWNSHIP, kind)


def _unique_names(frame: pd.DataFrame, short: np.ndarray, across_districts: bool) -> pd.Series:
    """Names unique per district (a repeat takes " 2", " 3" …), then, if asked, across districts (" - <district>")."""
    names = frame["name"]
    within = frame.groupby(["district", "name"], sort=False).cumcount()
    names = names.where(within == 0, names + " " + (within + 1).astype(str))
    if not across_districts:
        return names
    across = names.groupby(names, sort=False).cumcount()
    qualified = names + " - " + pd.Series(short[frame["district"].to_numpy()], index=frame.index)
    return names.where(across == 0, qualified)


def _names(
    rng: np.random.Generator, n_units: int, n_districts: int, across_districts: bool
) -> tuple[np.ndarray, list[str], list[str]]:
    """District index, district name and unit name of each unit; units grouped by district, wards first."""
    kinds, short = _districts(rng, n_districts)
    sizes = _district_sizes(rng, n_units, n_districts)
    district = np.repeat(np.arange(n_districts), sizes)
    position = np.arange(n_units) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    unit_kind = _unit_kinds(rng, kinds[district], position)
    numbered_city = (kinds == 2) & (rng.random(n_districts) < 0.6)
    pair = rng.integers(0, len(_PAIRS), n_units)
    order = np.lexsort((position, unit_kind, district))
    district, unit_kind, pair = district[order], unit_kind[order], pair[order]
    frame = pd.DataFrame({"district": district, "kind": unit_kind})
    numbered = (unit_kind == _WARD) & numbered_city[district]
    number = frame[numbered].groupby("district").cumcount() + 1
    body = pd.Series(_PAIRS[pair], dtype=object)
    body[numbered] = number.astype(str).to_numpy()
    frame["name"] = pd.Series(_UNIT_KINDS[unit_kind], dtype=object) + " " + body
    district_names = _DISTRICT_KINDS[kinds] + " " + short
    return district, list(district_names[district]), list(_unique_names(frame, short, across_districts))


def _scores(rng: np.random.Generator, district: np.ndarray, n_districts: int, maxima: np.ndarray) -> np.ndarray:
    """Criterion scores in 0.05 steps, shape (units, criteria); the last criterion is online services."""
    n_units, n_criteria = len(district), len(maxima)
    level = rng.normal(0.0, 0.5, n_districts)
    quality = level[district] + rng.normal(0.0, 0.7, n_units)
    weak = rng.random(n_units) < _WEAK_SHARE
    quality = np.maximum(quality - weak * rng.uniform(1.2, 2.4, n_units), _LOWEST_QUALITY)
    base = np.resize(_LOSS_BASE, n_criteria - 1)
    expected_loss = np.exp(-quality)[:, None] * base[None, :]
    full = rng.random((n_units, n_criteria - 1)) < 1.0 / (1.0 + np.exp(-(quality[:, None] + 0.3)))
    loss = np.where(full, 0, rng.poisson(expected_loss))
    quarter_steps = rng.random(n_districts) < 0.4  # districts that score in 0.25 steps, as many tables do
    loss = np.where(quarter_steps[district][:, None], np.round(loss / 5.0) * 5, loss).astype(np.int64)
    steps = np.empty((n_units, n_criteria), dtype=np.int64)
    steps[:, :-1] = maxima[:-1] - np.minimum(loss, maxima[:-1])
    online = rng.normal(0.45 * maxima[-1] + 6.0 * level[district] + 4.0 * (quality - level[district]), 7.0)
    steps[:, -1] = np.clip(np.round(online), 0, maxima[-1])
    return steps


def generate_table(
    n_units: int,
    n_districts: int = 12,
    seed: int = 0,
    *,
    scheme: Scheme | str = DEFAULT_SCHEME,
    unique_across_districts: bool = True,
) -> pd.DataFrame:
    """A synthetic table as CSV-ready strings: "Huyện", "Đơn vị", "Chỉ số 1" … "Chỉ số n", "Tổng điểm".

    Deterministic for a seed. Criterion values are multiples of 0.05 within the scheme's
    bounds; "Tổng điểm" is their exact sum, written without exponent ("15.85", "16").
    Unit names are unique per district; with ``unique_across_districts`` (the default)
    also across the table, a repeat taking its district's name ("Xã Tân Hòa - Đức Trọng").
    Without it a name may recur in different districts, as in real province-wide tables.
    """
    if n_districts < 1 or n_units < n_districts:
        raise ValueError("cần ít nhất 01 huyện và số đơn vị không ít hơn số huyện")
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme)
    maxima = _max_steps(scheme)
    rng = np.random.default_rng(seed)
    district_index, districts, units = _names(rng, n_units, n_districts, unique_across_districts)
    steps = _scores(rng, district_index, n_districts, maxima)
    labels = np.array([format_steps(s) for s in range(int(maxima.sum()) + 1)], dtype=object)
    columns = {"Huyện": districts, "Đơn vị": units}
    for i, name in enumerate(score_columns(scheme)):
        columns[name] = labels[steps[:, i]]
    columns["Tổng điểm"] = labels[steps.sum(axis=1)]
    return pd.DataFrame(columns)


def _toml_value(value) -> str:
    """A TOML value: strings and lists of strings in JSON syntax (valid TOML basic strings), ints as is."""
    if isinstance(value, (list, tuple)):
        return "[\n" + "".join(f"  {_toml_value(v)},\n" for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _toml_notes(text: str, width: int = 110) -> str:
    """A long text as a TOML multi-line string, wrapped with line-ending backslashes (read back as one line)."""
    if '"' in text or "\\" in text:
        return json.dumps(text, ensure_ascii=False)
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return '"""' + " \\\n".join(lines) + '"""'


def metadata_text(comments: Sequence[str], fields: dict) -> str:
    """The text of a ``metadata.toml``: ``#`` comment lines, then one line per field (``notes`` wrapped)."""
    lines = [f"# {c}".rstrip() for c in comments]
    for key, value in fields.items():
        lines.append(f"{key} = {_toml_notes(value) if key == 'notes' else _toml_value(value)}")
    return "\n".join(lines) + "\n"


def table_csv(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV bytes with LF line ends, no index."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _command(n_units: int, n_districts: int, seed: int, year: int, province: str, scheme: str) -> str:
    """The command line that reproduces a dataset (``--out`` left out)."""
    command = f"python -m tthc_analysis.synthetic --units {n_units} --districts {n_districts}"
    command += f" --seed {seed} --year {year}"
    if province != DEFAULT_PROVINCE:
        command += f" --province {json.dumps(province, ensure_ascii=False)}"
    if scheme != DEFAULT_SCHEME:
        command += f" --scheme {json.dumps(scheme, ensure_ascii=False)}"
    return command


def _synthetic_metadata(n_units: int, n_districts: int, seed: int, year: int, province: str, scheme: str) -> str:
    command = _command(n_units, n_districts, seed, year, province, scheme)
    notes = (f"Bảng điểm này được sinh ngẫu nhiên bằng máy (hạt giống seed = {seed}; {format_number(n_units, 0)} "
             f"đơn vị cấp xã thuộc {format_number(n_districts, 0)} đơn vị cấp huyện) để thử nghiệm và đo hiệu "
             f"năng. Tên huyện, tên đơn vị và điểm số đều là giả định, không phải số liệu thực tế của bất kỳ địa "
             f"phương nào.")  # fmt: skip
    fields = {
        "year": year,
        "locality": province,
        "reporting_body": f"UBND {province}",
        "level": "xã",
        "units_phrase": "UBND các phường, xã, thị trấn",
        "scheme": scheme,
        "status": "synthetic",
        "source": f"Sinh ngẫu nhiên bằng tthc_analysis.synthetic ({command})",
        "notes": notes,
    }
    comments = [
        f"Year {year}, {province}: SYNTHETIC scores, randomly generated; NOT real data.",
        f"Generated by `{command}`;",
        "rerun it to reproduce these files byte for byte.",
    ]
    return metadata_text(comments, fields)


def write_dataset(
    folder: str | Path,
    n_units: int,
    n_districts: int = 12,
    seed: int = 0,
    year: int = 2024,
    province: str = DEFAULT_PROVINCE,
    *,
    scheme: Scheme | str = DEFAULT_SCHEME,
) -> Path:
    """Write ``<folder>/<year>/scores.csv`` and ``metadata.toml`` (status "synthetic"); return the year folder."""
    scheme = scheme if isinstance(scheme, Scheme) else load_scheme(scheme)
    frame = generate_table(n_units, n_districts, seed, scheme=scheme)
    target = Path(folder) / str(year)
    target.mkdir(parents=True, exist_ok=True)
    (target / SCORES_FILE).write_bytes(table_csv(frame))
    meta = _synthetic_metadata(n_units, n_districts, seed, year, province, scheme.name)
    (target / METADATA_FILE).write_bytes(meta.encode("utf-8"))
    return target


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tthc_analysis.synthetic",
        description="Sinh bảng điểm giải quyết TTHC ngẫu nhiên (không phải số liệu thực tế) để thử nghiệm.",
    )
    parser.add_argument("--units", type=int, required=True, help="số đơn vị cấp xã cần sinh")
    parser.add_argument("--districts", type=int, default=12, help="số đơn vị cấp huyện (mặc định: 12)")
    parser.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên; cùng hạt giống cho cùng kết quả")
    parser.add_argument("--year", type=int, default=2024, help="năm ghi trong thông tin bảng (mặc định: 2024)")
    province_help = f"tên tỉnh giả định (mặc định: {DEFAULT_PROVINCE})"
    parser.add_argument("--province", default=DEFAULT_PROVINCE, help=province_help)
    parser.add_argument("--scheme", default=DEFAULT_SCHEME, help=f"bộ chỉ số chấm điểm (mặc định: {DEFAULT_SCHEME})")
    parser.add_argument("--out", required=True, help="thư mục dữ liệu; bảng được ghi vào <thư mục>/<năm>/")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        target = write_dataset(
            args.out, args.units, args.districts, args.seed, args.year, args.province, scheme=args.scheme
        )
    except ValueError as exc:  # a SchemeError is one too
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    print(f"Đã ghi bảng điểm ngẫu nhiên gồm {args.units} đơn vị vào {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
