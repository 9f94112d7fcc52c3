"""Every exception of the package, and the problems of input collected and reported all at once."""

from __future__ import annotations

import html as _html
from collections.abc import Iterable
from dataclasses import dataclass


class SchemeError(ValueError):
    """A scheme file is missing or malformed."""


class ParameterError(ValueError):
    """Parameters refused before the notebook runs (unknown name, wrong type, missing year)."""


class RenderError(RuntimeError):
    """The notebook or a conversion failed; the message is short and in Vietnamese."""


class PrinterError(RuntimeError):
    """The browser could not be started or could not print (the caller falls back or reports it)."""


# Headings of the report's table, in the order of Problem.cells().
COLUMNS = ("Tệp", "Trang tính", "Dòng", "Đơn vị", "Cột", "Giá trị", "Vấn đề")


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as precisely as the input allows.

    ``row`` is the line number a person sees when opening the file (the header
    is line 1 of a CSV, a row of an Excel sheet is its row number there); ``sheet`` names the
    Excel sheet. ``message`` is Vietnamese and says what was expected.
    """

    file: str
    message: str
    row: int | None = None
    unit: str | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None

    def cells(self) -> tuple[str, str, str, str, str, str, str]:
        """The problem as the cells of one table row: file, sheet, row, unit, column, value, message."""
        values = (self.file, self.sheet, self.row, self.unit, self.column, self.value, self.message)
        return tuple("" if v is None else str(v) for v in values)

    def describe(self) -> str:
        """One line of Vietnamese naming the place, the value and the problem."""
        place = [f"Tệp {self.file}"]
        if self.sheet:
            place.append(f"trang tính “{self.sheet}”")
        if self.row is not None:
            place.append(f"dòng {self.row}")
        if self.unit:
            place.append(f"đơn vị “{self.unit}”")
        if self.column:
            place.append(f"cột “{self.column}”")
        text = ", ".join(place) + ": " + self.message
        if self.value is not None:
            text += f" (giá trị: “{self.value}”)"
        return text


class ValidationError(ValueError):
    """Input that cannot be scored; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def __reduce__(self):
        # Rebuilt from its problems (not from the message), so it survives a trip through a worker process.
        return (type(self), (self.problems,))

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"Dữ liệu không hợp lệ: phát hiện {count} lỗi."]
        lines += [f"  {i}. {p.describe()}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)

    def html(self) -> str:
        """The problems as an HTML table (every value escaped), for a notebook or a page."""
        head = "".join(f"<th>{_html.escape(h)}</th>" for h in ("STT", *COLUMNS))
        body = "".join(
            f"<tr><td>{i}</td>" + "".join(f"<td>{_html.escape(cell)}</td>" for cell in p.cells()) + "</tr>"
            for i, p in enumerate(self.problems, 1)
        )
        caption = _html.escape(f"Dữ liệu không hợp lệ: phát hiện {len(self.problems)} lỗi.")
        return (
            '<table class="tthc-validation"><caption style="text-align:left;font-weight:bold;color:#a40000">'
            f"{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.html()
