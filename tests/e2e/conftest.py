"""Fixtures of the end-to-end tests: the 2021 sample document (see document_sample.py)."""

from __future__ import annotations

import tomllib

import pytest
from document_sample import DOCUMENT_2021, ROOT, sample_document

from tthc_analysis.render.document import OfficialDocument


@pytest.fixture(scope="session")
def metadata_2021() -> dict:
    raw = tomllib.loads((ROOT / "data/2021/metadata.toml").read_text(encoding="utf-8"))
    return {**raw, "document": dict(DOCUMENT_2021)}


@pytest.fixture(scope="session")
def document_2021(metadata_2021) -> OfficialDocument:
    return sample_document(metadata_2021)
