"""Young people's feedback, row by row: each returned sheet's answers per item and its comment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from kit.collate.merge import Collation, MergedSession


@dataclass(frozen=True)
class FeedbackRow:
    """One item of one returned sheet (or the sheet alone, when it holds only a comment)."""

    session: str
    session_date: str
    title: str
    sheet: int  # the sheet's number in its session, in the order sheets came back
    item: int | None  # the item's number on the sheet, as printed; None for a comment with no answers
    output: str
    answer: str
    comment: str  # scrubbed when it was recorded, like every text the kit stores
    received: str


def sheet_numbers(merged: MergedSession) -> dict[str, int]:
    """Each returned sheet's number (by its token hash), in the order sheets came back.

    Sheets carry no printed number (they are anonymous), so the order of return is the stable,
    meaningful one: the same in every copy and every export.
    """
    returned = sorted(merged.feedback.values(), key=itemgetter("received", "token_hash"))
    return {record["token_hash"]: number for number, record in enumerate(returned, 1)}


def feedback_rows(collation: Collation) -> Iterator[FeedbackRow]:
    """Every answer to a live output on every returned sheet, sessions in export order, sheets by number.

    Answers about withdrawn outputs are left out (as in every count); a sheet with a comment but no
    answer left gives one row with no item.
    """
    for merged in collation.ordered():
        s = merged.session
        live = {doc["id"] for doc in merged.live_outputs()}
        numbers = sheet_numbers(merged)
        for record in sorted(merged.feedback.values(), key=lambda r: numbers[r["token_hash"]]):
            ticket = merged.tickets.get(record["token_hash"])
            order = ticket["items"] if ticket else sorted(record["answers"])
            answers = record["answers"]
            head = (s["id"], s["date"], s["title"], numbers[record["token_hash"]])
            comment, received = record["comment"], record["received"]
            wrote = False
            for number, output_id in enumerate(order, 1):
                if output_id in answers and output_id in live:
                    yield FeedbackRow(*head, number, output_id, answers[output_id], comment, received)
                    wrote = True
            if not wrote and comment:
                yield FeedbackRow(*head, None, "", "", comment, received)


def session_comments(merged: MergedSession) -> list[tuple[int, str, str]]:
    """A session's comments as (sheet number, comment, received), by sheet number."""
    numbers = sheet_numbers(merged)
    found = [(numbers[r["token_hash"]], r["comment"], r["received"]) for r in merged.feedback.values() if r["comment"]]
    return sorted(found)
