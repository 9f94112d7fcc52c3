"""The notebook's parameters, checked against its ``parameters`` cell before anything runs."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from tthc_analysis.config import REPORT_NOTEBOOK, YEAR_RANGE
from tthc_analysis.errors import ParameterError

_TYPES: dict[str, tuple[type, ...]] = {"int": (int,), "str": (str,), "float": (int, float), "bool": (bool,)}


def declared_parameters(notebook: Path = REPORT_NOTEBOOK) -> dict[str, str]:
    """Name -> declared type ("int", "str", …; "None" without an annotation) of the ``parameters`` cell.

    The same names and types ``papermill.inspect_notebook`` infers (a test holds them equal), read with ``ast``
    from the notebook's JSON: importing papermill and nbformat for this would cost a quarter of a second of the
    time before the kernel can start.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        return {}
    source = tagged[0]["source"]
    tree = ast.parse(source if isinstance(source, str) else "".join(source))
    declared: dict[str, str] = {}
    for statement in ast.walk(tree):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            annotation = statement.annotation
            quoted = isinstance(annotation, ast.Constant) and isinstance(annotation.value, str)
            declared[statement.target.id] = annotation.value if quoted else ast.unparse(annotation)
        elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                declared[target.id] = "None"  # papermill infers no type without an annotation
    return declared


def check_parameters(parameters: dict[str, object], notebook: Path = REPORT_NOTEBOOK) -> None:
    """Refuse unknown names and wrong types before anything runs (papermill itself only warns)."""
    declared = declared_parameters(notebook)
    problems = []
    for name, value in parameters.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            problems.append(f"tham số “{name}” không có trong sổ tay {notebook.name} (các tham số hợp lệ: {known})")
            continue
        allowed = _TYPES.get(declared[name])
        if allowed is None:
            continue
        wrong_bool = isinstance(value, bool) and bool not in allowed
        if wrong_bool or not isinstance(value, allowed):
            problems.append(
                f"tham số “{name}” phải có kiểu {declared[name]}, nhận được {type(value).__name__} ({value!r})"
            )
        elif name == "year" and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            problems.append(f"tham số “year” phải là năm từ {YEAR_RANGE[0]} đến {YEAR_RANGE[1]}, nhận được {value!r}")
    if "year" in declared and "year" not in parameters:
        problems.append("thiếu tham số “year” (năm đánh giá)")
    if problems:
        raise ParameterError("Tham số không hợp lệ:\n" + "\n".join(f"  - {p}" for p in problems))
