"""Helpers shared by the feedback page tests: sheets with tokens and the form's hidden fields."""

from __future__ import annotations

import re
from pathlib import Path

from kit.store import IssuedSheet, add_output, create_session, issue_sheets, record_response


def session_with_sheets(folder: Path, copies: int = 2, title: str = "Our first week") -> tuple[Path, list[IssuedSheet]]:
    """A session with two outputs on the sheet and one left off it, and `copies` issued sheets."""
    path = create_session(folder, title, ["body-map"], date="2026-03-14")
    on_sheet = [
        add_output(path, "body-map", text)[0].id for text in ("Tell us about our case", "A safe place to sleep")
    ]
    off_sheet = add_output(path, "body-map", "Something kept off the sheet")[0].id
    record_response(path, on_sheet[0], "acted", "Every new arrival now gets a case sheet")
    record_response(path, on_sheet[1], "considering", "The housing team is looking at it")
    record_response(path, off_sheet, "passed-on", "Sent to the council", on_sheet=False)
    return path, issue_sheets(path, copies)


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields (lang, stamp, nonce) of the feedback form in a page."""
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
