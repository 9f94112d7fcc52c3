"""The report notebook itself: committed clean and thin, and it runs under papermill as it stands."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import papermill
import pytest

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
NOTEBOOK = REPO / "notebooks" / "bao-cao-tthc.ipynb"

# The sections the notebook shows, in order (cell metadata tthc.section), after parameters and loading.
REVIEW_SECTIONS = [
    "Bảng điểm đã kiểm tra",
    "Bảng xếp hạng (số liệu)",
    "Số đơn vị theo xếp loại",
    "Thống kê theo chỉ số",
]
SECTIONS = [
    "Phần mở đầu",
    "I. Kết quả thực hiện",
    "II. Đánh giá chung",
    "III. Phương hướng, giải pháp",
    "Kết thúc, nơi nhận, người ký",
    "Phụ lục: Bảng xếp hạng",
    "Phụ lục: Biểu đồ",
    "Phụ lục: So với năm trước",
    "Biểu đồ so sánh với năm trước",
    "Phụ lục: Kết quả theo đơn vị cấp huyện",
    "Biểu đồ theo đơn vị cấp huyện",
    "Phụ lục: Tự chấm so với thẩm định",
    "Phụ lục: Diễn biến qua các năm",
    "Phụ lục: Thông tin kỹ thuật",
]
# Shown only when the data has them: a district column, self-scores, the previous year, three years or more.
OPTIONAL = {"Phụ lục: Kết quả theo đơn vị cấp huyện", "Biểu đồ theo đơn vị cấp huyện", "Phụ lục: So với năm trước",
            "Biểu đồ so sánh với năm trước", "Phụ lục: Diễn biến qua các năm",
            "Phụ lục: Tự chấm so với thẩm định"}  # fmt: skip

# What each year's Section I and ranking must show (worked out by hand from the tables).
EXPECTED = {
    2021: {
        "data_dir": REPO / "data",
        "section1": "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 12/16 đơn vị, chiếm tỷ lệ 75%.",
        "rows": 16,
        "heading": "Số liệu dựng lại.",
    },
    2024: {
        "data_dir": TESTS / "fixtures" / "small",
        "section1": "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): 02/05 đơn vị, chiếm tỷ lệ 40%.",
        "rows": 5,
        "heading": "Bảng số liệu không kèm tệp thông tin (metadata.toml)",
    },
}


def _html_outputs(cell) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_notebook_runs_under_papermill(year, tmp_path):
    expected = EXPECTED[year]
    executed_path = tmp_path / f"bao-cao-{year}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(executed_path), parameters={"year": year, "data_dir": str(expected["data_dir"])},
        cwd=str(NOTEBOOK.parent), kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    nb = nbformat.read(executed_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    assert "injected-parameters" in code[1].metadata["tags"]
    assert f"year = {year}\n" in code[1].source
    after = code[1:]
    for cell in after:
        assert cell.execution_count is not None
        assert cell.metadata["papermill"]["status"] == "completed"
        assert [o for o in cell.outputs if o.output_type == "error"] == []
        # Warnings (a glyph missing from a chart's font, a deprecation) would land here. Matplotlib's
        # one-time notice on a machine that never built its font cache is not about the report.
        stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert [t for t in stderr if not t.startswith("Matplotlib is building the font cache")] == []
    review = [c for c in after[2:] if "review" in c.metadata["tags"]]
    assert [c.metadata["tthc"]["section"] for c in review] == REVIEW_SECTIONS
    for cell in review:  # the intermediate tables are pandas DataFrames, shown as such
        assert '<table border="1" class="dataframe' in _html_outputs(cell)
    assert _html_outputs(review[1]).count("<tr>") == expected["rows"] + 1  # the ranking: a row per unit and the head
    shown = {c.metadata["tthc"]["section"]: c for c in after[2:] if "review" not in c.metadata["tags"]}
    assert list(shown) == SECTIONS
    for section, cell in shown.items():
        # Neither year has districts, a previous year in its folder, or three years: optional sections are empty.
        assert bool(_html_outputs(cell)) == (section not in OPTIONAL), section
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _html_outputs(shown["Phần mở đầu"])
    assert expected["heading"] in _html_outputs(shown["Phụ lục: Thông tin kỹ thuật"])
    results = _html_outputs(shown["I. Kết quả thực hiện"])
    assert "I. Kết quả thực hiện" in results
    assert expected["section1"] in results
    assert "II. Đánh giá chung" in _html_outputs(shown["II. Đánh giá chung"])
    assert "III. Phương hướng, giải pháp" in _html_outputs(shown["III. Phương hướng, giải pháp"])
    assert "Nơi nhận:" in _html_outputs(shown["Kết thúc, nơi nhận, người ký"])
    ranking = _html_outputs(shown["Phụ lục: Bảng xếp hạng"])
    assert ranking.count('<td class="unit">') == expected["rows"]
    assert _html_outputs(shown["Phụ lục: Biểu đồ"]).count('src="data:image/png;base64,') == 3


# --- the committed notebook -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed():
    return nbformat.read(NOTEBOOK, as_version=4)


def test_committed_notebook_is_valid_and_has_no_outputs(committed):
    nbformat.validate(committed)
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
        assert "execution" not in cell.metadata and "papermill" not in cell.metadata
    assert "papermill" not in committed.metadata


def test_committed_notebook_declares_typed_parameters(committed):
    tagged = [c for c in committed.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0] is committed.cells[0]
    lines = [line.split("#")[0].rstrip() for line in tagged[0].source.splitlines()]
    assert "year: int = 2021" in lines
    assert 'data_dir: str = "../data"' in lines
    assert 'scores_path: str = ""' in lines
    assert 'scheme: str = ""' in lines
    declared = papermill.inspect_notebook(str(NOTEBOOK))
    assert {name: p["inferred_type_name"] for name, p in declared.items()} == {
        "year": "int", "data_dir": "str", "scores_path": "str", "previous_scores_path": "str",
        "registry_path": "str", "scheme": "str", "period": "str", "report_cache": "str", "figure_cache": "str",
    }  # fmt: skip


def test_committed_notebook_cells_are_thin(committed):
    """No logic in the notebook: no definitions, loops or imports besides the one of the section builders."""
    imports = []
    for cell in committed.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), cell.id
            assert not isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)), cell.id
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.append(ast.unparse(node))
    assert imports == ["from tthc_analysis import sections"]


def test_committed_notebook_cells_name_their_section(committed):
    code = [c for c in committed.cells if c.cell_type == "code"]
    sections = [c.metadata.get("tthc", {}).get("section") for c in code]
    assert sections == ["Tham số", "Nạp và kiểm tra số liệu", *REVIEW_SECTIONS, *SECTIONS]


def test_invalid_data_shows_a_table_of_problems_in_the_notebook(tmp_path):
    """Run in Jupyter, bad data gives the styled table of every problem and a one-line error, not a traceback."""
    from papermill.exceptions import PapermillExecutionError

    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "scores.csv").write_text(
        "unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPhường 1,3,2,2,2,2,2,2,2,0\nPhường 2,2,2,2,2,2,2,2,2,x\n", encoding="utf-8"
    )
    executed = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(str(NOTEBOOK), str(executed), parameters={"year": 2024, "data_dir": str(tmp_path)},
                                   cwd=str(NOTEBOOK.parent), kernel_name="python3", progress_bar=False)  # fmt: skip
    assert caught.value.ename == "ValidationError"
    nb = nbformat.read(executed, as_version=4)
    load = next(c for c in nb.cells if c.metadata.get("tthc", {}).get("section") == "Nạp và kiểm tra số liệu")
    tables = [o.data["text/html"] for o in load.outputs if o.output_type == "display_data"]
    assert len(tables) == 1
    assert tables[0].count("<tr>") == 3  # the header and one row per problem
    assert "<td>Phường 1</td>" in tables[0]
    assert "<td>Phường 2</td>" in tables[0]
    (error,) = [o for o in load.outputs if o.output_type == "error"]
    assert error.traceback == ["ValidationError: 2 lỗi trong số liệu (xem bảng trên)."]


def test_overview_notebook_is_committed_without_outputs_and_thin():
    overview = nbformat.read(NOTEBOOK.parent / "tong-hop-cac-nam.ipynb", as_version=4)
    nbformat.validate(overview)
    code = [c for c in overview.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata["tags"]
    assert [c.metadata["tthc"]["section"] for c in code] == [
        "Tham số", "Nạp và kiểm tra số liệu các năm", "Phần mở đầu", "Kết quả từng năm",
        "Biểu đồ điểm bình quân qua các năm", "Biểu đồ từng đơn vị qua các năm", "Nguồn số liệu",
    ]  # fmt: skip
    for cell in code:
        tree = ast.parse(cell.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda))
                       for n in ast.walk(tree)), cell.id  # fmt: skip


@pytest.mark.parametrize("name", ["bao-cao-tthc.ipynb", "tong-hop-cac-nam.ipynb"])
def test_declared_parameters_read_as_papermill_reads_them(name):
    """The renderer reads the parameters cell itself (no papermill import before the kernel starts): it must
    find the same names and types as papermill, which executes the notebook."""
    from tthc_analysis.render.parameters import declared_parameters

    path = NOTEBOOK.parent / name
    expected = {n: p["inferred_type_name"] for n, p in papermill.inspect_notebook(str(path)).items()}
    assert declared_parameters(path) == expected


def test_declared_parameters_of_plain_assignments(tmp_path):
    """Parameters without annotations have no declared type (papermill's reading); annotations are kept as
    written."""
    from tthc_analysis.render.parameters import declared_parameters

    cell = {"cell_type": "code", "execution_count": None, "id": "p", "metadata": {"tags": ["parameters"]},
            "outputs": [], "source": ["year = 2021  # năm\n", "name: \"str\" = \"Đà Lạt\"\n", "ratio: float = 0.5\n",
                                      "flag: bool = True\n", "paths: list[str] = []\n"]}  # fmt: skip
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "language": "python",
                "display_name": "Python 3"}, "language_info": {"name": "python"}}, "nbformat": 4,
                "nbformat_minor": 5}  # fmt: skip
    path = tmp_path / "p.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    ours = declared_parameters(path)
    assert ours == {"year": "None", "name": "str", "ratio": "float", "flag": "bool", "paths": "list[str]"}
    theirs = {n: p["inferred_type_name"] for n, p in papermill.inspect_notebook(str(path)).items()}
    assert theirs == ours
