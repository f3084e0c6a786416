"""The Coordinator screen, driven as a coordinator would: pick a folder, read the picture, filter, export."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import OnScreen

from kit.store import (
    add_output,
    create_session,
    edit_output,
    hash_token,
    issue_sheets,
    record_feedback,
    record_response,
)
from kit.tui.app import KitApp
from kit.tui.screens.coordinator import CoordinatorScreen

SIZE = (120, 40)
pytestmark = pytest.mark.anyio


@pytest.fixture
def collected(tmp_path: Path) -> Path:
    """A coordinator's folder: one session copied from two laptops (edited on both) and a broken file."""
    a = create_session(tmp_path / "in" / "a", "First week", ["body-map"], date="2026-03-14", session_id="s-one")
    safe = add_output(a, "body-map", "A safe place to sleep", principles=[6], themes=["safety"])[0]
    heard = add_output(a, "body-map", "Being asked, not told", principles=[12], themes=["participation"])[0]
    add_output(a, "body-map", "مترجم يتكلم لهجتي", principles=[2, 12], themes=["interpreters"])
    record_response(a, safe.id, "acted", "One placement for the first month")
    record_response(a, heard.id, "considering", "Asking the team")
    sheet = issue_sheets(a, 1)[0]
    record_feedback(a, hash_token(sheet.token), {safe.id: "yes", heard.id: "no"})
    (tmp_path / "in" / "b").mkdir()
    b = Path(shutil.copy(a, tmp_path / "in" / "b" / a.name))
    edit_output(a, safe.id, text="A safe place to sleep, on A")  # edited on both after the copy: a real conflict
    edit_output(b, safe.id, text="A safe place to sleep, every night")
    (tmp_path / "in" / "b" / "broken.json").write_text("{", encoding="utf-8")
    return tmp_path / "in"


async def settle(app: KitApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def texts(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def test_home_opens_the_coordinator_screen(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CoordinatorScreen)
        assert app.screen.query_one("#co-folder", Input).value == str(sessions)
        await pilot.press("escape")
        assert not isinstance(app.screen, CoordinatorScreen)


async def test_collating_a_folder_shows_the_summary_bars_and_outputs(sessions: Path, collected: Path) -> None:
    app = OnScreen(sessions, lambda: CoordinatorScreen())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#co-folder", Input).value = str(collected)
        screen.query_one("#co-folder", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        summary = str(screen.query_one("#co-summary", Static).render())
        assert "1 session · 3 files · 3 outputs" in summary
        assert "Sheets back: 1 · yes 1 · partly 0 · no 1" in summary
        assert "Skipped files: 1 · edited twice: 1" in summary
        assert any("edited in two places" in n.message for n in app._notifications)
        bars = str(screen.query_one("#co-bars", Static).render())
        for label in ("Art. 2 Non-discrimination", "Art. 12 The right to be heard", "Art. 6 Life, survival and dev…"):
            assert label in bars
        assert bars.count("█") > 0
        table = screen.query_one(DataTable)
        assert texts(table) == ["A safe place to sleep, every night", "Being asked, not told", "مترجم يتكلم لهجتي"]
        assert "Acted on: One placement" in str(table.get_row_at(0)[3])
        assert str(table.get_row_at(0)[4]) == "1 / 0 / 0" and str(table.get_row_at(2)[4]) == "-"
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.message.startswith("A safe place to sleep, every night") for n in app._notifications)


async def test_filters_narrow_the_outputs(sessions: Path, collected: Path) -> None:
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(DataTable)
        screen.query_one("#co-principle", Select).value = 12
        await pilot.pause()
        assert texts(table) == ["Being asked, not told", "مترجم يتكلم لهجتي"]
        screen.query_one("#co-status", Select).value = "none"
        await pilot.pause()
        assert texts(table) == ["مترجم يتكلم لهجتي"]
        await pilot.press("ctrl+l")
        await pilot.pause()
        screen.query_one("#co-feedback", Select).value = "no"
        await pilot.pause()
        assert texts(table) == ["Being asked, not told"]
        screen.query_one("#co-feedback", Select).clear()
        screen.query_one("#co-theme", Select).value = "safety"
        await pilot.pause()
        assert texts(table) == ["A safe place to sleep, every night"]


async def test_export_key_writes_csv_and_json_without_overwriting(
    sessions: Path, collected: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # nothing collated yet: a warning, no file
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert list(out.iterdir()) == []
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        app.screen.query_one("#co-export", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    csvs = sorted(out.glob("*.csv"))
    assert len(csvs) == 2 and len(list(out.glob("*.json"))) == 2
    with open(csvs[0], encoding="utf-8-sig", newline="") as handle:
        assert [r["text"] for r in csv.DictReader(handle)][0] == "A safe place to sleep, every night"


async def test_a_folder_that_does_not_exist_is_a_notification_not_a_crash(sessions: Path, tmp_path: Path) -> None:
    app = OnScreen(sessions, lambda: CoordinatorScreen(tmp_path / "nowhere"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert any("is not a folder" in n.message for n in app._notifications)
        assert isinstance(app.screen, CoordinatorScreen)


async def test_exports_go_beside_the_sessions_folder_readable_by_the_owner_only(
    sessions: Path, collected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "a-git-checkout"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#co-export", Input).value == str(sessions.resolve().parent / "exports")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
    assert list(elsewhere.iterdir()) == []
    exports = sessions.parent / "exports"
    written = sorted(exports.iterdir())
    assert [p.suffix for p in written] == [".csv", ".json"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written)
    assert exports.stat().st_mode & 0o777 == 0o700


def csv_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


async def test_ctrl_s_writes_the_filtered_rows_and_ctrl_e_all_and_the_screen_says_which(
    sessions: Path, collected: Path
) -> None:
    out = sessions.parent / "exports"
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        status = app.screen.query_one("#coordinator-status", Static)
        assert str(status.render()) == "Ctrl+S or Ctrl+E writes all 3 outputs (CSV + JSON)."
        app.screen.query_one("#co-principle", Select).value = 12
        await pilot.pause()
        assert str(status.render()) == "Ctrl+S writes the 2 outputs shown; Ctrl+E writes all 3."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [first] = list(out.glob("*.csv"))
        assert csv_texts(first) == ["Being asked, not told", "مترجم يتكلم لهجتي"]
        assert any("Wrote the 2 outputs shown" in n.message for n in app._notifications)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        [second] = [p for p in out.glob("*.csv") if p != first]
        assert len(csv_texts(second)) == 3
        assert any("Wrote all 3 outputs" in n.message for n in app._notifications)


async def test_rows_show_at_80_by_24(sessions: Path, collected: Path) -> None:
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.region.height >= 3 + 6  # border, header and at least six rows
        assert table.region.right <= 80 and table.virtual_size.width <= table.region.width


async def test_enter_in_the_export_folder_field_writes_the_outputs_shown(
    sessions: Path, collected: Path, tmp_path: Path
) -> None:
    out = tmp_path / "typed-folder"
    out.mkdir()
    app = OnScreen(sessions, lambda: CoordinatorScreen(collected))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        field = app.screen.query_one("#co-export", Input)
        field.value = str(out)
        field.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CoordinatorScreen)
    assert len(list(out.glob("*.csv"))) == 1 and len(list(out.glob("*.json"))) == 1
