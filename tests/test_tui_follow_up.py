"""Follow-up and paper feedback driven as a facilitator would, with feedback arriving on disk meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Static
from tui_helpers import OnScreen, send_at_once

from kit.model import Output
from kit.store import (
    add_output,
    create_session,
    hash_token,
    issue_sheets,
    load_session,
    record_feedback,
    record_response,
)
from kit.tui.app import KitApp
from kit.tui.dialogs.withdraw import WithdrawScreen
from kit.tui.screens import follow_up
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.paper_feedback import PaperFeedbackScreen
from kit.tui.widgets.answer import AnswerRow, ChoiceRow

pytestmark = pytest.mark.anyio


@pytest.fixture
def session(sessions: Path) -> tuple[Path, list[Output]]:
    """A session with three outputs; the first has a 'what happened' and is on the sheet."""
    path = create_session(sessions, "Follow-up test", ["ground-rules", "body-map"], date="2026-03-14", session_id="fu")
    outputs = [
        add_output(path, "ground-rules", "Nobody has to answer a question.")[0],
        add_output(path, "body-map", "A safe place to sleep.")[0],
        add_output(path, "body-map", "English classes straight away.")[0],
    ]
    record_response(path, outputs[0].id, "acted", "The pass card is now used in every session.", date="2026-03-20")
    return path, outputs


async def open_follow_up(pilot) -> FollowUpScreen:  # type: ignore[no-untyped-def]
    """Follow-up as OnScreen opened it, or opened from Home for the highlighted session."""
    await pilot.pause()
    if not isinstance(pilot.app.screen, FollowUpScreen):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpScreen)
    return screen


def row(screen: FollowUpScreen, index: int) -> list[str]:
    """One row of the outputs table as plain strings."""
    return [str(cell) for cell in screen.query_one(DataTable).get_row_at(index)]


async def test_follow_up_lists_outputs_with_status_and_feedback(session: tuple[Path, list[Output]]) -> None:
    path, _ = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        assert row(screen, 0) == ["Nobody has to answer a question.", "Acted on", "yes", "0 / 0 / 0"]
        assert row(screen, 1) == ["A safe place to sleep.", "-", "-", "0 / 0 / 0"]
        assert screen.query_one(ChoiceRow).value == "acted"
        assert screen.query_one("#fu-text", Input).value == "The pass card is now used in every session."
        await pilot.press("down")
        await pilot.pause()
        assert screen.query_one(ChoiceRow).value is None
        assert screen.query_one("#fu-text", Input).value == ""
        assert "A safe place to sleep." in str(screen.query_one("#fu-said", Static).render())


async def test_recording_what_happened_and_the_sheet_choice_saves_at_once(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("down", "tab", "down", "down", "down", "enter")  # the second output: "Being considered"
        await pilot.pause()
        assert load_session(path).responses.get(outputs[1].id) is None, "nothing saved without a text"
        await pilot.press("tab", *"Housing is looking at 0161 496 0000 placements", "enter")
        await pilot.pause()
        response = load_session(path).responses[outputs[1].id]
        assert (response.status, response.text) == ("considering", "Housing is looking at [phone] placements")
        assert row(screen, 1)[1:3] == ["Being considered", "yes"]
        await pilot.press("up")  # Enter moved on to the next output; back to this one
        screen.query_one(Checkbox).focus()
        await pilot.press("space")  # the sheet checkbox
        await pilot.pause()
        assert screen.query_one(Checkbox).value is False
        assert load_session(path).responses[outputs[1].id].on_sheet is False
        await pilot.press("shift+tab", "shift+tab", "left", "enter")  # status back to "Passed on", text kept
        await pilot.pause()
        response = load_session(path).responses[outputs[1].id]
        assert (response.status, response.on_sheet) == ("passed-on", False)


async def test_withdrawing_an_output_asks_first(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, WithdrawScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(load_session(path).outputs) == 3
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        log = load_session(path)
        assert [o.id for o in log.outputs] == [outputs[1].id, outputs[2].id]
        assert [o.text for o in log.withdrawn] == [""] and outputs[0].id not in log.responses
        assert screen.query_one(DataTable).row_count == 2
        assert b"Nobody has to answer" not in path.read_bytes()


async def test_paper_feedback_is_saved_and_counted_in_follow_up(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    [sheet] = issue_sheets(path, 1)
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("f4")
        await pilot.pause()
        paper = app.screen
        assert isinstance(paper, PaperFeedbackScreen)
        typed = f"{sheet.code[:5].lower()}-{sheet.code[5:]}"
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert paper.query(AnswerRow)
        assert "Nobody has to answer a question." in str(paper.query_one(".pf-said", Static).render())
        await pilot.press("y")
        assert paper.query_one("#pf-answer-1", AnswerRow).value == "yes"
        assert app.focused is paper.query_one("#pf-comment", Input)
        await pilot.press(*"Good, call me on 07700 900123", "enter")
        await pilot.pause()
        assert any("Saved sheet" in n.message for n in app._notifications)
        assert paper.query_one("#pf-code", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert row(screen, 0)[3] == "1 / 0 / 0"
        feedback = str(screen.query_one("#fu-feedback", Static).render())
        assert "1 yes" in feedback and '"Good, call me on [phone]"' in feedback
    [record] = load_session(path).feedback
    assert (record.answers, record.comment, record.via) == ({outputs[0].id: "yes"}, "Good, call me on [phone]", "paper")
    assert b"07700" not in path.read_bytes()


async def test_a_wrong_code_says_to_check_the_sheet(session: tuple[Path, list[Output]]) -> None:
    path, _ = session
    issue_sheets(path, 1)
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_follow_up(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*"ABCDE-23456", "enter")
        await pilot.pause()
        assert not app.screen.query(AnswerRow)
        [note] = [n for n in app._notifications if n.severity == "error"]
        assert "ABCDE-23456" in note.message and "Check the code on the sheet" in note.message
        await pilot.press("ctrl+s")
        assert load_session(path).feedback == []


async def test_follow_up_shows_feedback_that_arrives_on_disk(
    session: tuple[Path, list[Output]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, outputs = session
    monkeypatch.setattr(follow_up, "POLL_SECONDS", 0.1)
    [sheet] = issue_sheets(path, 1)
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("tab", "tab")
        await pilot.press(*"half typed")
        # The feedback web page (another process) answers the sheet while the facilitator types.
        record_feedback(path, hash_token(sheet.token), {outputs[0].id: "no"}, "It did not change much")
        for _ in range(100):  # up to 5 s on a busy machine; usually a few tenths
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if row(screen, 0)[3] == "0 / 0 / 1":
                break
        assert row(screen, 0)[3] == "0 / 0 / 1"
        assert '"It did not change much"' in str(screen.query_one("#fu-feedback", Static).render())
        assert screen.query_one("#fu-text", Input).value.endswith("half typed"), "typing is not overwritten"


async def test_feedback_page_runs_from_follow_up_and_its_answers_show(
    session: tuple[Path, list[Output]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    import httpx2 as httpx

    from kit.tui.widgets import feedback_page

    path, outputs = session
    monkeypatch.setattr(feedback_page, "HOST", "127.0.0.1")
    monkeypatch.setattr(feedback_page, "PORT", 0)
    monkeypatch.setattr(follow_up, "POLL_SECONDS", 0.1)
    [sheet] = issue_sheets(path, 1)
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        page = screen.query_one(feedback_page.FeedbackPage)
        app.roster = ["Amina"]  # as the Roster screen leaves it when Follow-up is reached from a run
        await pilot.press("f9")
        await pilot.pause(0.2)
        assert page.running
        [url] = page.urls
        assert url.startswith("http://127.0.0.1:") and url in str(page.render())
        async with httpx.AsyncClient(base_url=url, timeout=5) as client:
            form = await client.get(f"/f/{sheet.token}")
            assert form.status_code == 200 and "Nobody has to answer a question." in form.text
            fields = dict(re.findall(r'name="(lang|stamp|nonce)" value="([^"]*)"', form.text))
            sent = await client.post(
                f"/f/{sheet.token}", data={**fields, f"item-{outputs[0].id}": "partly", "comment": "Amina: sort of."}
            )
            assert sent.status_code == 303 and sent.headers["location"].startswith("/thanks")  # sent, then redirected
        for _ in range(100):  # up to 5 s on a busy machine; usually a few tenths
            await pilot.pause(0.05)
            if row(screen, 0)[3] == "0 / 1 / 0":
                break
        assert row(screen, 0)[3] == "0 / 1 / 0"
        await pilot.press("f9")
        for _ in range(100):  # up to 5 s on a busy machine; usually a few tenths
            await pilot.pause(0.05)
            if not page.running:
                break
        assert not page.running and "Feedback page off" in str(page.render())
    [record] = load_session(path).feedback
    assert (record.answers, record.comment, record.via) == ({outputs[0].id: "partly"}, "[name]: sort of.", "web")


async def test_typing_a_sheet_again_shows_its_answers_and_replaces_them(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    [sheet] = issue_sheets(path, 1)
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_follow_up(pilot)
        await pilot.press("f4")
        await pilot.pause()
        paper = app.screen
        for answer, comment in (("y", "First go"), ("n", "")):
            await pilot.press(*sheet.code, "enter")
            await pilot.pause()
            if comment:
                await pilot.press(answer, *comment, "ctrl+s")
            else:
                assert paper.query_one("#pf-answer-1", AnswerRow).value == "yes"
                assert paper.query_one("#pf-comment", Input).value == "First go"
                assert "typed in before" in str(paper.query_one("#pf-status", Static).render())
                await pilot.press("n", "ctrl+u", "ctrl+s")
            await pilot.pause()
    [record] = load_session(path).feedback
    assert (record.answers, record.comment) == ({outputs[0].id: "no"}, "")


async def test_words_for_the_sheet_are_saved_scrubbed_and_shown_again(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        field = screen.query_one("#fu-sheet-text", Input)
        field.focus()
        await pilot.press(*"You can always say pass. Ask Sam 07700 900123", "enter")
        await pilot.pause()
        stored = load_session(path).output(outputs[0].id)
        assert stored is not None and stored.sheet_text["en"].startswith("You can always say pass.")
        assert "07700" not in stored.sheet_text["en"]
        assert stored.text == "Nobody has to answer a question.", "the log keeps what was said"
        await pilot.press("tab")  # leaving the field with nothing changed saves nothing more
        await pilot.pause()
        assert field.value == stored.sheet_text["en"]


async def test_starting_the_page_says_which_copy_of_a_session_it_ignores(
    session: tuple[Path, list[Output]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from kit.tui.widgets import feedback_page

    path, _ = session
    monkeypatch.setattr(feedback_page, "HOST", "127.0.0.1")
    monkeypatch.setattr(feedback_page, "PORT", 0)
    issue_sheets(path, 1)
    shutil.copy(path, path.with_name(f"{path.stem} (copy).json"))
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        page = screen.query_one(feedback_page.FeedbackPage)
        await pilot.press("f9")
        await pilot.pause(0.2)
        assert page.running
        said = [n.message for n in app._notifications]
        assert any(f"{path.stem} (copy).json is a second copy" in m and path.name in m for m in said), said
        await pilot.press("f9")
        for _ in range(100):  # up to 5 s on a busy machine; usually a few tenths
            await pilot.pause(0.05)
            if not page.running:
                break
        assert not page.running


async def test_one_key_per_status_then_the_sentence_and_enter_moves_on(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("down", "p")  # the second output: passed on
        await pilot.pause()
        assert screen.query_one(ChoiceRow).value == "passed-on"
        assert app.focused is screen.query_one("#fu-text", Input)
        await pilot.press(*"Sent to the housing team", "enter")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert app.focused is table and table.cursor_row == 2
        await pilot.press("x")  # the third: not possible
        await pilot.press(*"Classes are full until May", "enter")
        await pilot.pause()
        await pilot.press("up", "c")  # a status key on an output with a sentence saves the change at once
        await pilot.pause()
    log = load_session(path)
    statuses = [log.responses[o.id].status for o in outputs]
    assert statuses == ["acted", "considering", "not-possible"]
    assert log.responses[outputs[1].id].text == "Sent to the housing team"


async def test_a_status_key_and_the_sentence_arriving_at_once_keep_the_status_and_the_whole_sentence(
    session: tuple[Path, list[Output]],
) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("down")
        await pilot.pause()
        send_at_once(app, "pSent a card")
        await pilot.pause()
        assert screen.query_one(ChoiceRow).value == "passed-on"  # the a and c in the sentence are letters
        assert screen.query_one("#fu-text", Input).value == "Sent a card"
        await pilot.press("enter")
        await pilot.pause()
    assert load_session(path).responses[outputs[1].id].text == "Sent a card"


async def test_a_new_output_carries_no_highlight_from_the_last_so_tab_enter_picks_nothing(
    session: tuple[Path, list[Output]],
) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        choices = screen.query_one(ChoiceRow)
        assert choices._selected == 0  # the first output's 'acted on'
        await pilot.press("down")
        await pilot.pause()
        assert choices._selected is None
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert choices.value is None
    assert outputs[1].id not in load_session(path).responses


async def test_the_last_change_can_be_undone(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("c")  # the first output: from acted on to being considered
        await pilot.pause()
        assert load_session(path).responses[outputs[0].id].status == "considering"
        await pilot.press("down", "a", *"Done", "enter")
        await pilot.pause()
        assert outputs[1].id in load_session(path).responses
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert outputs[1].id not in load_session(path).responses
        assert screen.query_one(DataTable).cursor_row == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        first = load_session(path).responses[outputs[0].id]
        assert (first.status, first.text) == ("acted", "The pass card is now used in every session.")
        assert screen.query_one(DataTable).cursor_row == 0 and screen.query_one(ChoiceRow).value == "acted"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in app._notifications)


async def test_the_cursor_stays_in_place_after_a_withdrawal(session: tuple[Path, list[Output]]) -> None:
    path, outputs = session
    app = OnScreen(path.parent, lambda: FollowUpScreen(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_follow_up(pilot)
        await pilot.press("down", "f8", "y")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.cursor_row == 1 and screen.current == outputs[2].id
        assert "English classes" in str(screen.query_one("#fu-said", Static).render())


async def open_paper_sheet(pilot: Pilot[None], path: Path, outputs: list[Output]) -> None:
    """Paper entry with a sheet of three items, its code typed in."""
    for output in outputs[1:]:
        record_response(path, output.id, "considering", "Asking the team.")
    [sheet] = issue_sheets(path, 1)
    await pilot.pause()
    await pilot.app.push_screen(PaperFeedbackScreen(path))
    await pilot.pause()
    await pilot.press(*sheet.code, "enter")
    await pilot.pause()


async def test_c_moves_to_the_comment_before_the_next_key_is_handled(session: tuple[Path, list[Output]]) -> None:
    app = KitApp(session[0].parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_paper_sheet(pilot, *session)
        row = app.screen.query(AnswerRow).first()
        row.action_comment()  # what c runs: the focus moves now, not after a message or a refresh
        assert app.focused is app.screen.query_one("#pf-comment", Input)


async def test_keys_that_arrive_at_once_tick_and_move_in_order_and_the_rest_is_the_comment(
    session: tuple[Path, list[Output]],
) -> None:
    app = KitApp(session[0].parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_paper_sheet(pilot, *session)
        send_at_once(app, "yncyes")
        await pilot.pause()
        rows = list(app.screen.query(AnswerRow))
        assert [row.value for row in rows] == ["yes", "no", None]  # y, n tick two rows; c leaves the third
        assert app.screen.query_one("#pf-comment", Input).value == "yes"  # the letters after c are the comment


async def test_in_paper_entry_letters_answer_only_on_answer_rows_and_c_jumps_to_the_comment(
    session: tuple[Path, list[Output]],
) -> None:
    path, outputs = session
    app = KitApp(path.parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_paper_sheet(pilot, path, outputs)
        rows = list(app.screen.query(AnswerRow))
        assert len(rows) == 3 and app.focused is rows[0]
        await pilot.press("y", "c")
        await pilot.pause()
        comment = app.screen.query_one("#pf-comment", Input)
        assert app.focused is comment
        await pilot.press(*"yes please, no more waiting")
        assert comment.value == "yes please, no more waiting"
        assert [r.value for r in rows] == ["yes"] + [None] * (len(rows) - 1)
        await pilot.press("enter")
        await pilot.pause()
    [feedback] = load_session(path).feedback
    assert feedback.comment == "yes please, no more waiting" and list(feedback.answers.values()) == ["yes"]
