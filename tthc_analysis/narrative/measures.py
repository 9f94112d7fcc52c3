"""Section III of the report (Phương hướng, giải pháp): measures for the criteria or groups that lost most points.

The measures are data, one TOML file per scheme in ``resources/measures/`` (the analyst edits the file, not
the code). Given the criteria (TT 01) or groups (QĐ 766) ordered by points lost, Section III takes the
measures of the ``top`` ones that lost points, then the file's general measures, numbered, each once; then
the analyst's own ``measures_notes`` from the metadata when there are any. It never states a cause: causes
are not in the scores.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined, TemplateError

from tthc_analysis.document_facts import note_paragraphs
from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.vietnamese import nfc

__all__ = ["Measures", "load_measures", "section3", "section3_heading"]

PLACEHOLDER = "……"
_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@dataclass(frozen=True)
class Measures:
    """The measures of one scheme: per criterion/group key, general ones, and the wording around them."""

    scheme: str
    heading: str
    intro: str
    top: int
    general: tuple[str, ...]
    by_key: tuple[tuple[str, tuple[str, ...]], ...]
    file: str = ""

    def for_key(self, key: str) -> tuple[str, ...]:
        return dict(self.by_key).get(str(key), ())


def _texts(value, where: str, file: str, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(file, "phải là một danh sách các câu văn không rỗng", column=where, value=repr(value)))
        return ()
    return tuple(nfc(v.strip()) for v in value)


def _template(value, where: str, file: str, problems: list[Problem]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(file, "phải là một câu văn không rỗng", column=where, value=repr(value)))
        return ""
    try:
        _ENV.from_string(value)
    except TemplateError as exc:
        problems.append(Problem(file, f"mẫu câu không hợp lệ: {exc}", column=where, value=value))
        return ""
    return nfc(value.strip())


def load_measures(scheme_or_path: str | Path) -> Measures:
    """The measures of a scheme by name ("tt01-2018", "qd766") or from a TOML file; every problem at once."""
    path = Path(scheme_or_path)
    if path.suffix == ".toml":
        file, text = str(path), path.read_text(encoding="utf-8-sig")
    else:
        source = resources.files("tthc_analysis") / "resources" / "measures" / f"{scheme_or_path}.toml"
        file = f"resources/measures/{scheme_or_path}.toml"
        if not source.is_file():
            raise ValidationError([Problem(file, f"không có tệp giải pháp cho bộ chỉ số “{scheme_or_path}”")])
        text = source.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError([Problem(file, f"không đọc được tệp giải pháp: {exc}")]) from exc

    problems: list[Problem] = []
    top = raw.get("top", 3)
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        problems.append(Problem(file, "phải là một số nguyên không âm", column="top", value=repr(top)))
        top = 3
    heading = _template(raw.get("heading"), "heading", file, problems)
    intro = _template(raw.get("intro"), "intro", file, problems)
    general = _texts(raw.get("general", []), "general", file, problems)
    table = raw.get("measures", {})
    by_key: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(table, dict):
        problems.append(Problem(file, "phải là các bảng [measures.<mã>]", column="measures", value=repr(table)))
        table = {}
    for key, entry in table.items():
        where = f"measures.{key}"
        if not isinstance(entry, dict) or "items" not in entry:
            problems.append(Problem(file, "phải là một bảng có danh sách items", column=where, value=repr(entry)))
            continue
        by_key.append((str(key), _texts(entry["items"], f"{where}.items", file, problems)))
    if problems:
        raise ValidationError(problems)
    return Measures(str(raw.get("scheme", "")), heading, intro, top, general, tuple(by_key), file)


def _values(units: str | None, body: str | None, next_year: int | None) -> dict[str, str]:
    return {"units": units or PLACEHOLDER, "body": body or PLACEHOLDER,
            "next_year": str(next_year) if next_year else PLACEHOLDER}  # fmt: skip


def section3_heading(measures: Measures, next_year: int | None) -> str:
    """The heading of Section III, from the file ("III. Phương hướng, giải pháp … năm 2022:")."""
    return _ENV.from_string(measures.heading).render(_values(None, None, next_year))


def chosen(lost: Sequence[tuple[str, str, Decimal]], top: int) -> list[tuple[str, str, Decimal]]:
    """The first ``top`` entries that lost points, and any tied with the last of them.

    ``lost`` is (key, name, points lost) ordered by points lost, most first, as the caller computed it.
    """
    losing = [entry for entry in lost if Decimal(entry[2]) > 0]
    if top == 0 or not losing:
        return []
    picked = losing[:top]
    threshold = Decimal(picked[-1][2])
    picked += [entry for entry in losing[top:] if Decimal(entry[2]) == threshold]
    return picked


def section3(
    lost: Sequence[tuple[str, str, Decimal]],
    measures: Measures,
    *,
    units: str | None = None,
    body: str | None = None,
    next_year: int | None = None,
    notes: str | None = None,
) -> list[str]:
    """The paragraphs of Section III (without its heading): intro, numbered measures, the analyst's notes.

    ``lost`` holds (key, name, points lost) for every criterion or group, most points lost first;
    ``units`` is the phrase for the units ("UBND các phường, xã"), ``body`` the issuing body,
    ``notes`` the metadata's ``[document] measures_notes``.
    """
    values = _values(units, body, next_year)
    items: list[str] = []
    for key, _name, _points in chosen(lost, measures.top):
        items += measures.for_key(str(key))
    items += measures.general
    seen: set[str] = set()
    unique = [i for i in items if not (i in seen or seen.add(i))]
    paragraphs = [_ENV.from_string(measures.intro).render(values)]
    paragraphs += [f"{n}. {_ENV.from_string(text).render(values)}" for n, text in enumerate(unique, 1)]
    return paragraphs + note_paragraphs(notes)
