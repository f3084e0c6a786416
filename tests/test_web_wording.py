"""The page's wording: every catalogue translates every message the page uses; the language chosen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.errors import DataFileError
from kit.model import STATUSES
from kit.web.app import HERE
from kit.web.wording import choose_language, load_wording


def page_messages() -> set[str]:
    """Every English message the page's templates ask for, and the status labels."""
    found: set[str] = set(STATUSES.values())
    for template in (HERE / "templates").glob("*.html"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', template.read_text(encoding="utf-8")))
    return found


def test_every_catalogue_translates_every_message_of_the_page() -> None:
    languages = load_wording()
    assert {"en", "ar", "fa", "ti", "am", "vi", "sq", "ro"} <= set(languages)
    wanted = page_messages()
    assert len(wanted) > 25
    for language in languages.values():
        missing = sorted(m for m in wanted if not language.messages.get(m, "").strip())
        assert missing == [], f"{language.code} lacks {missing[:3]}"
    assert {code for code, lang in languages.items() if lang.dir == "rtl"} == {"ar", "fa"}
    assert list(languages)[0] == "en"


def test_a_missing_message_falls_back_to_english() -> None:
    assert load_wording()["ar"].gettext("A message nobody translated") == "A message nobody translated"
    assert load_wording()["ar"].gettext("Send") == "إرسال"


def test_the_language_is_picked_then_negotiated_then_english() -> None:
    assert choose_language("am", "ar").code == "am"
    assert choose_language(None, "de-DE,fa;q=0.8,ar;q=0.9").code == "ar"
    assert choose_language("zz", "ti-ER").code == "ti"
    assert choose_language(None, "de, fr;q=0.5").code == "en"
    assert choose_language(None, "ar;q=0, vi;q=bad").code == "en"
    assert choose_language(None, None).code == "en"


def test_a_catalogue_without_its_name_or_direction_is_refused_naming_the_file(tmp_path: Path) -> None:
    for code, header in (("en", '"X-Language-Name: English\\n"\n"X-Text-Direction: ltr\\n"'), ("xx", "")):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "web.po").write_text(f'msgid ""\nmsgstr ""\n{header}\n\nmsgid "Send"\nmsgstr "S"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"xx/LC_MESSAGES/web.po: the header needs"):
        load_wording(tmp_path)
