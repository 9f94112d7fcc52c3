"""Metadata validated like scores (issue 14): every field's type at load, every problem at once, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tthc_analysis import tomltext
from tthc_analysis.cli import main
from tthc_analysis.errors import ValidationError
from tthc_analysis.pipeline import analyse
from tthc_analysis.read.metadata import read_metadata
from tthc_analysis.registry.load import load_registry

SMALL = Path(__file__).parents[1] / "fixtures" / "small" / "2024" / "scores.csv"
SCHEMES = Path(__file__).parents[2] / "tthc_analysis" / "resources" / "schemes"

WRONG = """\
locality = 123
notes = 2022-01-01
source = ["a", "b"]
status = []
scheme = 5
legal_references = [1, 2]
level = {a = 1}
[document]
date = "hôm qua"
"""


def year_folder(tmp_path: Path, metadata: str) -> Path:
    folder = tmp_path / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SMALL, folder / "scores.csv")
    (folder / "metadata.toml").write_text(metadata, encoding="utf-8")
    return folder


def test_every_wrong_type_listed_at_once_with_exit_2(tmp_path, capsys):
    folder = year_folder(tmp_path, WRONG)
    assert main(["summary", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "phát hiện 8 lỗi" in err
    for field in ("locality", "notes", "source", "status", "scheme", "legal_references", "level", "document.date"):
        assert f"cột “{field}”" in err
    assert "Traceback" not in err


def test_one_reference_as_a_string_is_a_list_of_one(tmp_path):
    folder = year_folder(tmp_path, 'legal_references = "Thông tư số 01/2018/TT-VPCP"\n')
    assert read_metadata(folder).extra["legal_references"] == ["Thông tư số 01/2018/TT-VPCP"]


def test_relative_scheme_path_is_taken_from_the_metadata_folder(tmp_path, monkeypatch):
    (tmp_path / "bo").mkdir()
    shutil.copy(SCHEMES / "tt01-2018.toml", tmp_path / "bo" / "rieng.toml")
    folder = year_folder(tmp_path, 'scheme = "../bo/rieng.toml"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert read_metadata(folder).scheme == str((tmp_path / "bo" / "rieng.toml").resolve())
    assert len(analyse(folder / "scores.csv").summary.ranking) > 0


def test_missing_scheme_file_named_with_the_rule(tmp_path):
    folder = year_folder(tmp_path, 'scheme = "khong-co.toml"\n')
    with pytest.raises(ValidationError, match="tính từ thư mục của tệp thông tin năm"):
        read_metadata(folder)


DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"


def test_deep_metadata_refused_cleanly(tmp_path):
    with pytest.raises(ValidationError, match="quá sâu"):
        read_metadata(year_folder(tmp_path, DEEP))


def test_deep_registry_refused_cleanly(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(ValidationError, match="quá sâu"):
        load_registry(path)


def test_deep_inline_tables_refused_cleanly(tmp_path):
    with pytest.raises(ValidationError, match="quá sâu"):
        read_metadata(year_folder(tmp_path, "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n"))


def test_huge_metadata_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(tomltext, "MAX_TOML_BYTES", 1000)
    with pytest.raises(ValidationError, match="quá lớn"):
        read_metadata(year_folder(tmp_path, "notes = '" + "x" * 2000 + "'\n"))


def test_sound_metadata_still_reads(tmp_path):
    meta = read_metadata(year_folder(tmp_path, 'locality = "thành phố Đà Lạt"\nstatus = "official"\nyear = 2024\n'))
    assert (meta.locality, meta.status, meta.year) == ("thành phố Đà Lạt", "official", 2024)
