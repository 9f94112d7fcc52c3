"""Problems found in input, collected and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["Problem", "ValidationError"]


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as precisely as the input allows.

    ``row`` is the line number a person sees when opening the file (the header
    is line 1 of a CSV). ``message`` is Vietnamese and says what was expected.
    """

    file: str
    message: str
    row: int | None = None
    unit: str | None = None
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """One line of Vietnamese naming the place, the value and the problem."""
        place = [f"Tệp {self.file}"]
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

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"Dữ liệu không hợp lệ: phát hiện {count} lỗi."]
        lines += [f"  {i}. {p.describe()}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)
