"""Snapshots of Run (with the scrub preview showing) and Follow-up at 100x30, from fixed sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import settle_screen
from tui_helpers import OnScreen

from kit.store import add_output, create_session, hash_token, issue_sheets, record_feedback, record_response
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.run import RunScreen
from kit.tui.widgets.capture import CaptureBox

SIZE = (100, 30)


@pytest.fixture
def snap_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fixed session (id, date, texts) with captured outputs, responses and one sheet's feedback."""
    monkeypatch.chdir(tmp_path)
    path = create_session(
        Path("sessions"),
        "What makes a good first week?",
        ["ground-rules", "body-map", "check-out"],
        date="2026-03-14",
        session_id="snap",
    )
    first, _ = add_output(path, "ground-rules", "Nobody has to answer a question.", step=2, principles=[12])
    second, _ = add_output(path, "ground-rules", "Phones on silent, breaks when we need them.", step=4)
    third, _ = add_output(path, "body-map", "Heart: someone who believes you on the first day.", themes=["trust"])
    record_response(path, first.id, "acted", "Every session now starts with the pass card.", date="2026-03-20")
    record_response(path, third.id, "considering", "Key workers may meet new arrivals on day one.", date="2026-03-20")
    [sheet] = issue_sheets(path, 1)
    record_feedback(path, hash_token(sheet.token), {first.id: "yes", third.id: "partly"}, "Thank you for telling us.")
    return path


def test_run_snapshot(snap_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_with_text_typed(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle_screen(pilot)
        capture = pilot.app.screen.query_one(CaptureBox)
        capture.input.cursor_blink = False  # a blinking cursor made it flaky
        capture.input.value = "Amina said call 07700 900123"
        await settle_screen(pilot)

    app = OnScreen(snap_path.parent, lambda: RunScreen(snap_path))
    app.roster, app.roster_session = ["Amina", "Yonas"], snap_path
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with_text_typed)


def test_follow_up_snapshot(snap_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = OnScreen(snap_path.parent, lambda: FollowUpScreen(snap_path))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle_screen)
