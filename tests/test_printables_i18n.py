"""Translation catalogues: English complete, every language has every message and a review note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.errors import DataFileError, InputError
from kit.i18n import LOCALE_DIR, available_languages, catalogue_path, load_catalogue, parse_po, translator
from kit.model import STATUSES
from kit.vocab import load_guidance

SOURCES = Path(__file__).parent.parent / "kit" / "printables"


def _messages_in_code() -> set[str]:
    pattern = re.compile(r"""_\((?:"([^"]+)"|'([^']+)')\)""")
    found: set[str] = set()
    for path in (SOURCES / "sheets.py", SOURCES / "brief.py"):
        found |= {a or b for a, b in pattern.findall(path.read_text(encoding="utf-8"))}
    return found


def test_english_lists_every_message_the_printables_use() -> None:
    english = load_catalogue("en")
    wanted = _messages_in_code()
    for kind in ("brief", "rule"):  # the brief sends every heading and text of the guidance through `_`
        wanted |= {part for pair in load_guidance("interpreting", kind) for part in pair}
    wanted |= {"Acted on", "Passed on", "Being considered", "Not possible"}
    assert wanted <= set(english), sorted(wanted - set(english))
    assert all(english[m] == m for m in english if m not in STATUSES.values())


STATUS_WORDS_TO_AVOID = {
    "en": ["report", "authorit", "passed on", "passed away", "police", "home office"],
    "ar": ["السلطات", "الجهة المسؤولة", "أبلغ", "الشرطة", "تحويل"],
    "fa": ["مقامات", "گزارش", "پلیس", "ارجاع"],
    "ro": ["autorit", "raport", "poliți", "decedat"],
}


@pytest.mark.parametrize("language", sorted(STATUS_WORDS_TO_AVOID))
def test_status_words_for_young_people_are_plain_and_neutral_on_the_sheet_and_the_page(language: str) -> None:
    from kit.web.wording import load_wording

    sheet, page = load_catalogue(language), load_wording()[language].messages
    for label in STATUSES.values():
        words = sheet[label]
        assert words == page[label], f"{language}: the sheet and the page word '{label}' differently"
        assert words != label or language != "en", "English shows plain words, not the facilitator's label"
        assert not any(bad in words.lower() for bad in STATUS_WORDS_TO_AVOID[language]), words


@pytest.mark.parametrize("language", ["ar", "fa", "ti", "am", "vi", "sq", "ro"])
def test_each_language_is_complete_and_marked_for_native_review(language: str) -> None:
    assert language in available_languages()
    assert set(load_catalogue(language)) == set(load_catalogue("en"))
    text = catalogue_path(language).read_text(encoding="utf-8")
    assert "native speaker" in text and "X-Review-Status" in text


def test_translator_falls_back_to_english_and_normalises_the_code() -> None:
    _ = translator("AR")
    assert _("yes") == "نعم"
    assert _("A message nobody translated") == "A message nobody translated"
    assert translator(None)("yes") == "yes"


def test_unknown_language_names_the_ones_available() -> None:
    with pytest.raises(InputError, match="ar, en"):
        translator("klingon")


def test_parser_reads_multiline_strings_escapes_and_skips_fuzzy_entries(tmp_path: Path) -> None:
    text = """msgid ""
msgstr "Language: xx\\n"

# a comment
msgid "Hello"
msgstr ""
"Hel"
"lo \\"you\\""

#, fuzzy
msgid "Draft"
msgstr "Not yet"

msgid "Untranslated"
msgstr ""
"""
    assert parse_po(text, tmp_path / "x.po") == {"Hello": 'Hello "you"'}


def test_parser_names_the_file_and_line_of_a_broken_entry(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="x.po, line 2"):
        parse_po('msgid "a"\nmsgstr "unterminated\n', tmp_path / "x.po")


def test_catalogues_live_under_kit_locale() -> None:
    assert LOCALE_DIR.name == "locale" and (LOCALE_DIR / "en" / "LC_MESSAGES" / "kit.po").is_file()
