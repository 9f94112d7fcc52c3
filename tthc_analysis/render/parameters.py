"""The notebook's parameters, checked against its ``parameters`` cell before anything runs."""

from __future__ import annotations

from pathlib import Path

from tthc_analysis.config import REPORT_NOTEBOOK, YEAR_RANGE
from tthc_analysis.errors import ParameterError

_TYPES: dict[str, tuple[type, ...]] = {"int": (int,), "str": (str,), "float": (int, float), "bool": (bool,)}


def check_parameters(parameters: dict[str, object], notebook: Path = REPORT_NOTEBOOK) -> None:
    """Refuse unknown names and wrong types before anything runs (papermill itself only warns)."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    problems = []
    for name, value in parameters.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            problems.append(f"tham số “{name}” không có trong sổ tay {notebook.name} (các tham số hợp lệ: {known})")
            continue
        type_name = declared[name]["inferred_type_name"]
        allowed = _TYPES.get(type_name)
        if allowed is None:
            continue
        wrong_bool = isinstance(value, bool) and bool not in allowed
        if wrong_bool or not isinstance(value, allowed):
            problems.append(f"tham số “{name}” phải có kiểu {type_name}, nhận được {type(value).__name__} ({value!r})")
        elif name == "year" and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            problems.append(f"tham số “year” phải là năm từ {YEAR_RANGE[0]} đến {YEAR_RANGE[1]}, nhận được {value!r}")
    if "year" in declared and "year" not in parameters:
        problems.append("thiếu tham số “year” (năm đánh giá)")
    if problems:
        raise ParameterError("Tham số không hợp lệ:\n" + "\n".join(f"  - {p}" for p in problems))
