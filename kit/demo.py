"""A realistic demo session for trying the kit, created once under a fixed id."""

from __future__ import annotations

from pathlib import Path

from kit.library import load_library
from kit.model import Block
from kit.store import DEMO_ID, add_output, create_session, record_response

DEMO_TITLE = "Demo: What makes a good first week?"

# Invented example outputs (activity id, text, principles, themes) and what happened to some of them.
DEMO_OUTPUTS = [
    ("ground-rules", "Nobody has to answer a question. You can say pass.", [12], ["participation", "safety"]),
    ("ground-rules", "Phones on silent, breaks when we need them.", [3], ["stability-and-peace"]),
    (
        "body-map",
        "Know: what is happening with my case and when.",
        [12, 3],
        ["rights-and-information", "legal-advice"],
    ),
    ("body-map", "Feel: that someone believes you on the first day.", [3], ["trust"]),
    ("body-map", "Go: a safe place to sleep that does not change every week.", [6], ["safety", "home"]),
    (
        "body-map",
        "Do: English classes straight away, and football.",
        [6, 2],
        ["education", "development-and-belonging"],
    ),
    ("diamond-ranking", "Most important: an interpreter who speaks my dialect and is kind.", [2, 12], ["interpreters"]),
    ("diamond-ranking", "Waiting for a decision with no news is the hardest part.", [3, 6], ["immigration-and-asylum"]),
    (
        "diamond-ranking",
        "Being treated the same as other young people at college.",
        [2],
        ["equality-and-freedom", "education"],
    ),
    ("check-out", "Tell us what happened to our ideas, even if the answer is no.", [12], ["participation"]),
]
DEMO_RESPONSES = {
    2: ("acted", "Every new arrival now gets a one-page sheet about their case steps, in their language."),
    4: ("considering", "The housing team is looking at keeping young people in one placement for the first month."),
    6: ("passed-on", "We sent this to the interpreting service, who will ask about dialect at booking."),
    7: (
        "not-possible",
        "We cannot speed up Home Office decisions, but a worker will now call every two weeks with news.",
    ),
}


# The demo is interpreted into two languages, so it runs a morning: two activities shortened, and a break
# with food before the second half. With interpreting it fits its planned length (a test checks it).
DEMO_LENGTH = 210
DEMO_START = "10:00"
DEMO_MINUTES = {"body-map": 30, "diamond-ranking": 20}
DEMO_BREAK_AFTER = "body-map"
DEMO_BREAK = Block("break", minutes=20, title="Break with food")


def _plan() -> list[Block]:
    """The demo's plan: the activities its outputs come from (those the library has), and one break."""
    library = load_library()
    wanted = list(dict.fromkeys(activity for activity, *_ in DEMO_OUTPUTS))
    blocks: list[Block] = []
    for activity in dict.fromkeys(["ground-rules", "check-in", *wanted]):
        if activity in library:
            blocks.append(Block("activity", activity, minutes=DEMO_MINUTES.get(activity)))
            if activity == DEMO_BREAK_AFTER:
                blocks.append(DEMO_BREAK)
    return blocks


def create_demo(folder: Path) -> tuple[Path, bool]:
    """Create the demo session unless it exists; returns its path and whether it was made now."""
    path = folder / f"{DEMO_ID}.json"
    if path.exists():
        return path, False
    blocks = _plan()
    plan = [b.activity for b in blocks if b.kind == "activity"]
    path = create_session(
        folder,
        DEMO_TITLE,
        plan,
        blocks=blocks,
        start=DEMO_START,
        facilitator="Sam (demo)",
        languages=["en", "ar", "ti"],
        interpreter=True,
        group_size=7,
        length_minutes=DEMO_LENGTH,
        session_id=DEMO_ID,
    )
    ids = []
    for activity, text, principles, themes in DEMO_OUTPUTS:
        if activity in plan:
            ids.append(add_output(path, activity, text, principles=principles, themes=themes)[0].id)
    for index, (status, text) in DEMO_RESPONSES.items():
        if index < len(ids):
            record_response(path, ids[index], status, text)
    return path, True
