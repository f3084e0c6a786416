"""A round trip for interpreters: a session's sheet texts out to a CSV file, their translations back in.

The file opens right in a spreadsheet (UTF-8 with a byte-order mark, one row per text, cells that a
spreadsheet would run as a formula made harmless) and is read back checked row by row: a file that
cannot be read, or any bad row, changes nothing, and the bad rows are named by their row number as
the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from kit.errors import InputError
from kit.model import SHEET_FIELDS, SOURCE_LANGUAGE, SessionLog
from kit.store.outputs import set_translations
from kit.store.sessions import MAX_TEXT, load_session
from kit.store.storage import write_atomic
from kit.vocab import language_code

COLUMNS = ("output_id", "field", "text", "translation", "language")
REQUIRED = COLUMNS[:4]
MAX_FILE_BYTES = 10 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHOWN_ERRORS = 8


@dataclass(frozen=True)
class Row:
    """One text to translate."""

    output_id: str
    field: str
    text: str
    translation: str


def rows_to_translate(log: SessionLog, language: str) -> list[Row]:
    """The sheet's texts in the logged language, each with its version in `language` if there is one."""
    rows: list[Row] = []
    for output, response in log.sheet_items():
        said = output.sheet_text.get(SOURCE_LANGUAGE) or output.text
        rows.append(Row(output.id, "sheet_text", said, output.sheet_text.get(language, "")))
        rows.append(Row(output.id, "what_happened", response.text, response.translations.get(language, "")))
    return rows


def _same(a: str, b: str) -> bool:
    """Texts equal but for spacing and line breaks (a spreadsheet may change those)."""
    return a.split() == b.split()


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def write_translations_csv(session_file: Path, language: str, out: Path) -> int:
    """Write the texts of the session's sheet for translation into `language`; returns how many rows."""
    language = language_code(language)
    if language == SOURCE_LANGUAGE:
        raise InputError(f"The session is logged in '{SOURCE_LANGUAGE}'; choose the language to translate into.")
    out = Path(out)
    if out.suffix.lower() != ".csv":
        raise InputError(f"The file {out} should end in .csv; choose a name like translations-{language}.csv.")
    if out.is_dir() or not out.parent.is_dir():
        raise InputError(f"Cannot write {out}: give a file name in a folder that exists.")
    if out.exists():  # it may hold an interpreter's work
        raise InputError(f"{out} already exists and was left untouched (it may hold translations); choose a new name.")
    log = load_session(session_file)
    rows = rows_to_translate(log, language)
    if not rows:
        raise InputError("Nothing is on the feedback sheet yet: record a 'what happened' first, then export.")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        cells = (row.output_id, row.field, row.text, row.translation, language)
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return len(rows)


def _read_csv_text(path: Path) -> str:
    """The file's text, or one InputError saying why it cannot be used (too big, not UTF-8, not there)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is {size:,} bytes; a translation file is at most {MAX_FILE_BYTES // (1024 * 1024)} MB. "
                "Check it is the file written by 'codesign-kit translations -o'. Nothing was changed."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"There is no file {path}. Check the name. Nothing was changed.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the CSV file. Nothing was changed.") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror}). Nothing was changed.") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path} is more than 10 MB; that is not a translation file. Nothing was changed.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path} is not saved as UTF-8 text. In the spreadsheet choose 'Save as' > 'CSV UTF-8', "
            "then import again. Nothing was changed."
        ) from None


def _unformula(value: str) -> str:
    """Undo spreadsheet_safe: the apostrophe written before a formula-like start."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read_translations_csv(
    session_file: Path, source: Path, language: str | None = None
) -> tuple[str, list[tuple[str, str, str]]]:
    """Read and check a translations file: its language and (output id, field, translation) entries.

    InputError names every bad row by its spreadsheet row number (the header is row 1); nothing is
    stored by this function.
    """
    source = Path(source)
    text = _read_csv_text(source)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"{source} is not a readable CSV file ({exc}). Nothing was changed.") from None
    if not records:
        raise InputError(f"{source} is empty. Nothing was changed.")
    header = [name.strip().lower() for name in records[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(
            f"{source} lacks the column(s) {', '.join(missing)}; it needs {', '.join(REQUIRED)} "
            "(as written by 'codesign-kit translations -o'). Nothing was changed."
        )
    at = {name: header.index(name) for name in COLUMNS if name in header}
    log = load_session(session_file)
    expected = {(row.output_id, row.field): row.text for row in rows_to_translate(log, SOURCE_LANGUAGE)}
    errors: list[str] = []
    entries: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    languages: set[str] = set()
    for number, record in enumerate(records[1:], 2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line a spreadsheet added
        cells = {name: (record[i] if i < len(record) else "") for name, i in at.items()}
        output_id, field, translation = cells["output_id"].strip(), cells["field"].strip(), cells["translation"]
        translation = _unformula(translation.strip())
        if cells.get("language", "").strip():
            languages.add(cells["language"].strip())
        key = (output_id, field)
        if field not in SHEET_FIELDS:
            errors.append(f"row {number}: field '{field[:30]}' should be {' or '.join(SHEET_FIELDS)}")
        elif key not in expected:
            errors.append(f"row {number}: output '{output_id[:20]}' is not on this session's sheet")
        elif key in seen:
            errors.append(f"row {number}: output '{output_id}' {field} appears twice")
        elif not _same(_unformula(cells["text"].strip()), expected[key]):
            errors.append(f"row {number}: the text has changed since the file was written; export it again")
        elif translation.startswith(FORMULA_START[:4]):
            errors.append(f"row {number}: the translation starts with '{translation[0]}' like a formula; type words")
        elif len(translation) > MAX_TEXT:
            errors.append(f"row {number}: the translation is longer than {MAX_TEXT:,} characters")
        else:
            seen.add(key)
            if translation:
                entries.append((output_id, field, translation))
    chosen = _file_language(source, languages, language)
    if errors:
        shown = "; ".join(errors[:SHOWN_ERRORS]) + (
            f"; and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        )
        raise InputError(f"{source}: {shown}. Fix those rows and import again. Nothing was changed.")
    if not entries:
        raise InputError(f"{source} has no translation filled in. Nothing was changed.")
    return chosen, entries


def _file_language(source: Path, in_file: set[str], given: str | None) -> str:
    """The language of the translations: --language, else the file's language column (one code)."""
    if given:
        code = language_code(given)
        if in_file and {language_code(c) for c in in_file} != {code}:
            raise InputError(f"{source} holds '{', '.join(sorted(in_file))}', not '{code}'. Nothing was changed.")
        return code
    if len(in_file) == 1:
        return language_code(next(iter(in_file)))
    if not in_file:
        raise InputError(f"{source} does not say its language; add --language CODE. Nothing was changed.")
    raise InputError(f"{source} mixes languages ({', '.join(sorted(in_file))}); import one language a file.")


def import_translations(
    session_file: Path, source: Path, language: str | None = None, roster: list[str] | None = None
) -> tuple[str, int]:
    """Check a translations file and store its translations (scrubbed) in one write: (language, count)."""
    chosen, entries = read_translations_csv(session_file, source, language)
    return chosen, set_translations(session_file, chosen, entries, roster or [])
