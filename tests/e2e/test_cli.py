"""The ``tthc summary`` command: text and JSON output, and exit status 2 on invalid input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from expected import SECTION_I_2021

from tthc_analysis.cli import main

REPO = Path(__file__).resolve().parents[2]
SCORES_2021 = REPO / "data" / "2021" / "scores.csv"

JSON_KEYS = {"n_units", "bands", "mean", "mean_band", "highest", "lowest", "ranking"}
# Added by issue 12 beside today's keys: the scheme, the period, the printed mean and the portal checks.
ADDED_KEYS = {"scheme", "period", "mean_printed", "checks"}


def today(data: dict) -> dict:
    """The keys ``--json`` has always printed."""
    return {k: v for k, v in data.items() if k in JSON_KEYS}


def row(rank, unit, total, band="Xuất sắc"):
    return {"rank": rank, "unit": unit, "total": total, "band": band}


# Worked out by hand from data/2021/scores.csv and the seed report.
JSON_2021 = {
    "n_units": 16,
    "bands": [
        {"band": "Xuất sắc", "min": 15, "count": 12, "share": 75.0},
        {"band": "Tốt", "min": 12, "count": 4, "share": 25.0},
        {"band": "Khá", "min": 9, "count": 0, "share": 0.0},
        {"band": "Trung bình", "min": 6, "count": 0, "share": 0.0},
        {"band": "Yếu", "min": 0, "count": 0, "share": 0.0},
    ],
    "mean": 15.3,
    "mean_band": "Xuất sắc",
    "highest": {"total": 16.0, "units": ["Phường 3", "Phường 6"]},
    "lowest": {"total": 13.0, "units": ["Phường 8"]},
    "ranking": [
        row(1, "Phường 3", 16.0),
        row(1, "Phường 6", 16.0),
        row(3, "Phường 5", 15.9),
        row(3, "Phường 10", 15.9),
        row(5, "Phường 1", 15.85),
        row(6, "Phường 9", 15.8),
        row(6, "Xã Trạm Hành", 15.8),
        row(8, "Phường 2", 15.75),
        row(8, "Xã Xuân Thọ", 15.75),
        row(10, "Phường 4", 15.7),
        row(10, "Xã Tà Nung", 15.7),
        row(12, "Phường 12", 15.65),
        row(13, "Phường 7", 14.5, "Tốt"),
        row(14, "Phường 11", 14.0, "Tốt"),
        row(15, "Xã Xuân Trường", 13.5, "Tốt"),
        row(16, "Phường 8", 13.0, "Tốt"),
    ],
}

BAD_TABLE = """
    Đơn vị,Chỉ số 1,Chỉ số 2,Chỉ số 3,Chỉ số 4,Chỉ số 5,Chỉ số 6,Chỉ số 7,Chỉ số 8,Chỉ số 9,Tổng điểm
    Phường 1,2,2,2,2,2,2,2,2,0,16
    Phường 2,2,hai,2,2,2,2,2,2,0,
    Phường 3,2,2,2,2,2,2,2,2.5,0,
    Phường 1,2,2,2,2,2,2,2,2,0,16
    Phường 4,2,2,2,2,1.5,1.9,2,2,0,15.50
"""


def run_tthc(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "tthc_analysis.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


# --- JSON ----------------------------------------------------------------------------------------------


def test_json_2021_in_process(capsys):
    """``main(["summary", …, "--json"])`` prints exactly the documented keys with the 2021 values."""
    assert main(["summary", str(SCORES_2021), "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert set(data) == JSON_KEYS | ADDED_KEYS
    assert today(data) == JSON_2021
    assert data["scheme"] == "tt01-2018" and data["checks"] == [] and data["mean_printed"] == "15.30"
    assert data["period"] == {"kind": "year", "year": 2021, "number": None, "label": "năm 2021"}
    assert "Xuất sắc" in out  # written as UTF-8 text, not \u escapes


def test_json_2021_subprocess():
    """The same JSON from a separate process, given the year folder."""
    result = run_tthc("summary", "data/2021", "--json")
    assert result.returncode == 0, result.stderr
    assert today(json.loads(result.stdout)) == JSON_2021


def test_json_shapes():
    """Bands have band/min/count/share, extremes total/units, ranking rows rank/unit/total/band."""
    data = json.loads(run_tthc("summary", "data/2021/scores.csv", "--json").stdout)
    assert [set(b) for b in data["bands"]] == [{"band", "min", "count", "share"}] * 5
    assert set(data["highest"]) == set(data["lowest"]) == {"total", "units"}
    assert all(set(r) == {"rank", "unit", "total", "band"} for r in data["ranking"])


def test_json_units_within_a_rank_in_vietnamese_order(write_csv, capsys):
    """Tied units are listed Phường 5 before Phường 10 before Xã, whatever the file order."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Xã Tà Nung,2,2,2,2,2,2,2,2,0
        Phường 10,2,2,2,2,2,2,2,2,0
        Phường 5,2,2,2,2,2,2,2,2,0
        """
    )
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["rank"], r["unit"]) for r in data["ranking"]] == [(1, "Phường 5"), (1, "Phường 10"), (1, "Xã Tà Nung")]
    assert data["highest"]["units"] == ["Phường 5", "Phường 10", "Xã Tà Nung"]


def test_json_float_trap(write_csv, capsys):
    """8 × 1.7 + 1.4 comes out as 15.0, Xuất sắc, tied at rank 1."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Xã A,1.7,1.7,1.7,1.7,1.7,1.7,1.7,1.7,1.4
        Xã B,2,2,2,2,2,2,2,1,0
        """
    )
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking"] == [row(1, "Xã A", 15.0), row(1, "Xã B", 15.0)]
    assert data["bands"][0]["count"] == 2


# --- text ----------------------------------------------------------------------------------------------


def test_text_2021_in_process(capsys):
    """The text output opens with the Section I heading and narrative, then the ranking."""
    assert main(["summary", str(SCORES_2021)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert lines[:9] == ["I. Kết quả thực hiện:", *SECTION_I_2021]


def test_text_ranking_rows_2021():
    """Ranking rows carry rank, unit, total with a decimal comma, and band, in order."""
    out = run_tthc("summary", "data/2021/scores.csv").stdout
    rows = [m.groups() for m in re.finditer(r"^ *(\d+) +(\S.*?) +(\d+,\d+) +(\S.*?)$", out, re.MULTILINE)]
    assert len(rows) == 16
    assert rows[:4] == [
        ("1", "Phường 3", "16,00", "Xuất sắc"),
        ("1", "Phường 6", "16,00", "Xuất sắc"),
        ("3", "Phường 5", "15,90", "Xuất sắc"),
        ("3", "Phường 10", "15,90", "Xuất sắc"),
    ]
    assert rows[-1] == ("16", "Phường 8", "13,00", "Tốt")


def test_console_script_is_installed():
    """The ``tthc`` entry point next to the interpreter runs the same command."""
    script = Path(sys.executable).with_name("tthc")
    assert script.exists()
    result = subprocess.run([str(script), "summary", "data/2021/scores.csv", "--json"], cwd=REPO,
                            capture_output=True, text=True, encoding="utf-8")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert today(json.loads(result.stdout)) == JSON_2021


def test_custom_scheme_option(tmp_path, write_csv, capsys):
    """``--scheme path.toml`` scores a table under a scheme of 2 criteria of 10 points."""
    scheme = tmp_path / "hai.toml"
    scheme.write_text(
        'name = "hai"\n'
        '[[criteria]]\nnumber = 1\nname = "Một"\nmax_points = "10"\n'
        '[[criteria]]\nnumber = 2\nname = "Hai"\nmax_points = "10"\n'
        '[[bands]]\nname = "Đạt"\nmin = "10"\n'
        '[[bands]]\nname = "Chưa đạt"\nmin = "0"\n',
        encoding="utf-8",
    )
    path = write_csv(
        """
        unit,c1,c2
        Tổ A,9.5,8
        Tổ B,3,6.999
        """
    )
    assert main(["summary", str(path), "--scheme", str(scheme), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking"] == [row(1, "Tổ A", 17.5, "Đạt"), row(2, "Tổ B", 9.999, "Chưa đạt")]
    assert data["bands"] == [
        {"band": "Đạt", "min": 10, "count": 1, "share": 50.0},
        {"band": "Chưa đạt", "min": 0, "count": 1, "share": 50.0},
    ]
    assert data["mean"] == 13.7495
    assert data["mean_band"] == "Đạt"


# --- invalid input: exit status 2, problems on stderr, no traceback ---------------------------------------


def assert_clean_failure(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.strip()


def test_invalid_table_subprocess(write_csv):
    """Every problem of a bad table is on stderr with its line, unit and column."""
    path = write_csv(BAD_TABLE)
    result = run_tthc("summary", str(path))
    assert_clean_failure(result)
    err = result.stderr
    assert "4 lỗi" in err
    assert "dòng 3, đơn vị “Phường 2”, cột “Chỉ số 2”" in err and "“hai”" in err
    assert "dòng 4, đơn vị “Phường 3”, cột “Chỉ số 8”" in err and "“2.5”" in err
    assert "dòng 5, đơn vị “Phường 1”" in err and "dòng 2" in err
    assert "dòng 6, đơn vị “Phường 4”, cột “Tổng điểm”" in err and "15,50" in err and "15,40" in err
    assert err.count(str(path)) == 4


def test_invalid_table_in_process(write_csv, capsys):
    """In process: main returns 2 and writes the report to stderr only."""
    path = write_csv(BAD_TABLE)
    assert main(["summary", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "4 lỗi" in captured.err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "rỗng"),
        (b"unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n", "không có dòng dữ liệu"),
        ("unit,c1,c2,c3\nPhường 1,2,2,2\n".encode(), "Chỉ số 4"),
        (b"unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPh\x81ng 1,2,2,2,2,2,2,2,2,0\n", "UTF-8 hay Windows-1258"),
    ],
    ids=["empty", "header-only", "missing-columns", "unknown-encoding"],
)
def test_unusable_files(tmp_path, content, fragment):
    """Empty, header-only, missing columns, wrong encoding: exit 2 with the reason."""
    path = tmp_path / "scores.csv"
    path.write_bytes(content)
    result = run_tthc("summary", str(path))
    assert_clean_failure(result)
    assert fragment in result.stderr


def test_missing_file(tmp_path):
    """A path that does not exist: exit 2, named on stderr."""
    path = tmp_path / "khong-co.csv"
    result = run_tthc("summary", str(path))
    assert_clean_failure(result)
    assert str(path) in result.stderr


def test_unknown_scheme():
    """An unknown scheme name: exit 2, the known schemes listed."""
    result = run_tthc("summary", "data/2021/scores.csv", "--scheme", "khong-co")
    assert_clean_failure(result)
    assert "khong-co" in result.stderr
    assert "tt01-2018" in result.stderr


def test_malformed_scheme_file(tmp_path):
    """A scheme file that is not valid TOML: exit 2, not a traceback."""
    scheme = tmp_path / "hong.toml"
    scheme.write_text('name = "hong"\n[[criteria]\n', encoding="utf-8")
    result = run_tthc("summary", "data/2021/scores.csv", "--scheme", str(scheme))
    assert_clean_failure(result)
    assert str(scheme) in result.stderr


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`tthc summary … | head -1`: no traceback when the reader closes the pipe (output larger than its buffer)."""
    from tthc_analysis.synthetic import write_dataset

    folder = write_dataset(tmp_path, n_units=3000, n_districts=12, seed=1, year=2024)
    process = subprocess.Popen([sys.executable, "-m", "tthc_analysis.cli", "summary", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.wait(timeout=120)
    assert "Traceback" not in stderr
