"""Printing from the app: cards, brief and sheets written by workers into a printouts folder beside the sessions."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Select, Static, Switch
from tui_helpers import OnScreen

from kit.errors import InputError
from kit.printables.jobs import free_name, prepare_folder, printouts_folder
from kit.store import add_output, create_session, load_session, record_response
from kit.tui.app import KitApp
from kit.tui.dialogs.session_menu import SessionMenu
from kit.tui.screens import print as print_screen
from kit.tui.screens.home import HomeScreen
from kit.tui.screens.print import PrintScreen

pytestmark = pytest.mark.anyio


def make_session(sessions: Path, *, on_sheet: bool) -> Path:
    """A planned session with one output; its 'what happened' is on the sheet only if asked."""
    path = create_session(sessions, "Print test", ["ground-rules"], group_size=3, languages=["ar"], session_id="pt")
    output = add_output(path, "ground-rules", "Nobody has to answer a question.")[0]
    record_response(path, output.id, "acted", "The pass card is used in every session.", on_sheet=on_sheet)
    return path


async def open_print(pilot) -> PrintScreen:  # type: ignore[no-untyped-def]
    """Print as OnScreen opened it, or from Home: the highlighted session's menu, then Print (K)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    if not isinstance(pilot.app.screen, PrintScreen):
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SessionMenu)
        await pilot.press("k")
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PrintScreen)
    return screen


async def print_and_wait(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """Press a print key and wait for its worker to finish."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def pages(path: Path) -> int:
    """How many pages a PDF has (fails if it is not a PDF)."""
    return len(PdfReader(path).pages)


async def test_print_screen_writes_cards_brief_and_sheets_beside_the_sessions(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=True)
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_print(pilot)
        assert screen.query_one("#print-copies", Input).value == "3"  # the group size
        assert screen.query_one("#print-folder", Input).value == str(sessions.resolve().parent / "printouts")
        screen.query_one("#print-large", Switch).value = True
        await print_and_wait(pilot, "f5")
        screen.query_one("#print-paper", Select).value = "letter"
        await print_and_wait(pilot, "f6")
        screen.query_one("#print-copies", Input).value = "2"
        await print_and_wait(pilot, "f7")
        # Printing the cards again never overwrites the first file.
        await print_and_wait(pilot, "f5")
        messages = [n.message for n in app._notifications]
    printouts = sessions.parent / "printouts"
    written = sorted(p.name for p in printouts.iterdir())
    assert written == [
        "print-test-brief-ar.pdf",
        "print-test-cards-2.pdf",
        "print-test-cards.pdf",
        "print-test-sheets-ar.pdf",
    ]
    if os.name != "nt":  # printouts hold what the group said: the owner's account only
        assert printouts.stat().st_mode & 0o777 == 0o700
        assert all((printouts / name).stat().st_mode & 0o777 == 0o600 for name in written)
    assert pages(printouts / "print-test-sheets-ar.pdf") == 4  # two copies, each padded to two pages for duplex
    assert all(pages(printouts / name) >= 1 for name in written)
    assert round(float(PdfReader(printouts / "print-test-brief-ar.pdf").pages[0].mediabox.width)) == 612  # letter
    assert len(load_session(path).tickets) == 2
    assert sorted(p.name for p in sessions.iterdir() if not p.name.startswith(".")) == ["pt.json"]
    assert any(str(printouts / "print-test-sheets-ar.pdf") in m for m in messages)
    assert any(str(printouts / "print-test-cards.pdf") in m and "double-sided" in m for m in messages)
    assert any(m.startswith("Not yet in ar: item(s) 1") for m in messages)  # the English outputs, marked


async def test_sheets_with_nothing_marked_show_a_notification_and_write_nothing(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=False)
    app = OnScreen(sessions, lambda: PrintScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_print(pilot)
        await print_and_wait(pilot, "f7")
        errors = [n.message for n in app._notifications if n.severity == "error"]
    assert any("No output is marked for the feedback sheet" in m for m in errors)
    assert list((sessions.parent / "printouts").glob("*.pdf")) == []
    assert load_session(path).tickets == []


async def test_print_refuses_the_sessions_folder_as_output(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=True)
    app = OnScreen(sessions, lambda: PrintScreen(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_print(pilot)
        screen.query_one("#print-folder", Input).value = str(sessions)
        await print_and_wait(pilot, "f5")
        errors = [n.message for n in app._notifications if n.severity == "error"]
    assert any("inside the sessions folder" in m for m in errors)
    assert list(sessions.glob("*.pdf")) == []


async def test_follow_up_opens_print_with_f6(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=True)
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PrintScreen)


async def test_screen_stays_usable_while_a_pdf_is_written(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_session(sessions, on_sheet=True)
    release = threading.Event()

    def slow_cards(*args: object, **kwargs: object) -> int:
        release.wait(5)
        return 1

    monkeypatch.setattr(print_screen, "print_cards", slow_cards)
    app = OnScreen(sessions, lambda: PrintScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_print(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert "Writing the activity cards" in str(screen.query_one("#print-status", Static).render())
        await pilot.press("f5")  # a second press while writing is refused, not queued
        await pilot.press("tab")  # the screen still answers keys
        await pilot.pause()
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Last written" in str(screen.query_one("#print-status", Static).render())
    assert any("still being written" in m for m in messages)


async def test_command_palette_offers_print_for_the_highlighted_session(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=True)
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Print"].callback()
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)


async def test_buttons_print_too_and_the_menu_button_opens_print(sessions: Path) -> None:
    path = make_session(sessions, on_sheet=True)
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#print")
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)
        await pilot.press("tab", "tab", "enter")  # from Print cards to Print brief, then press it
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert [p.name for p in (sessions.parent / "printouts").iterdir()] == ["print-test-brief-ar.pdf"]


def test_free_name_counts_up_instead_of_overwriting(tmp_path: Path) -> None:
    (tmp_path / "s-cards.pdf").write_bytes(b"%PDF-")
    (tmp_path / "s-cards-2.pdf").write_bytes(b"%PDF-")
    assert free_name(tmp_path, "s-cards") == tmp_path / "s-cards-3.pdf"
    assert free_name(tmp_path, "s-brief-en") == tmp_path / "s-brief-en.pdf"


def test_printouts_folder_is_beside_the_sessions_folder_and_created(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    folder = prepare_folder(printouts_folder(sessions), sessions)
    assert folder == tmp_path.resolve() / "printouts" and folder.is_dir()


def test_a_file_is_not_accepted_as_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        prepare_folder(tmp_path / "notes.txt", tmp_path / "sessions")


def test_printout_names_carry_a_short_slug_of_the_title() -> None:
    from kit.printables.jobs import printout_stem, title_slug

    assert title_slug("Week 1: Turning 18!") == "week-1-turning-18"
    assert title_slug("Mes [b]droits[/b] à l'école") == "mes-b-droits-b-a-l-ecole"
    assert len(title_slug("A very long title about what makes a good first week in care")) <= 32
    assert title_slug("ምርጫ") != ""  # Tigrinya becomes Latin letters
    assert printout_stem("s-1", "???", "cards") == "s-1-cards"


async def test_the_brief_defaults_to_the_interpreters_language(sessions: Path) -> None:
    path = create_session(sessions, "Interpreted", ["ground-rules"], languages=["en", "ti"], session_id="ti")
    app = OnScreen(sessions, lambda: PrintScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#print-brief-language", Select).value == "ti"
