"""The facilitator's agenda: clock times, steps, materials, safety notes, breaks and interpreting, A4 or Letter."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from tui_helpers import OnScreen

from kit.cli import main
from kit.errors import InputError
from kit.library import get_activity
from kit.model import Block
from kit.plan import session_schedule
from kit.printables.agenda import ELAPSED_NOTE, render_agenda
from kit.store import create_session, load_session
from kit.tui.screens.print import PrintScreen

pytestmark = pytest.mark.anyio


def pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text().split()) for page in doc)


def page_size(path: Path) -> tuple[int, int]:
    with pymupdf.open(path) as doc:
        rect = doc[0].rect
        return round(rect.width), round(rect.height)


@pytest.fixture
def session(sessions: Path) -> Path:
    return create_session(
        sessions,
        "Our first week",
        [],
        blocks=[
            Block("activity", "check-in"),
            Block("break", minutes=15, title="Tea and fruit", notes="Halal snacks and water"),
            Block("activity", "body-map", minutes=30),
            Block("own", minutes=10, title="Visit from the housing team"),
        ],
        start="09:30",
        date="2026-03-14",
        languages=["en", "ti"],
        interpreter=True,
        length_minutes=150,
        session_id="week",
    )


async def test_the_agenda_has_clock_times_steps_materials_safety_breaks_and_interpreting(
    session: Path, tmp_path: Path
) -> None:
    out = render_agenda(session, tmp_path / "agenda.pdf")
    text = pdf_text(out)
    timed = session_schedule(load_session(session).session)
    for block in timed.blocks:
        assert f"{block.clock} to {block.end_clock} {block.title}" in text
    check_in, body_map = get_activity("check-in"), get_activity("body-map")
    assert all(step.title in text for step in check_in.steps + body_map.steps)
    assert all(material.split(" (")[0] in text for material in check_in.materials + body_map.materials)
    assert "Keep everyone safe" in text and " ".join(check_in.safeguarding_notes.split()[:8]) in text
    assert "Halal snacks and water" in text and "Visit from the housing team" in text
    extra = timed.blocks[0].interpreted - timed.blocks[0].minutes
    assert f"{check_in.minutes} min + {extra} for interpreting" in text
    assert "Saturday 14 March 2026, 09:30 to" in text
    assert timed.total_message()[0].split(":")[0] in text
    assert page_size(out) == (595, 842)


async def test_letter_paper_and_a_plan_without_a_start_time(sessions: Path, tmp_path: Path) -> None:
    path = create_session(sessions, "No start", ["check-in", "check-out"], date="2026-03-14")
    out = render_agenda(path, tmp_path / "agenda.pdf", paper="letter")
    assert page_size(out) == (612, 792)
    text = pdf_text(out)
    assert ELAPSED_NOTE in text
    assert f"0:00 to 0:{get_activity('check-in').minutes:02d}" in text


async def test_titles_in_any_script_and_with_markup_print_as_typed(sessions: Path, tmp_path: Path) -> None:
    path = create_session(
        sessions,
        "<b>Week</b> [one] & ትግርኛ",
        [],
        blocks=[Block("activity", "check-in"), Block("break", minutes=5, title="استراحة <i>قصيرة</i>")],
        start="10:00",
    )
    text = pdf_text(render_agenda(path, tmp_path / "agenda.pdf"))
    assert "<b>Week</b> [one] &" in text and "ትግርኛ" in text
    assert "i>" in text  # the tag is printed as text (bidi reorders its brackets in the Arabic line)


async def test_the_agenda_never_writes_over_a_file_that_is_not_a_pdf(session: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("my notes")
    with pytest.raises(InputError, match="not a PDF"):
        render_agenda(session, notes)
    assert notes.read_text() == "my notes"


def test_the_agenda_command_writes_the_pdf(session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.pdf"
    assert main(["agenda", "week", "-o", str(out), "--paper", "letter"]) == 0
    assert "Wrote the agenda" in capsys.readouterr().out and page_size(out) == (612, 792)
    assert main(["agenda", "nope", "-o", str(out)]) == 1
    assert "codesign-kit list" in capsys.readouterr().err


async def test_the_print_screen_writes_the_agenda_with_f8(session: Path) -> None:
    app = OnScreen(session.parent, lambda: PrintScreen(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = list((session.parent.parent / "printouts").glob("*agenda*.pdf"))
    assert len(written) == 1 and "Tea and fruit" in pdf_text(written[0])
