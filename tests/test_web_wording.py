"""The page's wording: every language complete, and the language chosen for a request."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import DataFileError
from kit.web.wording import choose_language, load_wording


def test_every_language_has_every_english_key_and_a_direction() -> None:
    languages = load_wording()
    assert {"en", "ar", "fa", "ti", "am"} <= set(languages)
    keys = set(languages["en"].text)
    for language in languages.values():
        assert set(language.text) == keys
        assert all(value.strip() for value in language.text.values())
    assert {code for code, lang in languages.items() if lang.dir == "rtl"} == {"ar", "fa"}


def test_the_language_is_picked_then_negotiated_then_english() -> None:
    assert choose_language("am", "ar").code == "am"
    assert choose_language(None, "de-DE,fa;q=0.8,ar;q=0.9").code == "ar"
    assert choose_language("zz", "ti-ER").code == "ti"
    assert choose_language(None, "de, fr;q=0.5").code == "en"
    assert choose_language(None, "ar;q=0, vi;q=bad").code == "en"
    assert choose_language(None, None).code == "en"


def test_a_language_missing_a_key_is_refused_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "wording.toml"
    broken.write_text(
        '[languages.en]\nname = "English"\ndir = "ltr"\n[languages.xx]\nname = "X"\ndir = "ltr"\n'
        '[text.en]\nsend = "Send"\nyes = "Yes"\n[text.xx]\nsend = "S"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="lacks 'yes'"):
        load_wording(broken)
