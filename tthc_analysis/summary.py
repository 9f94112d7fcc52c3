"""The year in one call: read, validate, score and word a scores file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import SCORES_FILE, Metadata, ScoreTable, read_metadata, read_scores
from .narrative import section1
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .scoring import Summary, summarize

__all__ = ["YearResult", "analyse"]


@dataclass
class YearResult:
    """A validated table with its metadata, scheme, figures and Section I text."""

    table: ScoreTable
    metadata: Metadata
    scheme: Scheme
    summary: Summary
    section1: list[str]


def analyse(
    scores: str | Path,
    scheme: str | Scheme | None = None,
    metadata: str | Path | None = None,
    year: int | None = None,
) -> YearResult:
    """Analyse one scores file.

    ``scores`` is a CSV file or a year folder holding ``scores.csv``. Metadata comes from
    ``metadata`` if given, else from ``metadata.toml`` beside the scores (none is fine).
    The scheme is, in order: ``scheme`` if given, the metadata's, the default (TT 01/2018).
    ``year`` names the year in the text when the metadata does not.
    """
    path = Path(scores)
    if path.is_dir():
        path = path / SCORES_FILE
    meta = read_metadata(metadata if metadata is not None else path.parent)
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme or meta.scheme or DEFAULT_SCHEME)
    table = read_scores(path, scheme)
    summary = summarize(table)
    return YearResult(table, meta, scheme, summary, section1(summary, scheme, meta, year))
