"""The facts of an official report (BÁO CÁO) in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I.

Parent body, issuing body, number, place and date, "Kính gửi", legal references, "Nơi nhận", the signer and
the drafting unit come from the year's ``metadata.toml``: a ``[document]`` table plus the top-level fields
``reporting_body``, ``recipient``, ``legal_references`` and ``locality`` that the report already reads.
Every field is type-checked and every problem is returned at once. What is not known becomes a dotted
placeholder that the official fills in by hand ("Số: ……/BC-UBND", "ngày … tháng … năm …"), never "KHÔNG RÕ".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.vietnamese import nfc

__all__ = [
    "DEFAULT_CODE",
    "DOCUMENT_FIELDS",
    "PLACEHOLDER",
    "DocumentFacts",
    "document_facts",
    "format_document_date",
    "format_short_date",
    "note_paragraphs",
    "parse_document_facts",
]

# A gap an official fills in by hand (two "…" as official templates print it).
PLACEHOLDER = "……"
# The document code of a report issued by a People's Committee (NĐ 30, Phụ lục III: BC = báo cáo).
DEFAULT_CODE = "BC-UBND"

# Keys of the [document] table and what each must be: "text", "lines" (a list of texts) or "date".
DOCUMENT_FIELDS: dict[str, str] = {
    "parent_body": "text",
    "issuing_body": "text",
    "number": "number",
    "code": "text",
    "place": "text",
    "date": "date",
    "recipients": "lines",
    "opening_references": "lines",
    "distribution": "lines",
    "signer_authority": "lines",
    "signer_title": "text",
    "signer_name": "text",
    "drafting_unit": "text",
    "summary": "text",
    "assessment_notes": "text",
    "measures_notes": "text",
}
# Top-level metadata fields this module also reads.
_TOP_FIELDS = {"reporting_body": "text", "recipient": "text", "legal_references": "lines", "locality": "text"}

_EXPECTED = {
    "text": "một chuỗi văn bản không rỗng",
    "lines": "một danh sách các chuỗi văn bản không rỗng",
    "date": "một ngày dạng 2022-01-05 (năm-tháng-ngày)",
    "number": "một số nguyên dương hoặc một chuỗi như “05”",
}


def format_document_date(day: _dt.date | None, place: str | None = None) -> str:
    """Place and date as NĐ 30 writes them: "Đà Lạt, ngày 05 tháng 01 năm 2022".

    Days under 10 and the months 1 and 2 take a leading zero; other months do not ("tháng 3").
    An unknown part is left as a gap to fill in.

    >>> format_document_date(_dt.date(2022, 1, 5), "Đà Lạt")
    'Đà Lạt, ngày 05 tháng 01 năm 2022'
    >>> format_document_date(_dt.date(2022, 3, 15), "Đà Lạt")
    'Đà Lạt, ngày 15 tháng 3 năm 2022'
    >>> format_document_date(None)
    '……, ngày … tháng … năm …'
    """
    where = place or PLACEHOLDER
    if day is None:
        return f"{where}, ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_short_date(day: _dt.date | None) -> str:
    """The short form used inside a sentence: "05/01/2022" (a gap when unknown)."""
    return "…/…/…" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def note_paragraphs(text: str | None) -> list[str]:
    """An analyst's note split into paragraphs at blank lines; inner line breaks join with a space.

    >>> note_paragraphs("Một.\\n\\nHai,\\nba.")
    ['Một.', 'Hai, ba.']
    """
    if not text:
        return []
    blocks = [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in text.split("\n\n")]
    return [nfc(b) for b in blocks if b]


def _item(text: str) -> str:
    """A list entry without the dash and the final punctuation the layout adds."""
    return text.strip().removeprefix("-").strip().rstrip(";.").strip()


@dataclass(frozen=True)
class DocumentFacts:
    """Who issues the report, to whom, under which number and date, and who signs it. None means unknown."""

    parent_body: str | None = None
    issuing_body: str | None = None
    reporting_body: str | None = None
    number: str | None = None
    code: str = DEFAULT_CODE
    place: str | None = None
    date: _dt.date | None = None
    recipients: tuple[str, ...] = ()
    legal_references: tuple[str, ...] = ()
    opening_references: tuple[str, ...] = ()
    distribution: tuple[str, ...] = ()
    signer_authority: tuple[str, ...] = ()
    signer_title: str | None = None
    signer_name: str | None = None
    drafting_unit: str | None = None
    summary: str | None = None
    locality: str | None = None
    assessment_notes: str | None = None
    measures_notes: str | None = None

    # --- header -------------------------------------------------------------------------------------
    def parent_line(self) -> str:
        """The parent body in capitals (left column, first line)."""
        return (self.parent_body or PLACEHOLDER).upper()

    def issuing_lines(self) -> list[str]:
        """The issuing body in capitals, one entry per line (a newline in the metadata breaks the line)."""
        body = self.issuing_body or self.reporting_body
        if not body:
            return [PLACEHOLDER]
        return [line.strip().upper() for line in body.split("\n") if line.strip()]

    def number_text(self) -> str:
        """The number and code as they follow "Số": "05/BC-UBND" or "……/BC-UBND"."""
        return f"{self.number or PLACEHOLDER}/{self.code}"

    def number_line(self) -> str:
        return f"Số: {self.number_text()}"

    def place_date_line(self) -> str:
        return format_document_date(self.date, self.place)

    def summary_line(self, default: str | None = None) -> str:
        """The trích yếu: the metadata's own wording, else the given default, else a gap."""
        return self.summary or default or PLACEHOLDER

    def recipient_lines(self) -> list[str]:
        """ "Kính gửi: X" for one recipient; a heading and one "- X;" line each for several."""
        if len(self.recipients) <= 1:
            return [f"Kính gửi: {self.recipients[0] if self.recipients else PLACEHOLDER}"]
        items = [_item(r) for r in self.recipients]
        return ["Kính gửi:"] + [f"- {r}{'.' if i == len(items) - 1 else ';'}" for i, r in enumerate(items)]

    # --- body ---------------------------------------------------------------------------------------
    def body_name(self) -> str:
        """The issuing body as it is named inside a sentence ("UBND thành phố Đà Lạt")."""
        return self.reporting_body or (self.issuing_body or "").replace("\n", " ").strip() or PLACEHOLDER

    def opening(self, subject: str) -> list[str]:
        """The opening: "Thực hiện <references>," then "<body> báo cáo <subject> như sau:".

        ``subject`` is what is reported, e.g. "kết quả đánh giá, xếp hạng việc giải quyết TTHC năm 2021 tại
        UBND các phường, xã". The references are ``opening_references`` if given, else the legal references.
        """
        references = [_item(r) for r in (self.opening_references or self.legal_references)]
        paragraphs = [f"Thực hiện {'; '.join(references)},"] if references else []
        paragraphs.append(f"{self.body_name()} báo cáo {subject} như sau:")
        return paragraphs

    def closing(self, subject: str) -> str:
        """ "Trên đây là báo cáo <subject>, <body> báo cáo <recipient> theo dõi, tổng hợp."."""
        to = ", ".join(_item(r) for r in self.recipients) if self.recipients else PLACEHOLDER
        return f"Trên đây là báo cáo {subject}, {self.body_name()} báo cáo {to} theo dõi, tổng hợp."

    def assessment_paragraphs(self) -> list[str]:
        """The analyst's own Section II text (causes, context the data cannot show), one entry per paragraph."""
        return note_paragraphs(self.assessment_notes)

    def measures_paragraphs(self) -> list[str]:
        """The analyst's own Section III text, one entry per paragraph."""
        return note_paragraphs(self.measures_notes)

    # --- footer -------------------------------------------------------------------------------------
    def distribution_lines(self) -> list[str]:
        """The "Nơi nhận" list: "- Như trên;" … ending "- Lưu: VT, <unit>."."""
        items = [_item(d) for d in self.distribution] or ["Như trên"]
        items = [i for i in items if not i.lower().startswith("lưu:")]
        lines = [f"- {i};" for i in items]
        lines.append(f"- Lưu: VT, {self.drafting_unit or PLACEHOLDER}.")
        return lines

    def signer_lines(self) -> tuple[list[str], str]:
        """(authority and title lines in capitals, the name): the name is a gap when unknown."""
        lines = [a.strip().upper() for a in self.signer_authority]
        if self.signer_title:
            lines.append(self.signer_title.strip().upper())
        return (lines or [PLACEHOLDER]), (self.signer_name or PLACEHOLDER)

    def reference_line(self) -> str:
        """The appendix's reference: "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2022 của UBND thành phố Đà Lạt)"."""
        day = format_short_date(self.date) if self.date else PLACEHOLDER
        return f"(Kèm theo Báo cáo số {self.number_text()} ngày {day} của {self.body_name()})"


def _check(value: Any, kind: str) -> Any:
    """The value converted to its kind, or raise TypeError/ValueError."""
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise TypeError
        return nfc(value.strip())
    if kind == "lines":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise TypeError
        return tuple(nfc(v.strip()) for v in value)
    if kind == "date":
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            return _dt.date.fromisoformat(value.strip())
        raise TypeError
    if kind == "number":
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, int):
            if value <= 0:
                raise ValueError
            return f"{value:02d}"
        if isinstance(value, str) and value.strip():
            text = value.strip()
            return f"{int(text):02d}" if text.isdigit() and int(text) > 0 else nfc(text)
        raise TypeError
    raise AssertionError(kind)


def parse_document_facts(
    metadata: Mapping[str, Any], file: str = "metadata.toml"
) -> tuple[DocumentFacts, list[Problem]]:
    """The facts from a metadata mapping and every problem found; a field with a problem is left unknown."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def take(source: Mapping[str, Any], key: str, kind: str, column: str) -> None:
        if key not in source or (isinstance(source[key], str) and not source[key].strip()) or source[key] == []:
            return  # left out or left empty: unknown, a gap in the document
        try:
            values[key] = _check(source[key], kind)
        except (TypeError, ValueError):
            problems.append(Problem(file, f"phải là {_EXPECTED[kind]}", column=column, value=repr(source[key])))

    for key, kind in _TOP_FIELDS.items():
        take(metadata, key, kind, key)
    table = metadata.get("document", {})
    if not isinstance(table, Mapping):
        problems.append(Problem(file, "phải là một bảng [document]", column="document", value=repr(table)))
        table = {}
    for key, value in table.items():
        if key not in DOCUMENT_FIELDS:
            allowed = ", ".join(DOCUMENT_FIELDS)
            problems.append(Problem(file, f"khóa không được hỗ trợ trong [document]; các khóa hợp lệ: {allowed}",
                                    column=f"document.{key}", value=repr(value)))  # fmt: skip
    for key, kind in DOCUMENT_FIELDS.items():
        take(table, key, kind, f"document.{key}")

    recipients = values.pop("recipients", None)
    recipient = values.pop("recipient", None)
    facts = DocumentFacts(
        recipients=recipients if recipients is not None else ((recipient,) if recipient else ()),
        **values,
    )
    return facts, problems


def document_facts(metadata: Mapping[str, Any], file: str = "metadata.toml") -> DocumentFacts:
    """The facts from a metadata mapping; raises ValidationError naming every problem at once."""
    facts, problems = parse_document_facts(metadata, file)
    if problems:
        raise ValidationError(problems)
    return facts
