"""Benchmarks of tthc-analysis, all measured in one run on this machine (``make bench``).

Shared machines are noisy, so every target is a ratio of two timings taken in the same run,
alternating the two commands and keeping the median of several repetitions. Nothing here is a
test: it prints figures, and the README's performance section quotes them.

(a) the full 2021 report (HTML + PDF + the official .docx) against a trivial two-cell notebook pushed
    through the stock ``papermill`` CLI and then the stock ``jupyter nbconvert --to html`` CLI (target ≤ 0.8×);
(b) in-process load -> validate -> rank -> narrative at 16, 1,000, 10,599 and 100,000 units:
    time and peak memory, each size in a fresh interpreter;
(c) the full report at 10,599 units against the 16-unit report: wall time, HTML size, peak memory
    of the whole process tree (kernel and Chromium included), as the sum of the processes' proportional
    set sizes sampled every 50 ms (RSS would count the libraries Chromium's processes share many times),
    and the tree's processor time (user + system of every process, from the kernel's accounting of the
    processes waited for), which says how much of the wall time two cores could still save. Times come from
    runs without the memory sampler, which reads /proc every 50 ms and costs 0.5-0.8 processor-seconds per
    report, more for the larger one; memory from as many sampled runs beside them;
(d) ``tthc report --all`` against the sum of the single-year runs;
(e) the QĐ 766 report of a national portal table (3,321 communes + 517 provincial departments, with every
    sub-indicator, from ``tthc_analysis.synthetic_qd766``) against the 16-unit report, same measures as (c).
(f) dossiers (``bench/dossiers.py``): indicators for every unit and quarter from 10 million synthetic dossiers
    (Parquet and CSV) against DuckDB's bare grouped count over the same file; Spark and PostgreSQL on 1 million.

National-scale tables come from the seeded generator (``tthc_analysis.synthetic``), labelled
synthetic; nothing large is committed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TTHC = [str(BIN / "tthc")]
SIZES = (16, 1_000, 10_599, 100_000)
NATIONAL = 10_599  # commune-level units in Việt Nam in 2021

TRIVIAL_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "params", "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": ["year = 2021"]},
        {"cell_type": "code", "execution_count": None, "id": "chart", "metadata": {}, "outputs": [],
         "source": ["import pandas as pd\n", "import matplotlib.pyplot as plt\n",
                    "frame = pd.DataFrame({'unit': ['A', 'B', 'C'], 'total': [15.3, 16.0, 13.0]})\n",
                    "frame.plot.bar(x='unit', y='total')\n", "plt.show()"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip


# --- measuring ------------------------------------------------------------------------------------


def _memory_kib(pid: int) -> int:
    """Proportional set size of one process (KiB): shared pages are split between the processes sharing them,
    so the sum over a tree (Chromium's processes share most of their libraries) does not count them twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_rss_kib(root: int) -> int:
    """Memory of ``root`` and all its descendants (sum of their proportional set sizes, KiB), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kib(pid)
        stack.extend(children.get(pid, []))
    return total


def run(command: list[str], *, cwd: Path | None = None, sample_memory: bool = False) -> tuple[float, int, float]:
    """Run ``command``; return wall seconds, the processor seconds of its process tree (user + system of every
    process of the tree that was waited for, as the kernel accounts them to this one) and, if asked, the peak
    memory of the tree (KiB; the sampler's own reading of /proc slows the run, so time it without)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stop.set()
    if sample_memory:
        sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}\n{err.decode()[-2000:]}")
    processor = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak, processor


def alternate(commands: dict[str, list[str]], repeats: int, **kwargs) -> dict[str, list[float]]:
    """Run each command ``repeats`` times, interleaved, so drift in machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(run(command, **kwargs)[0])
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the four measurements ------------------------------------------------------------------------


def bench_baseline(work: Path, repeats: int) -> dict:
    notebook = work / "trivial.ipynb"
    notebook.write_text(json.dumps(TRIVIAL_NOTEBOOK), encoding="utf-8")
    chain = work / "chain.sh"
    chain.write_text(textwrap.dedent(f"""\
        set -e
        "{BIN / 'papermill'}" --no-progress-bar -p year 2021 "{notebook}" "{work / 'trivial-out.ipynb'}"
        "{BIN / 'jupyter'}" nbconvert --to html "{work / 'trivial-out.ipynb'}" --output-dir "{work}"
    """), encoding="utf-8")  # fmt: skip
    commands = {
        "stock papermill + nbconvert (trivial)": ["bash", str(chain)],
        "tthc report 2021 (HTML + PDF + .docx)": [
            *TTHC,
            "report",
            "--year",
            "2021",
            "--out",
            str(work / "r2021"),
            "--quiet",
        ],
    }
    times = alternate(commands, repeats)
    produced = {p.name for p in (work / "r2021").iterdir()}
    missing = {"bao-cao-tthc-2021.html", "bao-cao-tthc-2021.pdf", "bao-cao-tthc-2021.docx"} - produced
    if missing:
        raise SystemExit(f"(a) the report run did not write {', '.join(sorted(missing))}")
    base, ours = (median(times[k]) for k in commands)
    return {"baseline_s": base, "report_s": ours, "ratio": ours / base, "runs": times}


def bench_in_process(work: Path) -> list[dict]:
    rows = []
    for n in SIZES:
        folder = work / f"inproc-{n}"
        subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic", "--units", str(n), "--districts",
                        str(max(1, min(700, n // 15))), "--seed", "2021", "--year", "2024", "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        probe = textwrap.dedent(f"""\
            import json, resource, time, tracemalloc
            from tthc_analysis.summary import analyse
            analyse({str(ROOT / 'data' / '2021' / 'scores.csv')!r})  # warm imports and caches
            tracemalloc.start()
            start = time.perf_counter()
            result = analyse({str(folder / '2024' / 'scores.csv')!r})
            elapsed = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            print(json.dumps({{"seconds": elapsed, "peak_mib": peak / 2**20, "units": result.summary.n_units,
                              "paragraphs": len(result.section1),
                              "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
        """)  # fmt: skip
        # tracemalloc slows Python down; time a second, untraced run separately.
        timing = textwrap.dedent(f"""\
            import time
            from tthc_analysis.summary import analyse
            analyse({str(ROOT / 'data' / '2021' / 'scores.csv')!r})
            times = []
            for _ in range({3 if n <= NATIONAL else 1}):
                start = time.perf_counter()
                analyse({str(folder / '2024' / 'scores.csv')!r})
                times.append(time.perf_counter() - start)
            print(min(times))
        """)  # fmt: skip
        traced = json.loads(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                                           text=True).stdout)  # fmt: skip
        seconds = float(subprocess.run([sys.executable, "-c", timing], check=True, capture_output=True,
                                       text=True).stdout)  # fmt: skip
        rows.append({"units": n, "seconds": seconds, **{k: traced[k] for k in ("peak_mib", "maxrss_mib")}})
    return rows


def alternate_with_memory(
    commands: dict[str, list[str]], repeats: int
) -> tuple[dict[str, list[float]], dict[str, int], dict[str, float]]:
    """Run the commands in turn ``repeats`` times, each once timed and once with its memory sampled: each one's
    wall times, its highest memory of the tree (KiB) and the median processor time of its tree (seconds, all
    processes together, from the timed runs)."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            elapsed, _, seconds = run(command)
            times[name].append(elapsed)
            cpu[name].append(seconds)
            peaks[name] = max(peaks[name], run(command, sample_memory=True)[1])
    return times, peaks, {k: median(v) for k, v in cpu.items()}


def bench_national(work: Path, repeats: int) -> dict:
    folder = work / "national"
    subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic", "--units", str(NATIONAL), "--districts", "700",
                    "--seed", "2021", "--year", "2024", "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    small = work / "small"
    subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic", "--units", "16", "--districts", "1",
                    "--seed", "2021", "--year", "2024", "--out", str(small)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    commands = {
        "16 units": [*TTHC, "report", "--year", "2024", "--data-dir", str(small), "--out", str(work / "n16"), "--quiet"],
        f"{NATIONAL} units": [*TTHC, "report", "--year", "2024", "--data-dir", str(folder), "--out",
                              str(work / "nbig"), "--quiet"],
    }  # fmt: skip
    times, peaks, cpu = alternate_with_memory(commands, repeats)
    small_s, big_s = (median(times[k]) for k in commands)
    html = (work / "nbig" / "bao-cao-tthc-2024.html").stat().st_size
    return {"small_s": small_s, "big_s": big_s, "ratio": big_s / small_s, "html_bytes": html,
            "peak_tree_mib": peaks[f"{NATIONAL} units"] / 1024, "peak_tree_small_mib": peaks["16 units"] / 1024,
            "cpu_s": cpu[f"{NATIONAL} units"], "cpu_small_s": cpu["16 units"]}  # fmt: skip


def bench_qd766(work: Path, repeats: int) -> dict:
    """(e): the national QĐ 766 table (portal JSON with sub-indicators) against the 16-unit TT 01 report."""
    folder = work / "qd766"
    subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic_qd766", "--seed", "766", "--out", str(folder)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    small = work / "small766"
    subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic", "--units", "16", "--districts", "1",
                    "--seed", "2021", "--year", "2024", "--out", str(small)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    big = "3.321 + 517 units"
    commands = {
        "16 units": [*TTHC, "report", "--year", "2024", "--data-dir", str(small), "--out", str(work / "q16"), "--quiet"],
        big: [*TTHC, "report", "--scores", str(folder / "scores.json"), "--out", str(work / "qbig"), "--quiet"],
    }  # fmt: skip
    times, peaks, cpu = alternate_with_memory(commands, repeats)
    small_s, big_s = (median(times[k]) for k in commands)
    html = (work / "qbig" / "bao-cao-tthc-2026.html").stat().st_size
    return {"small_s": small_s, "big_s": big_s, "ratio": big_s / small_s, "html_bytes": html,
            "json_bytes": (folder / "scores.json").stat().st_size,
            "peak_tree_mib": peaks[big] / 1024, "peak_tree_small_mib": peaks["16 units"] / 1024,
            "cpu_s": cpu[big], "cpu_small_s": cpu["16 units"]}  # fmt: skip


def bench_all(work: Path) -> dict:
    from tthc_analysis.read.years import available_years

    years = available_years(ROOT / "data")
    singles = 0.0
    for year in years:
        singles += run([*TTHC, "report", "--year", str(year), "--out", str(work / "single" / str(year)), "--quiet"])[0]
    together = run([*TTHC, "report", "--all", "--out", str(work / "all"), "--quiet"])[0]
    return {"years": years, "sum_single_s": singles, "all_s": together, "ratio": together / singles}


# --- report ---------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "đạt" if ok else "CHƯA ĐẠT"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo hiệu năng tthc-analysis (mọi số đo trong cùng một lần chạy).")
    parser.add_argument("--repeats", type=int, default=3, help="số lần lặp mỗi phép đo có so sánh (mặc định 3)")
    parser.add_argument("--only", choices=["a", "b", "c", "d", "e", "f"], action="append", help="chỉ chạy phép đo này")
    parser.add_argument("--json", type=Path, help="ghi kết quả dạng JSON vào tệp này")
    args = parser.parse_args(argv)
    chosen = set(args.only or "abcdef")
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    work = Path(tempfile.mkdtemp(prefix="tthc-bench-"))
    try:
        if "a" in chosen:
            a = results["a"] = bench_baseline(work, args.repeats)
            print(f"(a) Báo cáo 2021 (HTML + PDF + .docx): {a['report_s']:.2f} s; chuỗi papermill + nbconvert tối "
                  f"giản: {a['baseline_s']:.2f} s; tỷ lệ {a['ratio']:.2f} (mục tiêu ≤ 0,8: {verdict(a['ratio'] <= 0.8)})",
                  flush=True)  # fmt: skip
        if "b" in chosen:
            rows = results["b"] = bench_in_process(work)
            print("(b) Nạp, kiểm tra, xếp hạng, lời văn (trong một tiến trình):")
            for row in rows:
                print(f"    {row['units']:>7} đơn vị: {row['seconds']:.3f} s, bộ nhớ Python cao nhất "
                      f"{row['peak_mib']:.1f} MiB, RSS tiến trình {row['maxrss_mib']:.0f} MiB", flush=True)  # fmt: skip
            last = rows[-1]
            print(f"    mục tiêu 100.000 đơn vị < 1 s: {verdict(last['seconds'] < 1.0)}")
        if "c" in chosen:
            c = results["c"] = bench_national(work, args.repeats)
            print(f"(c) Báo cáo {NATIONAL} đơn vị: {c['big_s']:.2f} s, 16 đơn vị: {c['small_s']:.2f} s, tỷ lệ "
                  f"{c['ratio']:.2f} (mục tiêu ≤ 1,5: {verdict(c['ratio'] <= 1.5)}); HTML {c['html_bytes'] / 1e6:.2f} MB "
                  f"(≤ 3 MB: {verdict(c['html_bytes'] <= 3_000_000)}); bộ nhớ cả cây tiến trình cao nhất "
                  f"{c['peak_tree_mib']:.0f} MiB (< 1 GB: {verdict(c['peak_tree_mib'] < 1024)}; 16 đơn vị: "
                  f"{c['peak_tree_small_mib']:.0f} MiB); thời gian xử lý (CPU) cả cây tiến trình {c['cpu_s']:.1f} s, "
                  f"16 đơn vị: {c['cpu_small_s']:.1f} s", flush=True)  # fmt: skip
        if "d" in chosen:
            d = results["d"] = bench_all(work)
            print(f"(d) --all {len(d['years'])} năm: {d['all_s']:.2f} s; tổng các lần chạy từng năm: "
                  f"{d['sum_single_s']:.2f} s; tỷ lệ {d['ratio']:.2f} (mục tiêu < 1: {verdict(d['ratio'] < 1.0)})")  # fmt: skip
        if "e" in chosen:
            e = results["e"] = bench_qd766(work, args.repeats)
            print(f"(e) Báo cáo QĐ 766 cả nước (3.321 xã + 517 sở, đủ chỉ tiêu thành phần, tệp "
                  f"{e['json_bytes'] / 1e6:.1f} MB): {e['big_s']:.2f} s, 16 đơn vị: {e['small_s']:.2f} s, tỷ lệ "
                  f"{e['ratio']:.2f} (mục tiêu ≤ 1,5: {verdict(e['ratio'] <= 1.5)}); HTML {e['html_bytes'] / 1e6:.2f} MB "
                  f"(< 3 MB: {verdict(e['html_bytes'] < 3_000_000)}); bộ nhớ cả cây tiến trình cao nhất "
                  f"{e['peak_tree_mib']:.0f} MiB (< 1 GB: {verdict(e['peak_tree_mib'] < 1024)}; 16 đơn vị: "
                  f"{e['peak_tree_small_mib']:.0f} MiB); thời gian xử lý (CPU) cả cây tiến trình {e['cpu_s']:.1f} s, "
                  f"16 đơn vị: {e['cpu_small_s']:.1f} s", flush=True)  # fmt: skip
        if "f" in chosen:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from dossiers import bench_dossiers, report

            results["f"] = bench_dossiers(repeats=args.repeats)
            report(results["f"])
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
