"""`codesign-kit collate`: summary printed, exports written, problems reported, nothing overwritten."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from kit.cli import main
from kit.store import add_output, create_session, edit_output, record_response


@pytest.fixture
def laptops(tmp_path: Path) -> Path:
    """Two laptops' folders holding copies of one session (edited on both) and a damaged file."""
    a = create_session(tmp_path / "in" / "a", "First week", ["body-map"], date="2026-03-14", session_id="s-one")
    first = add_output(a, "body-map", "A safe place to sleep", principles=[6], themes=["safety"])[0]
    add_output(a, "body-map", "Being asked, not told", principles=[12], themes=["participation"])
    record_response(a, first.id, "acted", "One placement for the first month")
    b = Path(shutil.copy(a, (tmp_path / "in" / "b").mkdir(parents=True) or tmp_path / "in" / "b" / a.name))
    edit_output(a, first.id, text="Edited on A")
    edit_output(b, first.id, text="Edited on B")
    (tmp_path / "in" / "b" / "broken.json").write_text("{not json", encoding="utf-8")
    return tmp_path / "in"


def test_collate_prints_the_summary_and_writes_every_export(
    laptops: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = ["collate", str(laptops), "--csv", str(out / "a.csv"), "--json", str(out / "a.json")]
    argv += ["--report", str(out / "a.pdf"), "--qdpx", str(out / "a.qdpx")]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert "1 session from 3 files, 2 outputs" in printed.out
    assert "with a 'what happened': 1 (50%)" in printed.out
    assert "Art. 6 Life, survival and development" in printed.out and "Safety" in printed.out
    assert "broken.json" in printed.err and "skipped" in printed.err
    assert "conflict" in printed.err and "Edited" not in printed.err  # ids and times, never the texts
    with open(out / "a.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["text"] for r in rows] == ["Edited on B", "Being asked, not told"]
    assert (out / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert "project.qde" in zipfile.ZipFile(out / "a.qdpx").namelist()
    assert '"s-one"' in (out / "a.json").read_text(encoding="utf-8")


def test_collate_refuses_to_overwrite_before_doing_any_work(
    laptops: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "keep.csv"
    existing.write_text("precious", encoding="utf-8")
    assert main(["collate", str(laptops), "--csv", str(existing)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--overwrite" in err and len(err.strip().splitlines()) == 1
    assert existing.read_text(encoding="utf-8") == "precious"
    assert main(["collate", str(laptops), "--quiet", "--csv", str(existing), "--overwrite"]) == 0
    assert existing.read_text(encoding="utf-8-sig").startswith("session,")


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--report", "report.txt"], ".pdf"),
        (["--csv", "same.out", "--json", "same.out"], "same file"),
        (["--csv", "no/such/folder/x.csv"], "does not exist"),
    ],
)
def test_collate_bad_targets_are_one_line_errors(
    laptops: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(laptops.parent)
    assert main(["collate", str(laptops), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_collate_of_a_missing_path_exits_non_zero_in_one_line(
    laptops: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["collate", str(laptops), str(tmp_path / "nowhere"), "--csv", str(out)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "nowhere" in line and "check the path" in line and "Traceback" not in line
    assert not out.exists()


def test_collate_of_a_folder_without_session_files_exits_non_zero_in_one_line(
    laptops: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a session", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["collate", str(laptops), str(tmp_path / "empty"), "--quiet", "--csv", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"codesign-kit: {tmp_path / 'empty'}: no session file or collation export")
    assert not out.exists()
    assert main(["collate", str(tmp_path / "empty"), "--quiet"]) == 1


def test_collate_raw_keeps_formulas_and_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = create_session(tmp_path / "in", "Formulas", ["body-map"], date="2026-03-14", session_id="s-f")
    add_output(path, "body-map", "=1+1", principles=[12])
    assert main(["collate", str(path), "--quiet", "--csv", str(tmp_path / "safe.csv")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["collate", str(path), "--quiet", "--raw", "--csv", str(tmp_path / "raw.csv")]) == 0
    [warning] = capsys.readouterr().err.strip().splitlines()
    assert warning.startswith("warning: --raw") and "formulas" in warning
    safe = (tmp_path / "safe.csv").read_text(encoding="utf-8-sig")
    raw = (tmp_path / "raw.csv").read_text(encoding="utf-8-sig")
    assert ",'=1+1," in safe and ",=1+1," in raw
