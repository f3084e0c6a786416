"""Interpreter brief, read as an interpreter would: notes first, steps above the words, their language throughout."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from printables_helpers import PLAN, make_session, pdf_pages, squash

from kit.errors import InputError
from kit.i18n import format_minutes, language_name, translator
from kit.library import get_activity
from kit.printables.brief import render_brief, session_terms
from kit.vocab import load_glossary, load_guidance


def _plain(text: str) -> str:
    """Text with Arabic presentation forms folded back to letters and no spaces (PDF text loses some)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Mn")


def _spans(page: pymupdf.Page) -> list[dict]:
    return [
        span
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        if span["text"].strip()
    ]


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("briefs")
    sessions = folder / "sessions"
    sessions.mkdir()
    path = make_session(sessions)
    return {
        lang: render_brief(path, folder / f"brief-{lang}.pdf", language=lang) for lang in ("en", "ar", "fa", "ti", "vi")
    }


def test_brief_has_cover_rules_run_sheet_and_the_session_glossary(briefs: dict[str, Path]) -> None:
    pages = pdf_pages(briefs["en"])
    text = " ".join(pages)
    assert "Interpreter brief" in pages[0] and "Our first week" in pages[0] and "2026-03-14" in pages[0]
    assert "English, Arabic, and Tigrinya" in pages[0] and "Sam" in pages[0]
    for heading, _ in load_guidance("interpreting", "brief"):
        assert heading in pages[0]
    assert "How to interpret in this room" in pages[1]
    for heading, rule in load_guidance("interpreting", "rule"):
        assert squash(heading) in text and squash(rule) in text
    for activity_id in PLAN:
        activity = get_activity(activity_id)
        assert squash(activity.title) in text and squash(activity.interpreter_notes) in text
        for step in activity.steps:
            assert squash(step.say) in text
    assert "Your translation" in text
    assert 5 <= len(pages) <= 30


def test_every_page_says_page_x_of_n_and_the_pdf_has_title_and_language(briefs: dict[str, Path]) -> None:
    pages = pdf_pages(briefs["en"])
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert re.search(r"Interpreter brief · \d{8}-[0-9a-z]+ ", page) and "\u200e" not in page
    with pymupdf.open(briefs["en"]) as doc:
        assert doc.metadata["title"] == "Interpreter brief: Our first week"
        assert doc.xref_get_key(doc.pdf_catalog(), "Lang") == ("string", "en")
    with pymupdf.open(briefs["ar"]) as doc:
        assert doc.xref_get_key(doc.pdf_catalog(), "Lang") == ("string", "ar")
        assert doc.metadata["title"] == f"{translator('ar')('Interpreter brief')}: Our first week"
        footer = _plain(doc[-1].get_text())
        assert _plain(translator("ar")("Interpreter brief")) in footer, "the footer keeps its words in Arabic"


def test_interpreter_notes_are_the_most_prominent_and_steps_sit_above_the_words(briefs: dict[str, Path]) -> None:
    first = get_activity(PLAN[0])
    with pymupdf.open(briefs["en"]) as doc:
        page = next(p for p in doc if "Run sheet" in p.get_text())
        spans = _spans(page)
    note = [s for s in spans if s["text"].strip() and s["text"].strip() in first.interpreter_notes]
    step = next(s for s in spans if s["text"].startswith("1.1"))
    say = next(s for s in spans if s["text"].startswith("“") and s["text"][1:20] in first.steps[0].say)
    purpose = [s for s in spans if s["text"].strip() and s["text"].strip() in first.purpose]
    title = next(s for s in spans if s["text"].startswith("1. "))
    assert note and min(s["size"] for s in note) >= title["size"] > say["size"]
    assert min(s["size"] for s in note) > step["size"] > say["size"] >= max(s["size"] for s in purpose)
    assert step["bbox"][1] < say["bbox"][1], "the step heading sits above the facilitator's words"
    assert max(s["bbox"][3] for s in note) < min(s["bbox"][1] for s in purpose), "the note comes first"


def test_minutes_and_language_names_come_from_cldr() -> None:
    assert format_minutes(1, "en") == "1 minute" and format_minutes(10, "en") == "10 minutes"
    assert format_minutes(10, "ar") == "10 دقائق" and format_minutes(11, "ar") == "11 دقيقة"
    assert format_minutes(5, "ti").endswith("ደቒቓታት")
    assert language_name("ti", "ar") == "التغرينية" and language_name("ar", "en") == "Arabic"
    assert language_name("prs", "en") == "Dari"


def test_arabic_brief_translates_the_rules_and_units_and_names_languages_in_arabic(briefs: dict[str, Path]) -> None:
    _ = translator("ar")
    text = _plain(" ".join(page.get_text() for page in pymupdf.open(briefs["ar"])))
    for heading, _rule in load_guidance("interpreting", "rule"):
        assert _plain(_(heading)) in text and _plain(heading) not in text
    for _heading, cover_text in load_guidance("interpreting", "brief"):
        words = [w.strip(".,:;،؛") for w in _(cover_text).split() if len(w) > 4]
        found = [w for w in words if _plain(w) in text]
        assert len(found) >= 0.8 * len(words) and _plain(cover_text)[:30] not in text
    assert "دقائق" in text  # 3-10 minutes take the plural form
    assert _plain(language_name("ti", "ar")) in text and "Tigrinya" not in text
    assert "English" not in text


def test_glossary_has_only_the_sessions_terms_sorted(briefs: dict[str, Path]) -> None:
    terms = session_terms([get_activity(a) for a in PLAN])
    assert [t.term for t in terms] == sorted((t.term for t in terms), key=str.casefold)
    unused = [t for t in load_glossary() if t not in terms]
    assert terms and unused
    glossary = pdf_pages(briefs["en"])[-1].split("Your translation", 1)[1]
    positions = [glossary.index(squash(t.term)) for t in terms]
    assert positions == sorted(positions)
    for term in unused:
        assert squash(term.meaning) not in glossary


def test_glossary_is_mirrored_right_to_left_with_the_translation_column_last(briefs: dict[str, Path]) -> None:
    def header_x(pdf: Path, language: str) -> tuple[float, float]:
        _ = translator(language)
        with pymupdf.open(pdf) as doc:
            spans = _spans(doc[-1])
        find = {_plain(s["text"]): s["bbox"][0] for s in spans}
        return find[_plain(_("Term"))], find[_plain(_("Your translation"))]

    term, own = header_x(briefs["en"], "en")
    assert term < own  # left to right: the translation column is last, at the right
    term, own = header_x(briefs["ar"], "ar")
    assert term > own  # right to left: the term at the right, the translation last, at the left


def test_tigrinya_brief_keeps_every_heading_in_tigrinya(briefs: dict[str, Path]) -> None:
    _ = translator("ti")
    text = _plain(" ".join(page.get_text() for page in pymupdf.open(briefs["ti"])))
    for message in ("Run sheet", "Glossary", "For the interpreter", "Before the session"):
        assert _plain(_(message)) in text and _plain(message) not in text


def test_brief_refuses_an_unknown_language_and_writes_nothing(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    with pytest.raises(InputError, match="No translation for language 'xx'"):
        render_brief(path, tmp_path / "b.pdf", language="xx")
    assert list(tmp_path.glob("*.pdf")) == []


def test_run_sheet_follows_the_plan_with_clock_times_breaks_and_minutes_with_interpreting(
    sessions: Path, tmp_path: Path
) -> None:
    from kit.model import Block
    from kit.plan import interpreted_activity_minutes, interpreted_step_minutes
    from kit.store import create_session

    blocks = [Block("activity", "check-in"), Block("break", minutes=15, title="Tea"), Block("activity", "dot-voting")]
    path = create_session(
        sessions, "Timed", ["check-in", "dot-voting"], blocks=blocks, start="10:00", interpreter=True, languages=["ar"]
    )
    text = " ".join(pdf_pages(render_brief(path, tmp_path / "timed.pdf")))
    check_in = get_activity("check-in")
    assert f"10:00 1. {check_in.title} ({interpreted_activity_minutes(check_in)} minutes)" in text
    first = check_in.steps[0]
    assert f"10:00 1.1 {first.title} ({interpreted_step_minutes(first)} minutes)" in text
    tea_start = 10 * 60 + interpreted_activity_minutes(check_in)
    assert f"{tea_start // 60}:{tea_start % 60:02} 2. Tea (" in text
    assert "Time: 10:00 to " in text


def test_an_untitled_break_is_named_in_the_briefs_language(sessions: Path, tmp_path: Path) -> None:
    from kit.model import Block
    from kit.store import create_session

    blocks = [Block("activity", "check-in"), Block("break", minutes=10)]
    path = create_session(sessions, "Short", ["check-in"], blocks=blocks, languages=["ar"])
    text = _plain(
        " ".join(page.get_text() for page in pymupdf.open(render_brief(path, tmp_path / "b.pdf", language="ar")))
    )
    assert _plain(translator("ar")("Break")) in text and "Break" not in text


def test_write_on_lines_start_at_the_right_in_arabic(briefs: dict[str, Path]) -> None:
    def lines(pdf: Path) -> list[pymupdf.Rect]:
        with pymupdf.open(pdf) as doc:
            return [d["rect"] for d in doc[0].get_drawings() if d["rect"].height < 1 and d["rect"].width > 100]

    page_width = pymupdf.open(briefs["en"])[0].rect.width
    assert lines(briefs["en"]) and all(r.x0 < page_width / 4 for r in lines(briefs["en"]))
    assert lines(briefs["ar"]) and all(r.x1 > page_width * 3 / 4 for r in lines(briefs["ar"]))


def test_no_glyph_of_the_brief_in_five_languages_is_a_blank(briefs: dict[str, Path]) -> None:
    from printables_helpers import drawn_glyphs

    for language, pdf in briefs.items():
        for page in drawn_glyphs(pdf):
            blanks = [(ch, font) for ch, font, gid, _, _ in page if gid == 0 and not ch.isspace()]
            assert not blanks, f"{language}: drawn as .notdef: {blanks}"
