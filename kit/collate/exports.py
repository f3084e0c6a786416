"""Exports of a collation: CSV for spreadsheets, JSON for scripts, a REFI-QDA project for QDA tools."""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from xml.etree import ElementTree as ET

from kit.collate.exported import EXPORT_FORMAT, FOR_MERGING
from kit.collate.feedback import feedback_rows, session_comments
from kit.collate.merge import CAPTURE_ORDER, Collation, MergedSession
from kit.errors import CorruptSession, InputError
from kit.model import ANSWERS, STATUSES, SessionLog
from kit.places import output_folder
from kit.store import SCHEMA_VERSION
from kit.store.files import make_private, private_folder
from kit.store.storage import EXPORT_KEY, atomic_file, read_session_json
from kit.vocab import load_principles, load_themes

CSV_COLUMNS = (
    "session",
    "date",
    "title",
    "output",
    "activity",
    "principles",
    "themes",
    "text",
    "status",
    "what_happened",
    "on_sheet",
    *ANSWERS,
)
FEEDBACK_COLUMNS = ("session", "sheet", "item", "output", "answer", "comment", "date")
QDA_NS = "urn:QDA-XML:project:1.0"
GUID_ROOT = uuid.UUID("6f0d8f52-3c1e-4d7e-9b7a-2f4c1a9e5d11")  # fixed, so the same data gives the same GUIDs
SEPARATOR = "\n\n"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets may run as a formula (OWASP, CSV injection)
_NUMBER_LIKE = re.compile(r"[0-9]+(?:e[0-9]+)?")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')  # refused by Windows, macOS or Linux file systems
MAX_TITLE_IN_NAME = 80  # characters of a session title in a source name (file names stop at 255 bytes)


EXPORTS_FOLDER = "exports"


def exports_folder(sessions: Path) -> Path:
    """Where the app writes exports: `exports` beside the sessions folder (kit.places), never the current one."""
    return output_folder(sessions, EXPORTS_FOLDER)


def write_private_exports(collation: Collation, folder: Path, stem: str) -> tuple[Path, Path]:
    """Write stem.csv and stem.json into folder (made 0700 if new), each readable by its owner only (0600)."""
    private_folder(folder)
    written = (folder / f"{stem}.csv", folder / f"{stem}.json")
    for path in written:
        check_target(path)
    write_csv(collation, written[0])
    write_json(collation, written[1])
    for path in written:
        make_private(path)
    return written


def check_target(path: Path, overwrite: bool = False) -> None:
    """Refuse to write over an existing file (unless asked) or into a missing folder."""
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name for the export.")
    if path.exists() and not overwrite:
        raise InputError(f"{path} already exists and was left untouched; choose another name or add --overwrite.")
    if path.exists() and _is_session_log(path):
        raise InputError(f"{path} is a session log; an export never replaces one. Choose another name.")
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist; create it or choose another place.")


def _is_session_log(path: Path) -> bool:
    try:
        read_session_json(path)
    except (OSError, CorruptSession):
        return False
    return True


def principle_label(article: int) -> str:
    """'Art. 12 The right to be heard', or 'Art. N' for an article the kit does not know."""
    principle = load_principles().get(article)
    return principle.label if principle else f"Art. {article}"


def theme_names() -> dict[str, str]:
    """Theme names by id (the kit's and the coordinator's own themes)."""
    return {theme_id: theme.name for theme_id, theme in load_themes().items()}


def csv_cell(value: str) -> str:
    """A field quoted exactly as the csv module's default (QUOTE_MINIMAL, excel dialect) would quote it."""
    # Four `in` tests (a fast memchr each) take a third of the time of one character-class regex search.
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading ' (as OWASP advises)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def looks_like_number(output_id: str) -> bool:
    """Whether a spreadsheet would read an id as a number (older kits made ids such as 32e10120)."""
    return _NUMBER_LIKE.fullmatch(output_id) is not None


def csv_line(fields: Sequence[str]) -> str:
    """One CSV record as `csv.writer` writes it; a tested fast path, as the export writes 10^5 rows."""
    if len(fields) == 1 and fields[0] == "":
        return '""\r\n'  # as csv does, so a lone empty field is not read back as an empty line
    return ",".join(map(csv_cell, fields)) + "\r\n"


def write_csv(collation: Collation, path: Path, *, raw: bool = False) -> int:
    """One row per live output, UTF-8 with a BOM so spreadsheet programs read the scripts right.

    Every cell starting like a formula is neutralised (see neutralise), unless raw: then cells are as typed.
    """
    names = theme_names()
    safe: Callable[[str], str] = str if raw else neutralise
    formula = () if raw else FORMULA_STARTS  # str.startswith(()) is False: nothing to neutralise
    principles: dict[tuple[int, ...], str] = {}
    themes: dict[tuple[str, ...], str] = {}
    statuses = {key: csv_cell(label) for key, label in STATUSES.items()}
    no_answers = ",".join("0" * len(ANSWERS))

    def cell(value: str) -> str:
        return csv_cell(safe(value))

    activities: dict[str, str] = {}
    count = 0
    with atomic_file(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        handle.write("\ufeff")  # the BOM, written by hand: the utf-8-sig codec is slow per write
        handle.write(csv_line(CSV_COLUMNS))
        for merged in collation.ordered():
            s = merged.session
            head = csv_line((safe(s["id"]), safe(s["date"]), safe(s["title"])))[:-2]
            counts = merged.answer_counts()
            responses = merged.responses
            lines = []
            # The long texts are tested inline (the same test as cell's) and only passed to cell when they
            # need it: this loop runs once per output, 10^5 times and more.
            for o in merged.live_outputs():
                key_p, key_t = tuple(o["principles"]), tuple(o["themes"])
                if key_p not in principles:
                    principles[key_p] = csv_cell("; ".join(principle_label(p) for p in key_p))
                if key_t not in themes:
                    themes[key_t] = cell("; ".join(names.get(t, t) for t in key_t))
                output_id, activity, text = o["id"], o["activity"], o["text"]
                r = responses.get(output_id)
                if r is None:
                    answer = ",,,"
                else:
                    status, said = statuses.get(r["status"]) or cell(r["status"]), r["text"]
                    if said.startswith(formula) or '"' in said or "," in said or "\n" in said or "\r" in said:
                        said = cell(said)
                    answer = f"{status},{said},{'yes' if r['on_sheet'] else 'no'},"
                if text.startswith(formula) or '"' in text or "," in text or "\n" in text or "\r" in text:
                    text = cell(text)
                if output_id.startswith(formula) or not output_id.isalnum():
                    output_id = cell(output_id)  # never for the kit's ids (hex); a hand-edited file may hold anything
                if activity not in activities:
                    activities[activity] = cell(activity)
                tally = counts.get(o["id"])
                lines.append(
                    f"{head},{output_id},{activities[activity]},{principles[key_p]},{themes[key_t]},"
                    f"{text},{answer}{no_answers if tally is None else ','.join(map(str, tally))}\r\n"
                )
            handle.write("".join(lines))
            count += len(lines)
    return count


def write_feedback_csv(collation: Collation, path: Path, *, raw: bool = False) -> int:
    """One row per answered item of every returned sheet, with the sheet's comment (see feedback_rows).

    The comment was scrubbed when recorded; cells are neutralised as in write_csv unless raw.
    """
    safe: Callable[[str], str] = str if raw else neutralise
    count = 0
    with atomic_file(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        handle.write(csv_line(FEEDBACK_COLUMNS))
        for row in feedback_rows(collation):
            item = "" if row.item is None else str(row.item)
            cells = (row.session, str(row.sheet), item, row.output, row.answer, row.comment, row.received[:10])
            handle.write(csv_line([safe(cell) for cell in cells]))
            count += 1
    return count


def session_json(merged: MergedSession) -> dict:
    """One merged session in the shape `show --json` prints (SessionLog.to_json), from its documents,
    plus (under FOR_MERGING) the withdrawn outputs' markers and the sheets issued, so it can be collated again."""
    live = merged.live_outputs()
    counts = merged.tallies(live)
    withdrawn = sorted((doc for doc, _ in merged.outputs.values() if doc["deleted"]), key=CAPTURE_ORDER)
    return {
        "schema": SCHEMA_VERSION,
        "session": merged.session,
        "outputs": [
            {**doc, "response": merged.responses.get(doc["id"]), "feedback": counts[doc["id"]]} for doc in live
        ],
        "withdrawn": [doc["id"] for doc in withdrawn],
        "sheets_issued": len(merged.tickets),
        "feedback": sorted(merged.feedback.values(), key=itemgetter("received", "token_hash")),
        FOR_MERGING: {  # what collating this export again needs beyond the `show --json` view
            "withdrawn": withdrawn,
            "tickets": sorted(merged.tickets.values(), key=itemgetter("issued", "token_hash")),
            "removed_responses": sorted(merged.removed_responses.values(), key=itemgetter("output")),
        },
    }


def write_json(collation: Collation, path: Path) -> None:
    """The merged data as UTF-8 JSON: a header, then one session object a line, oldest first, keys sorted.

    Written session by session (with json's fast C encoder), so the whole document is never held as
    one string; the result is the same as json.dumps(..., sort_keys=True) of the whole.
    """
    header = {
        EXPORT_KEY: EXPORT_FORMAT,  # sorts first, so a reader knows an export by its first bytes
        "kind": "codesign-kit collation",
        "conflicts": [
            {"session": c.session, "output": c.output, "record": c.record, "kept": c.kept, "set_aside": c.dropped}
            for c in collation.conflicts
        ],
        "files_read": collation.files,
        "files_skipped": len(collation.problems),
    }
    # Every header key sorts before "sessions", which is written last: the whole stays in sorted-key order.
    with atomic_file(path, "w", encoding="utf-8", buffering=1 << 20) as handle:
        handle.write(json.dumps(header, ensure_ascii=False, sort_keys=True)[:-1] + ', "sessions": [')
        for index, merged in enumerate(collation.ordered()):
            handle.write(",\n" if index else "\n")
            handle.write(json.dumps(session_json(merged), ensure_ascii=False, sort_keys=True))
        handle.write("\n]}\n")


def guid(*parts: str) -> str:
    """A GUID derived from ids, so exporting the same data twice gives the same project."""
    return str(uuid.uuid5(GUID_ROOT, "/".join(parts)))


def xml_text(text: str) -> str:
    """Text safe for XML 1.0 and plain-text sources: one newline style, no control characters."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def source_name(log: SessionLog, suffix: str = "") -> str:
    """A source's name, safe as a file name in every QDA tool: date, title, session id (and suffix).

    QDA tools save sources under their names, so characters file systems refuse become "-", runs of
    spaces one space, and a long title is cut (the session id keeps every name distinct).
    """
    title = " ".join(_NOT_IN_FILE_NAMES.sub("-", xml_text(log.session.title)).split())[:MAX_TITLE_IN_NAME]
    name = f"{log.session.date} {title} ({log.session.id}){suffix}"
    return " ".join(_NOT_IN_FILE_NAMES.sub("-", xml_text(name)).split()).strip(" .")


def session_text(log: SessionLog) -> tuple[str, list[tuple[int, int]]]:
    """A session's outputs joined as plain text, with each output's (start, end) character offsets."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for output in log.outputs:
        if parts:
            parts.append(SEPARATOR)
            position += len(SEPARATOR)
        text = xml_text(output.text)
        spans.append((position, position + len(text)))
        parts.append(text)
        position += len(text)
    return "".join(parts), spans


def _el(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, attrs)


def qde_project(collation: Collation) -> tuple[bytes, dict[str, str]]:
    """project.qde as bytes and the plain-text sources it points at (file name -> text)."""
    # Tags are written unqualified under a default xmlns: ElementTree's default_namespace option
    # refuses unqualified attributes, which every REFI-QDA attribute is.
    root = ET.Element("Project", {"xmlns": QDA_NS, "name": "codesign-kit collation", "origin": "codesign-kit"})
    codes = _el(_el(root, "CodeBook"), "Codes")
    code_guids: dict[str, str] = {}
    for article, principle in load_principles().items():
        key = f"principle:{article}"
        code_guids[key] = guid("code", key)
        code = _el(codes, "Code", guid=code_guids[key], name=principle.label, isCodable="true", color=principle.colour)
        _el(code, "Description").text = xml_text(principle.child_friendly)
    themes = load_themes()
    used = {t for log in collation.logs() for o in log.outputs for t in o.themes}
    for theme_id in [*themes, *sorted(used - set(themes))]:
        key = f"theme:{theme_id}"
        code_guids[key] = guid("code", key)
        theme = themes.get(theme_id)
        code = _el(codes, "Code", guid=code_guids[key], name=f"Theme: {theme.name if theme else theme_id}")
        code.set("isCodable", "true")
        _el(code, "Description").text = xml_text(theme.description if theme else theme_id)
    sources = _el(root, "Sources")
    texts: dict[str, str] = {}
    for log, merged in zip(collation.logs(), collation.ordered(), strict=True):
        source_guid = guid("session", log.session.id)
        text, spans = session_text(log)
        texts[f"{source_guid}.txt"] = text
        source = _el(
            sources,
            "TextSource",
            guid=source_guid,
            name=source_name(log),
            plainTextPath=f"internal://{source_guid}.txt",
        )
        for output, (start, end) in zip(log.outputs, spans, strict=True):
            selection = _el(
                source,
                "PlainTextSelection",
                guid=guid("output", log.session.id, output.id),
                name=f"{output.activity} {output.id}",
                startPosition=str(start),
                endPosition=str(end),
            )
            response = log.responses.get(output.id)
            if response is not None:
                _el(selection, "Description").text = xml_text(
                    f"What happened ({response.status_label}): {response.text}"
                )
            keys = [f"principle:{p}" for p in output.principles] + [f"theme:{t}" for t in output.themes]
            for key in keys:
                if key in code_guids:
                    coding = _el(selection, "Coding", guid=guid("coding", log.session.id, output.id, key))
                    _el(coding, "CodeRef", targetGUID=code_guids[key])
        comments = session_comments(merged)
        if comments:
            _comments_source(sources, texts, log, comments)
    if not len(sources):
        root.remove(sources)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml, texts


def _comments_source(
    sources: ET.Element, texts: dict[str, str], log: SessionLog, comments: list[tuple[int, str, str]]
) -> None:
    """A text source of the comments young people wrote on a session's feedback sheets, one selection each."""
    source_guid = guid("comments", log.session.id)
    parts: list[str] = []
    position = 0
    name, path = source_name(log, " feedback comments"), f"internal://{source_guid}.txt"
    source = _el(sources, "TextSource", guid=source_guid, name=name, plainTextPath=path)
    for sheet, comment, received in comments:
        if parts:
            parts.append(SEPARATOR)
            position += len(SEPARATOR)
        text = xml_text(comment)
        selection = _el(
            source,
            "PlainTextSelection",
            guid=guid("comment", log.session.id, str(sheet)),
            name=f"sheet {sheet}",
            startPosition=str(position),
            endPosition=str(position + len(text)),
        )
        _el(selection, "Description").text = xml_text(f"Feedback sheet {sheet}, received {received[:10]}")
        parts.append(text)
        position += len(text)
    texts[f"{source_guid}.txt"] = "".join(parts)


def write_qdpx(collation: Collation, path: Path) -> None:
    """A REFI-QDA project (.qdpx): project.qde plus one UTF-8 text file per session under sources/."""
    xml, texts = qde_project(collation)
    with atomic_file(path, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", ZIP_TIME), xml, zipfile.ZIP_DEFLATED)
        for name, text in texts.items():
            archive.writestr(zipfile.ZipInfo(f"sources/{name}", ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
