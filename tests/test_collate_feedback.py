"""Young people's feedback everywhere a coordinator looks: its own CSV, the report and the REFI-QDA project."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from kit.cli import main
from kit.collate import Collation, collate
from kit.collate.exports import FEEDBACK_COLUMNS, QDA_NS, write_feedback_csv, write_qdpx
from kit.printables import report
from kit.store import (
    add_output,
    create_session,
    hash_token,
    issue_sheets,
    record_feedback,
    record_response,
    withdraw_output,
)

SCHEMA = Path(__file__).parent / "data" / "refi-qda" / "Project.xsd"
NS = {"q": QDA_NS}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """One session: three outputs on the sheet, three sheets issued, two returned (one with only a comment)."""
    path = create_session(tmp_path / "in", "Sheets back", ["body-map"], date="2026-03-14", session_id="s-fb")
    outs = [add_output(path, "body-map", f"Point {n}", principles=[12])[0] for n in ("one", "two", "three")]
    for output in outs:
        record_response(path, output.id, "acted", "Done")
    sheets = issue_sheets(path, 3)
    answers = {outs[0].id: "yes", outs[1].id: "no", outs[2].id: "partly"}
    record_feedback(path, hash_token(sheets[0].token), answers, "=Thank you, call me on 07700 900123")
    record_feedback(path, hash_token(sheets[1].token), {}, "شكرا لكم على الاستماع")
    withdraw_output(path, outs[1].id)  # its answers leave every count and row
    return tmp_path / "in"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_feedback_csv_has_a_row_per_answered_item_with_the_scrubbed_comment(folder: Path, tmp_path: Path) -> None:
    collation = collate([folder])
    assert write_feedback_csv(collation, tmp_path / "fb.csv") == 3
    rows = read_rows(tmp_path / "fb.csv")
    assert list(rows[0]) == list(FEEDBACK_COLUMNS)
    assert [(r["sheet"], r["item"], r["answer"]) for r in rows] == [
        ("1", "1", "yes"),
        ("1", "3", "partly"),
        ("2", "", ""),
    ]
    first = rows[0]["comment"]
    assert first.startswith("'=Thank you") and "07700" not in first and "900123" not in first  # scrubbed, neutralised
    assert rows[2]["comment"] == "شكرا لكم على الاستماع" and rows[2]["output"] == ""
    [log] = collation.logs()
    assert [r["output"] for r in rows[:2]] == [log.outputs[0].id, log.outputs[1].id]
    assert {r["session"] for r in rows} == {"s-fb"} and all(len(r["date"]) == 10 for r in rows)


def test_report_has_a_section_of_comments(folder: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    report.write_report(collate([folder]), tmp_path / "r.pdf")
    pages = [page.extract_text() for page in pypdf.PdfReader(str(tmp_path / "r.pdf")).pages]
    last = " ".join(pages[-1].split())
    assert "What young people wrote back" in last and "Thank you" in last and "sheet 2" in last
    assert "07700" not in " ".join(pages)


def comment_source(collation: Collation, out: Path) -> tuple[ET.Element, str]:
    write_qdpx(collation, out)
    archive = zipfile.ZipFile(out)
    root = ET.fromstring(archive.read("project.qde"))
    [source] = [s for s in root.iterfind("q:Sources/q:TextSource", NS) if "comments" in s.get("name", "")]
    text = archive.read("sources/" + source.get("plainTextPath", "").removeprefix("internal://")).decode("utf-8")
    return source, text


def test_qdpx_carries_the_comments_as_a_source_per_session(folder: Path, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    collation = collate([folder])
    source, text = comment_source(collation, tmp_path / "p.qdpx")
    xmlschema.XMLSchema(str(SCHEMA)).validate(zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde").decode())
    selections = source.findall("q:PlainTextSelection", NS)
    said = [text[int(s.get("startPosition", "")) : int(s.get("endPosition", ""))] for s in selections]
    comments = [f.comment for f in collation.logs()[0].feedback]
    assert said == comments and said[1] == "شكرا لكم على الاستماع"
    assert [s.get("name") for s in selections] == ["sheet 1", "sheet 2"]


def test_collate_cli_writes_the_feedback_csv(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fb.csv"
    assert main(["collate", str(folder), "--quiet", "--feedback-csv", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert len(read_rows(out)) == 3
    assert main(["collate", str(folder), "--quiet", "--feedback-csv", str(out)]) == 1  # never overwritten
    assert "already exists" in capsys.readouterr().err
