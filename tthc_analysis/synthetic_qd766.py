"""A seeded SYNTHETIC national QĐ 766 table in the portal's JSON shape: every province's communes and agencies.

Only two provinces' real tables are at hand, so a national report (3,321 communes and wards + 517 provincial
departments, in 34 provinces) is shown and timed on this made-up table. It has the real groups, maxima and
sub-indicators of ``qd766.toml``: each sub-indicator's counts are drawn, its score is its formula rounded
half-up to 2 decimals, a group is the sum of its sub-indicators and the total the sum of the groups, as the
portal computes them. Province names are made up; the file's metadata and the ``metadata.toml`` written beside
it say the table is synthetic, and every report made from it carries that notice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

from tthc_analysis.scheme import Scheme, load_scheme

__all__ = ["generate_portal_table", "main", "write_national"]

COMMUNES, AGENCIES, PROVINCES = 3321, 517, 34
_CENT = Decimal("0.01")
_FIRST = ("An", "Bình", "Phước", "Xuân", "Đông", "Tây", "Hòa", "Phú", "Long", "Mỹ", "Vĩnh", "Hưng", "Đức", "Quảng",
          "Thái", "Trung", "Minh", "Thanh", "Gia", "Hội", "Nghĩa", "Kim", "Ngọc", "Phong", "Sơn", "Hải", "Lộc",
          "Cát", "Diên", "Đại", "Tiên", "Yên", "Vạn", "Bảo", "Liên", "Quang", "Châu", "Thượng")  # fmt: skip
_SECOND = ("Hòa", "Bình", "Lộc", "Sơn", "Hưng", "Thạnh", "An", "Phú", "Lợi", "Thành", "Điền", "Hải", "Lâm", "Tân",
           "Trung", "Nghĩa", "Định", "Thuận", "Phong", "Quý", "Vinh", "Khánh", "Hiệp", "Tiến", "Mỹ", "Lạc")  # fmt: skip
_AGENCIES = ("Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ", "Sở Công Thương",
             "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
             "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra tỉnh",
             "Ban Quản lý các khu công nghiệp", "Văn phòng UBND tỉnh", "Công an tỉnh")  # fmt: skip
NOTE = ("SỐ LIỆU TỔNG HỢP NGẪU NHIÊN (synthetic): không phải kết quả của Cổng Dịch vụ công quốc gia; tên tỉnh, tên đơn "
        "vị và mọi điểm số đều được sinh ngẫu nhiên để thử báo cáo ở quy mô cả nước.")  # fmt: skip


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _split(rng: np.random.Generator, total: int, parts: int) -> np.ndarray:
    """``total`` units over ``parts`` provinces (exactly ``total``), sizes uneven as real provinces are."""
    weights = rng.uniform(0.5, 1.5, parts)
    return rng.multinomial(total, weights / weights.sum())


def _metrics(rng: np.random.Generator, scheme: Scheme, quality: float) -> tuple[dict, dict[str, Decimal], dict]:
    """One unit's componentIndicators, group scores from them, and its TDGQ counts."""
    blocks, groups = {}, {}
    received = int(rng.integers(50, 3000))
    on_time = int(received * min(1.0, max(0.0, rng.normal(0.85 + 0.1 * quality, 0.06))))
    _, tdgq = scheme.indicator("DOSSIER_ON_TIME")
    groups["TDGQ"] = _round(tdgq.points(Decimal(on_time), Decimal(received)))
    blocks["TDGQ_TienDoGiaiQuyet"] = {"totalReceived": received, "totalOnTime": on_time,
                                      "totalOverdue": received - on_time, "score": float(groups["TDGQ"]),
                                      "maxScore": 20}  # fmt: skip
    for group in scheme.groups:
        if group.code in ("TDGQ", "TTTT") or not group.indicators:
            continue
        metrics, total = [], Decimal(0)
        for indicator in group.indicators:
            if indicator.formula == "tracking":
                metrics.append({"code": indicator.code, "name": indicator.name, "numerator": 0, "denominator": 0,
                                "ratio": 0, "score": None, "maxScore": 0})  # fmt: skip
                continue
            denominator = int(rng.integers(0, 400)) if indicator.empty_full else int(rng.integers(20, 400))
            share = min(1.0, max(0.0, rng.normal(0.62 + 0.3 * quality, 0.22)))
            numerator = int(round(denominator * share))
            score = _round(indicator.points(Decimal(numerator), Decimal(denominator)))
            ratio = _round(Decimal(numerator) * 100 / denominator) if denominator else Decimal(0)
            metrics.append({"code": indicator.code, "name": indicator.name, "numerator": numerator,
                            "denominator": denominator, "ratio": float(ratio), "score": float(score),
                            "maxScore": float(indicator.max_points)})  # fmt: skip
            total += score
        groups[group.code] = total
        blocks[f"{group.code}_Synthetic"] = {"score": float(total), "maxScore": float(group.max_points),
                                             "metrics": metrics}  # fmt: skip
    for code in ("ONLINE", "TTTT"):
        maximum = scheme.group(code).max_points
        share = Decimal(str(round(min(1.0, max(0.0, rng.normal(0.6 + 0.3 * quality, 0.12))), 4)))
        groups[code] = _round(maximum * share)
    return blocks, groups, {}


def generate_portal_table(communes: int = COMMUNES, agencies: int = AGENCIES, provinces: int = PROVINCES,
                          seed: int = 0, year: int = 2026, details: bool = True) -> dict:  # fmt: skip
    """The national table as the portal's JSON (``communes`` and ``agencies`` lists), as Python objects."""
    scheme = load_scheme("qd766")
    rng = np.random.default_rng(seed)
    names = [f"{a} {b}" for a in _FIRST for b in _SECOND]
    chosen = rng.choice(len(names), size=provinces, replace=False)
    province_names = [f"Tỉnh {names[i]}" for i in chosen]
    lists: dict[str, list] = {"communes": [], "agencies": []}
    order = [g.code for g in scheme.groups]
    for key, count, cohort in (("communes", communes, "COMMUNE"), ("agencies", agencies, "AGENCY")):
        sizes = _split(rng, count, provinces)
        for p, size in enumerate(sizes):
            code = f"S{p + 1:02d}"
            if cohort == "COMMUNE":
                picks = rng.choice(len(names), size=size, replace=size > len(names))
                labels = [f"UBND {'phường' if rng.random() < 0.25 else 'xã'} {names[i]}" for i in picks]
            else:
                labels = [f"{_AGENCIES[i % len(_AGENCIES)]}{'' if i < len(_AGENCIES) else f' {i // len(_AGENCIES) + 1}'}"
                          f" - {'t' + province_names[p][1:]}" for i in range(size)]  # fmt: skip
            seen: dict[str, int] = {}
            for i, label in enumerate(labels):
                seen[label] = seen.get(label, 0) + 1
                name = label if seen[label] == 1 else f"{label} ({seen[label]})"
                quality = float(rng.normal(0.0, 0.5))
                blocks, groups, _ = _metrics(rng, scheme, quality)
                unit = {"departmentName": name, "departmentCode": f"{code}.{cohort[0]}{i + 1:04d}",
                        "childGroup": cohort, "provinceCode": code, "provinceName": province_names[p],
                        "totalScore": float(sum(groups.values(), Decimal(0))),
                        "groupScores": {c: float(groups[c]) for c in order}}  # fmt: skip
                if details:
                    unit["componentIndicators"] = blocks
                lists[key].append(unit)
    metadata = {"scope": "national", "timeType": "year", "year": year, "period": None,
                "periodLabel": f"Năm {year}", "synthetic": True, "note": NOTE, "seed": seed}  # fmt: skip
    return {"metadata": metadata, **lists}


def write_national(out: str | Path, seed: int = 0, year: int = 2026, **sizes: int) -> Path:
    """Write ``<out>/scores.json`` and a ``metadata.toml`` saying the table is synthetic; returns the JSON path."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    data = generate_portal_table(seed=seed, year=year, **sizes)
    path = folder / "scores.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "metadata.toml").write_text(
        f'# Synthetic: written by python -m tthc_analysis.synthetic_qd766 --seed {seed} --year {year}\n'
        f'year = {year}\nlocality = "Cả nước (tổng hợp ngẫu nhiên)"\nscheme = "qd766"\nstatus = "synthetic"\n'
        f'units_phrase = "các xã, phường và sở, ban, ngành của 34 tỉnh, thành phố (tổng hợp ngẫu nhiên)"\n'
        f'source = "Sinh bởi tthc_analysis.synthetic_qd766 (seed {seed})"\nnotes = "{NOTE}"\n',
        encoding="utf-8",
    )  # fmt: skip
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh bảng QĐ 766 cả nước tổng hợp ngẫu nhiên (dạng JSON của Cổng).")
    parser.add_argument("--out", required=True, help="thư mục ghi scores.json và metadata.toml")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--communes", type=int, default=COMMUNES)
    parser.add_argument("--agencies", type=int, default=AGENCIES)
    args = parser.parse_args(argv)
    path = write_national(args.out, args.seed, args.year, communes=args.communes, agencies=args.agencies)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
