"""The package's layout rules hold on the real package, and each rule catches its fault on a made-up one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import layout_rules as rules

PACKAGE = Path(__file__).resolve().parents[2] / "tthc_analysis"


def test_no_import_circle_and_no_import_upwards():
    assert rules.cycles(PACKAGE) == []
    assert rules.layer_violations(PACKAGE) == []


def test_no_module_over_400_lines():
    assert rules.oversize(PACKAGE) == []


def test_no_private_name_imported_from_another_module():
    assert rules.private_imports(PACKAGE) == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "tthc_analysis"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    root = _package(tmp_path, {
        "score/__init__.py": "",
        "score/a.py": "from tthc_analysis.score.b import g\n",
        "score/b.py": "def g():\n    from tthc_analysis.score import a\n    return a\n",
    })  # fmt: skip
    assert rules.cycles(root) == [["tthc_analysis.score.a", "tthc_analysis.score.b", "tthc_analysis.score.a"]]


def test_an_import_from_a_higher_stage_is_found(tmp_path):
    root = _package(tmp_path, {
        "read/__init__.py": "",
        "read/csv.py": "from ..sections import html\n",
        "sections/__init__.py": "",
        "sections/html.py": "X = 1\n",
    })  # fmt: skip
    assert rules.layer_violations(root) == [
        "tthc_analysis.read.csv:1 imports tthc_analysis.sections.html (stage sections, rank 7) from stage read (rank 2)"
    ]


def test_sibling_stages_of_one_rank_may_not_import_each_other(tmp_path):
    root = _package(tmp_path, {"charts/__init__.py": "from tthc_analysis.narrative import x\n",
                               "narrative/__init__.py": "x = 1\n"})  # fmt: skip
    assert len(rules.layer_violations(root)) == 1


def test_an_oversize_module_is_found(tmp_path):
    root = _package(tmp_path, {"score/__init__.py": "", "score/big.py": "x = 1\n" * 401})
    assert rules.oversize(root) == ["tthc_analysis.score.big: 401 lines"]


def test_a_private_import_is_found(tmp_path):
    root = _package(tmp_path, {"score/__init__.py": "", "score/a.py": "_hidden = 1\n",
                               "score/b.py": "from tthc_analysis.score.a import _hidden\n"})  # fmt: skip
    assert rules.private_imports(root) == ["tthc_analysis.score.b:1 imports _hidden from tthc_analysis.score.a"]


def test_importing_the_package_changes_no_global_state():
    """No sys.modules entry planted, no IPython handler set: what the notebook needs, its first call registers."""
    code = textwrap.dedent("""
        import sys
        before = set(sys.modules)
        import tthc_analysis, tthc_analysis.sections, tthc_analysis.render, tthc_analysis.cli
        planted = [name for name in set(sys.modules) - before if sys.modules[name] is None]
        print(planted)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_sections_leave_matplotlib_figures_to_whoever_draws():
    """The kernel imports the sections; `tthc report` draws the figures alongside it (sections.shared_figures).
    The sections load only matplotlib's colours for the tables; the drawing modules load when a figure is drawn."""
    code = textwrap.dedent("""
        import sys
        import tthc_analysis.sections
        print(sorted(m for m in ("matplotlib.figure", "matplotlib.axes", "matplotlib.pyplot", "tthc_analysis.charts.totals")
                     if m in sys.modules))
        from tthc_analysis import charts
        charts.totals_chart
        print(sorted(m for m in ("matplotlib.figure", "tthc_analysis.charts.totals") if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "['matplotlib.figure', 'tthc_analysis.charts.totals']"]
