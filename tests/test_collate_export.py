"""Collation exports: CSV round trip, JSON content and order, REFI-QDA project valid and exact."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.collate import Collation, collate
from kit.collate.exports import (
    CSV_COLUMNS,
    QDA_NS,
    check_target,
    csv_line,
    looks_like_number,
    neutralise,
    write_csv,
    write_feedback_csv,
    write_json,
    write_qdpx,
)
from kit.errors import InputError
from kit.store import (
    add_output,
    add_outputs,
    create_session,
    hash_token,
    issue_sheets,
    load_session,
    record_feedback,
    record_response,
    withdraw_output,
)

SCHEMA = Path(__file__).parent / "data" / "refi-qda" / "Project.xsd"
NS = {"q": QDA_NS}
TRICKY = [
    'She said "no, not yet", then left',
    "Line one\nline two, with a comma",
    "مكان آمن للنوم، وشخص يصدقك",
    "ቦታ ውሑስ ንምድቃስ፣ ዝኣምነካ ሰብ",
    "Plain words",
    "=SUM(A1) looks like a formula",
    "-> passed to the housing team",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_shown(text: str) -> str:
    """What a double-clicked CSV should hold: a formula-like start gets a leading quote, nothing else changes."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def stored_texts(collation: Collation, session_id: str) -> list[str]:
    """The texts as stored (after the scrubber), so the tests do not depend on what it removes."""
    [log] = [log for log in collation.logs() if log.session.id == session_id]
    return [o.text for o in log.outputs]


@pytest.fixture
def collation(tmp_path: Path) -> Collation:
    """Two sessions with tricky texts, responses and feedback, one of them copied to a second laptop."""
    first = create_session(tmp_path / "a", 'Week "one", group B', ["body-map"], date="2026-03-14", session_id="s-one")
    outs = [
        add_output(first, "body-map", text, principles=[2 + 10 * (i % 2)], themes=["trust"] if i % 2 else [])[0]
        for i, text in enumerate(TRICKY)
    ]
    record_response(first, outs[0].id, "acted", 'Fixed, "properly"\nand told the group')
    record_response(first, outs[2].id, "not-possible", "لا يمكن الآن، لكننا نحاول", on_sheet=False)
    sheet = issue_sheets(first, 2)
    record_feedback(first, hash_token(sheet[0].token), {outs[0].id: "partly"})
    record_feedback(first, hash_token(sheet[1].token), {outs[0].id: "yes"})
    second = create_session(tmp_path / "b", "Second", ["body-map"], date="2026-02-01", session_id="s-two")
    add_output(second, "body-map", "An interpreter who speaks my dialect", principles=[2, 12], themes=["interpreters"])
    shutil.copy(first, tmp_path / "b" / first.name)
    return collate([tmp_path / "a", tmp_path / "b"])


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_round_trips_every_field_through_the_csv_module(collation: Collation, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert write_csv(collation, out) == len(TRICKY) + 1
    assert out.read_bytes().startswith("\ufeff".encode())
    rows = read_csv(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["session"] for r in rows] == ["s-two"] + ["s-one"] * len(TRICKY)  # oldest session first
    stored = stored_texts(collation, "s-one")
    assert [r["text"] for r in rows[1:]] == [as_shown(t) for t in stored]
    assert any(t.startswith("=") for t in stored) and any(t.startswith("-") for t in stored)
    for log in collation.logs():
        for output in log.outputs:
            [row] = [r for r in rows if r["output"] == output.id]
            assert row["session"] == log.session.id and row["title"] == as_shown(log.session.title)
            assert row["date"] == log.session.date and row["activity"] == output.activity
            response = log.responses.get(output.id)
            assert row["status"] == (response.status_label if response else "")
            assert row["what_happened"] == (response.text if response else "")
    first = rows[1]
    assert first["title"] == 'Week "one", group B'
    assert first["principles"] == "Art. 2 Non-discrimination"
    assert first["what_happened"] == 'Fixed, "properly"\nand told the group'
    assert (first["status"], first["on_sheet"], first["yes"], first["partly"], first["no"]) == (
        "Acted on",
        "yes",
        "1",
        "1",
        "0",
    )
    assert rows[2]["themes"] == "Trust" and rows[2]["principles"] == "Art. 12 The right to be heard"
    assert (rows[3]["status"], rows[3]["on_sheet"]) == ("Not possible", "no")
    assert rows[0]["principles"] == "Art. 2 Non-discrimination; Art. 12 The right to be heard"


def test_csv_neutralises_every_cell_a_spreadsheet_would_run_unless_raw(tmp_path: Path) -> None:
    path = create_session(tmp_path / "in", "=cmd|' /C calc'!A0", ["body-map"], date="2026-03-14", session_id="s-f")
    risky = ["=1+1", "+1 more room", "-> passed on", "@ the drop-in", "\tindented", "a = b", "'quoted'"]
    outs = [add_output(path, "body-map", text, principles=[12])[0] for text in risky]
    record_response(path, outs[0].id, "acted", "-> told the manager")
    collation = collate([path])
    stored = stored_texts(collation, "s-f")
    assert [t[:1] for t in stored[:5]] == ["=", "+", "-", "@", "\t"]  # the scrubber kept the starts
    write_csv(collation, tmp_path / "safe.csv")
    rows = read_csv(tmp_path / "safe.csv")
    assert [r["text"] for r in rows] == ["'" + t for t in stored[:5]] + stored[5:]
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["what_happened"] == "'-> told the manager"
    for row in rows:
        assert not any(value.startswith(FORMULA_STARTS) for value in row.values())
    write_csv(collation, tmp_path / "raw.csv", raw=True)
    raw = read_csv(tmp_path / "raw.csv")
    assert [r["text"] for r in raw] == stored and raw[0]["title"] == "=cmd|' /C calc'!A0"
    assert neutralise("\rreturn") == "'\rreturn" and neutralise("x=1") == "x=1"  # a stored \r (older kits)


def test_csv_neutralises_ids_and_dates_from_a_hand_edited_file_too(tmp_path: Path) -> None:
    path = create_session(tmp_path / "in", "Edited by hand", ["body-map"], date="2026-03-14", session_id="s-h")
    output = add_output(path, "body-map", "Said", principles=[12])[0]
    record_response(path, output.id, "acted", "Done")
    sheet = issue_sheets(path, 1)[0]
    record_feedback(path, hash_token(sheet.token), {output.id: "yes"}, "=comment")
    data = json.loads(path.read_text(encoding="utf-8"))
    crafted = '=HYPERLINK("x","y")'
    data["session"]["1"].update(id="-session", date="@date")
    data["outputs"]["1"]["id"] = data["responses"]["1"]["output"] = crafted
    data["tickets"]["1"]["items"] = [crafted]
    data["feedback"]["1"]["answers"] = {crafted: "yes"}
    path.write_text(json.dumps(data), encoding="utf-8")
    collation = collate([path])
    write_csv(collation, tmp_path / "out.csv")
    write_feedback_csv(collation, tmp_path / "feedback.csv")
    [row] = read_csv(tmp_path / "out.csv")
    assert (row["session"], row["date"], row["output"]) == ("'-session", "'@date", "'" + crafted)
    assert (row["what_happened"], row["yes"]) == ("Done", "1")
    [answer] = read_csv(tmp_path / "feedback.csv")
    assert (answer["session"], answer["output"], answer["comment"]) == ("'-session", "'" + crafted, "'=comment")
    write_csv(collation, tmp_path / "raw.csv", raw=True)
    assert read_csv(tmp_path / "raw.csv")[0]["output"] == crafted


def test_new_output_ids_are_never_read_as_numbers(tmp_path: Path) -> None:
    path = create_session(tmp_path, "Ids", ["body-map"], date="2026-03-14")
    outputs = [o for o, _ in add_outputs(path, "body-map", [f"Point {i}" for i in range(400)], principles=[12])]
    assert len({o.id for o in outputs}) == 400
    for output in outputs:
        assert not looks_like_number(output.id) and re.search("[a-df]", output.id), output.id
    assert looks_like_number("32e10120") and looks_like_number("12345678") and not looks_like_number("32e1012a")


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_csv_lines_are_exactly_what_the_csv_module_writes(fields: list[str]) -> None:
    expected = io.StringIO()
    csv.writer(expected).writerow(fields)
    assert csv_line(fields) == expected.getvalue()


def test_json_holds_the_merged_sessions_in_a_stable_order(collation: Collation, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    write_json(collation, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["session"]["id"] for s in data["sessions"]] == ["s-two", "s-one"]
    one = data["sessions"][1]
    assert [o["text"] for o in one["outputs"]] == stored_texts(collation, "s-one")  # JSON: exactly as stored
    assert one["outputs"][0]["response"]["status"] == "acted"
    assert one["outputs"][0]["feedback"] == {"yes": 1, "partly": 1, "no": 0}
    assert one["sheets_issued"] == 2 and len(one["feedback"]) == 2
    assert data["conflicts"] == [] and data["files_read"] == 3
    again = tmp_path / "again.json"
    write_json(collate([tmp_path / "b", tmp_path / "a"]), again)
    assert again.read_bytes() == out.read_bytes()


def test_json_sessions_are_what_show_json_prints_for_a_single_copy(tmp_path: Path) -> None:
    path = create_session(tmp_path / "one", "Only copy", ["body-map"], date="2026-03-14", session_id="s-x")
    first = add_output(path, "body-map", 'Words, "quoted"', principles=[3], themes=["trust"])[0]
    gone = add_output(path, "body-map", "Taken back", principles=[12])[0]
    record_response(path, first.id, "passed-on", "Sent on")
    sheet = issue_sheets(path, 2)[0]
    record_feedback(path, hash_token(sheet.token), {first.id: "yes"}, "Thank you")
    withdraw_output(path, gone.id)
    write_json(collate([path]), tmp_path / "out.json")
    [session] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["sessions"]
    for_merging = session.pop("for_merging")
    assert session == json.loads(json.dumps(load_session(path).to_json()))
    assert [o["id"] for o in for_merging["withdrawn"]] == [gone.id] and len(for_merging["tickets"]) == 2


def qde(path: Path) -> tuple[str, zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    return archive.read("project.qde").decode("utf-8"), archive


def test_qdpx_is_a_valid_refi_qda_project(collation: Collation, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    out = tmp_path / "out.qdpx"
    write_qdpx(collation, out)
    xml, _ = qde(out)
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml)
    root = ET.fromstring(xml)
    assert root.tag == f"{{{QDA_NS}}}Project"
    names = [c.get("name") for c in root.iterfind("q:CodeBook/q:Codes/q:Code", NS)]
    assert names[:4] == [
        "Art. 2 Non-discrimination",
        "Art. 3 Best interests",
        "Art. 6 Life, survival and development",
        "Art. 12 The right to be heard",
    ]
    assert "Theme: Trust" in names and "Theme: Interpreters" in names


def test_qdpx_selections_point_at_exactly_each_output(collation: Collation, tmp_path: Path) -> None:
    out = tmp_path / "out.qdpx"
    write_qdpx(collation, out)
    xml, archive = qde(out)
    root = ET.fromstring(xml)
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{{{QDA_NS}}}Code")}
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(collation.logs()) == 2
    for log, source in zip(collation.logs(), sources, strict=True):
        path = source.get("plainTextPath", "")
        assert path.startswith("internal://") and source.find("q:PlainTextContent", NS) is None
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        selections = source.findall("q:PlainTextSelection", NS)
        assert len(selections) == len(log.outputs)
        for output, selection in zip(log.outputs, selections, strict=True):
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            assert text[start:end] == output.text
            coded = {codes[ref.get("targetGUID")] for ref in selection.iterfind("q:Coding/q:CodeRef", NS)}
            expected = {n for n in codes.values() if any(n.startswith(f"Art. {p} ") for p in output.principles)}
            expected |= {"Theme: Trust" for t in output.themes if t == "trust"}
            expected |= {"Theme: Interpreters" for t in output.themes if t == "interpreters"}
            assert coded == expected


def test_qdpx_is_the_same_bytes_each_time(collation: Collation, tmp_path: Path) -> None:
    write_qdpx(collation, tmp_path / "one.qdpx")
    write_qdpx(collate([tmp_path / "b", tmp_path / "a"]), tmp_path / "two.qdpx")
    assert (tmp_path / "one.qdpx").read_bytes() == (tmp_path / "two.qdpx").read_bytes()


def test_qdpx_of_nothing_is_still_valid(tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    write_qdpx(collate([]), tmp_path / "empty.qdpx")
    xmlschema.XMLSchema(str(SCHEMA)).validate(qde(tmp_path / "empty.qdpx")[0])


def test_exports_never_overwrite_unless_asked(tmp_path: Path) -> None:
    existing = tmp_path / "out.csv"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="already exists"):
        check_target(existing)
    check_target(existing, overwrite=True)
    with pytest.raises(InputError, match="does not exist"):
        check_target(tmp_path / "nowhere" / "out.csv")
    with pytest.raises(InputError, match="folder"):
        check_target(tmp_path)
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_overwrite_never_replaces_a_session_log(tmp_path: Path) -> None:
    from kit.store import create_session

    session = create_session(tmp_path, "Ours", ["body-map"], date="2026-03-14")
    before = session.read_bytes()
    with pytest.raises(InputError, match="is a session log"):
        check_target(session, overwrite=True)
    assert session.read_bytes() == before


def test_qdpx_source_names_are_safe_file_names(tmp_path: Path) -> None:
    title = 'Week 1/2: "safe" <places>? A\\B|C*  🙂 مكان آمن ' + "long " * 30
    path = create_session(tmp_path / "in", title, ["body-map"], date="2026-03-14", session_id="s-name")
    add_output(path, "body-map", "Words", principles=[12])
    write_qdpx(collate([path]), tmp_path / "p.qdpx")
    root = ET.fromstring(zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde"))
    [source] = root.findall("q:Sources/q:TextSource", NS)
    name = source.get("name", "")
    assert not set('/\\:*?"<>|') & set(name) and "  " not in name and name == name.strip(" .")
    assert name.startswith("2026-03-14 Week 1-2- -safe- -places- A-B-C- 🙂 مكان آمن long")
    assert name.endswith("(s-name)") and len(name.encode("utf-8")) < 200


def test_qdpx_positions_count_unicode_code_points_through_emoji_and_arabic(tmp_path: Path) -> None:
    """The unit QualCoder's importer slices by (Python str indices), so each coded text is exact there."""
    xmlschema = pytest.importorskip("xmlschema")
    path = create_session(tmp_path / "in", "Emoji 🙂 and Arabic", ["body-map"], date="2026-03-14", session_id="s-u")
    texts = ["Safe 🙂🙂 here", "مكان آمن 👍🏽 للنوم، وشخص يصدقك", "After the emoji", "ቦታ ውሑስ"]
    for text in texts:
        add_output(path, "body-map", text, principles=[12])
    write_qdpx(collate([path]), tmp_path / "u.qdpx")
    archive = zipfile.ZipFile(tmp_path / "u.qdpx")
    xml = archive.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml)
    [source] = ET.fromstring(xml).findall("q:Sources/q:TextSource", NS)
    raw = archive.read("sources/" + source.get("plainTextPath", "").removeprefix("internal://"))
    text = raw.decode("utf-8")  # no BOM, "\n" line ends: positions need no adjustment
    spans = [
        (int(s.get("startPosition", "")), int(s.get("endPosition", "")))
        for s in source.iter(f"{{{QDA_NS}}}PlainTextSelection")
    ]
    assert [text[a:b] for a, b in spans] == texts
    utf16 = text.encode("utf-16-le")
    assert utf16[spans[2][0] * 2 : spans[2][1] * 2].decode("utf-16-le") != "After the emoji"  # the unit matters
