"""Every catalogue keeps the kit's promises: no 'stays in this room', no frightening status words."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kit.model import STATUSES
from kit.vocab import load_wording

LOCALE = Path(__file__).parent.parent / "kit" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def _texts(path: Path) -> list[tuple[str, str]]:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    pairs = []
    for message in catalogue:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs += [(ids[0], text) for text in (*ids, *strings) if text]
    return pairs


def test_every_catalogue_language_has_status_words_to_avoid() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert CATALOGUES and languages <= set(load_wording().banned_in_status)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_no_catalogue_makes_a_promise_the_kit_cannot_keep(path: Path) -> None:
    rules = load_wording()
    for msgid, text in _texts(path):
        assert rules.banned_phrase(text) is None, (msgid, text)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_status_wording_never_sounds_like_the_authorities(path: Path) -> None:
    rules = load_wording()
    language = path.parts[-3]
    statuses = set(STATUSES.values())
    found = [(msgid, text) for msgid, text in _texts(path) if msgid in statuses]
    for msgid, text in found:
        assert rules.banned_status_word(language, text) is None, (msgid, text)


def test_the_status_check_catches_the_old_drafts() -> None:
    rules = load_wording()
    assert rules.banned_status_word("fa", "به مسئولان فرستاده شد")
    assert rules.banned_status_word("ar", "تم تحويله إلى الجهة المسؤولة")
    assert rules.banned_status_word("ro", "Transmis celor responsabili")
    assert rules.banned_status_word("en", "Sent to the authorities")
    assert rules.banned_status_word("en", "We took it to the people who can change this") is None
    assert rules.banned_phrase("What you say here  stays in\nthis room.") == "stays in this room"
