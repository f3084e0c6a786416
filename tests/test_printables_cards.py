"""Activity cards, measured as a print designer would: type sizes, card counts, sizes, bleed, marks, contrast.

Every library card is rendered once per run (normal, large print, Letter) and written as PNGs to
build/renders/cards/ so a person can look at them after `make test`.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from printables_helpers import squash
from reportlab.lib import colors
from reportlab.lib.units import mm

from kit.library import Activity, get_activity, load_library
from kit.plan import interpreted_activity_minutes
from kit.printables import theme
from kit.printables.cards import (
    LARGE_PRINT,
    NORMAL,
    check_cards,
    lay_out_cards,
    render_cards,
    sheet_for,
    write_cards,
)
from kit.vocab import load_principles

RENDERS = Path(__file__).parent.parent / "build" / "renders" / "cards"
HEADINGS = ("In easy words", "Steps", "You need", "Keep everyone safe", "For the interpreter", "If reading is hard")
PT = 72 / 25.4  # points in a millimetre


def _render(name: str, activities: list[Activity], **kwargs: object) -> tuple[Path, list]:
    """Write the cards, save each page as a PNG for a person to look at, return the PDF and the cards."""
    RENDERS.mkdir(parents=True, exist_ok=True)
    out = RENDERS / f"{name}.pdf"
    cards = write_cards(activities, out, **kwargs)  # type: ignore[arg-type]
    for old in RENDERS.glob(f"{name}-*.png"):
        old.unlink()
    with pymupdf.open(out) as doc:
        for number, page in enumerate(doc, 1):
            page.get_pixmap(dpi=50).save(RENDERS / f"{name}-{number:02}.png")
    return out, cards


@pytest.fixture(scope="module")
def library() -> list[Activity]:
    return list(load_library().values())


@pytest.fixture(scope="module")
def a4(library: list[Activity]) -> tuple[Path, list]:
    return _render("library-a4", library)


@pytest.fixture(scope="module")
def letter(library: list[Activity]) -> tuple[Path, list]:
    return _render("library-letter", library, paper="letter")


@pytest.fixture(scope="module")
def large(library: list[Activity]) -> tuple[Path, list]:
    return _render("library-large-print", library, large_print=True)


def _spans(pdf: Path) -> list[list[dict]]:
    """Every text span of every page: text, size, font, colour, bbox."""
    pages = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            spans = [
                span
                for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", [])
                for span in line["spans"]
                if span["text"].strip()
            ]
            pages.append(spans)
    return pages


def _card_rects(paper: str, layout: object, back: bool = False) -> list[pymupdf.Rect]:
    """Each card's cut line as a PyMuPDF rectangle (top-left origin)."""
    sheet = sheet_for(paper, layout)  # type: ignore[arg-type]
    height = sheet.page[1]
    rects = [sheet.back(i) for i in range(len(sheet.rects))] if back else list(sheet.rects)
    return [pymupdf.Rect(x, height - y - h, x + w, height - y) for x, y, w, h in rects]


def _text_in(pdf: Path, page: int, rect: pymupdf.Rect) -> str:
    with pymupdf.open(pdf) as doc:
        return squash(doc[page].get_text("text", clip=rect))


@pytest.mark.parametrize("fixture", ["a4", "letter"])
def test_every_card_is_read_at_10_pt_or_more(fixture: str, request: pytest.FixtureRequest) -> None:
    pdf, _ = request.getfixturevalue(fixture)
    sizes = [span["size"] for page in _spans(pdf) for span in page]
    assert min(sizes) >= 10 - 0.01
    assert max(sizes) >= 14 - 0.01  # titles stand out


def test_large_print_body_is_16_pt_and_headings_bands_and_icons_scale_with_it(large: tuple[Path, list]) -> None:
    pdf, _ = large
    spans = [span for page in _spans(pdf) for span in page]
    assert min(span["size"] for span in spans) >= 16 - 0.01
    band_labels = [s for s in spans if s["color"] == 0xFFFFFF]
    assert band_labels and min(s["size"] for s in band_labels) >= 16 - 0.01
    headings = [s for s in spans if squash(s["text"]) in HEADINGS]
    assert min(s["size"] for s in headings) >= 11 * theme.LARGE_PRINT_SCALE - 0.01
    with pymupdf.open(pdf) as doc:
        icon_discs = [d["rect"] for d in doc[0].get_drawings() if d["fill"] and d["rect"].width == d["rect"].height]
    assert icon_discs and min(r.width for r in icon_discs) >= theme.ICON_SIZE * theme.LARGE_PRINT_SCALE - 0.5


@pytest.mark.parametrize("fixture", ["a4", "letter", "large"])
def test_card_count_in_the_pdf_is_one_title_per_card_front(fixture: str, request: pytest.FixtureRequest) -> None:
    pdf, cards = request.getfixturevalue(fixture)
    pages = _spans(pdf)
    title_size = max(span["size"] for span in pages[0])
    fronts = [span["text"] for page in pages[0::2] for span in page if abs(span["size"] - title_size) < 0.01]
    titles = " ".join(fronts)
    assert sum(1 for span in fronts if span) >= len(cards)
    for card in cards:
        assert squash(card.activity.title) in squash(titles)
    assert len(pages) % 2 == 0, "a back page for every front page"
    per_sheet = 1 if fixture == "large" else 4
    assert len(pages) == 2 * -(-sum(card.count for card in cards) // per_sheet)


def test_most_of_the_library_fits_one_card_each_and_the_rest_are_numbered(a4: tuple[Path, list]) -> None:
    pdf, cards = a4
    assert sum(card.count == 1 for card in cards) >= len(cards) // 2
    text = " ".join(squash(page.get_text()) for page in pymupdf.open(pdf))
    for card in cards:
        if card.count > 1:
            assert f"card 1/{card.count}" in text and f"{card.activity.title} · {card.count}/{card.count}" in text
    warned = check_cards([card.activity for card in cards], papers=("a4",))
    assert len(warned) == sum(card.count > 1 for card in cards)
    for warning in warned:  # shown in the test summary, for the activities' authors
        warnings.warn(warning, UserWarning, stacklevel=1)


def test_keep_everyone_safe_is_whole_on_one_card_face(a4: tuple[Path, list]) -> None:
    pdf, cards = a4
    backs = _card_rects("a4", NORMAL, back=True)
    faces = [(card, k) for card in cards for k in range(card.count)]
    for n, (card, k) in enumerate(faces):
        if k:
            continue
        page, slot = 2 * (n // 4) + 1, n % 4
        text = _text_in(pdf, page, backs[slot])
        assert "Keep everyone safe" in text, card.activity.id
        assert squash(card.activity.safeguarding_notes) in text.split("Keep everyone safe", 1)[1], card.activity.id


def test_no_heading_is_left_at_the_foot_of_a_card(a4: tuple[Path, list], large: tuple[Path, list]) -> None:
    for pdf, layout in ((a4[0], NORMAL), (large[0], LARGE_PRINT)):
        with pymupdf.open(pdf) as doc:
            for number, page in enumerate(doc):
                for rect in _card_rects("a4", layout, back=bool(number % 2)):
                    lines = [squash(line) for line in page.get_text("text", clip=rect).splitlines() if line.strip()]
                    if lines:
                        assert lines[-1] not in HEADINGS and not lines[-1].endswith("(continued)"), (number, lines)


def test_a_very_long_activity_goes_on_numbered_cards_with_its_title_and_nothing_is_lost(tmp_path: Path) -> None:
    body_map = get_activity("body-map")
    long = replace(body_map, safeguarding_notes=" ".join([body_map.safeguarding_notes] * 4))
    out = tmp_path / "long.pdf"
    cards = write_cards([long], out)
    assert cards[0].count >= 2
    fronts, backs = _card_rects("a4", NORMAL), _card_rects("a4", NORMAL, back=True)
    faces = [_text_in(out, page, rects[k]) for k in range(cards[0].count) for page, rects in ((0, fronts), (1, backs))]
    minutes = f"45 min, {interpreted_activity_minutes(long)} with interpreting"
    assert f"{long.title} {minutes} · 3–12 people · card 2/{cards[0].count}" in faces[2]
    words = iter(" ".join(faces).split())  # card 1 front, card 1 back, card 2 front...
    assert all(word in words for word in long.safeguarding_notes.split()), "every word, in order, across the cards"
    warnings = check_cards([long, get_activity("dot-voting")], papers=("a4",))
    assert len(warnings) == 1 and "body-map" in warnings[0] and "kit/activities/body-map.toml" in warnings[0]
    lines = int(warnings[0].split("by at least ")[1].split()[0])
    assert 10 <= lines <= 40  # the safety note was made three times longer: about that many lines over


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_four_cards_a_sheet_with_gutters_and_everything_clear_of_the_unprintable_edge(paper: str) -> None:
    sheet = sheet_for(paper, NORMAL)
    pw, ph = sheet.page
    assert len(sheet.rects) == 4
    (x0, _, w, h), (x1, _, _, _) = sheet.rects[0], sheet.rects[1]
    assert x1 - (x0 + w) >= 2 * theme.BLEED - 0.01  # room for both cards' bleed, never the neighbour's colour
    assert 90 * mm <= w <= 105 * mm and 120 * mm <= h <= 148 * mm  # as close to A6 as a home printer allows
    assert abs(x0 - (pw - x1 - w)) < 0.01, "symmetric, so backs land behind fronts when flipped on the long edge"


@pytest.mark.parametrize("fixture,paper", [("a4", "a4"), ("letter", "letter")])
def test_marks_and_colour_stay_out_of_the_5_mm_edge_and_a_miscut_shows_no_neighbour(
    fixture: str, paper: str, request: pytest.FixtureRequest
) -> None:
    pdf, _ = request.getfixturevalue(fixture)
    with pymupdf.open(pdf) as doc:
        for number, page in enumerate(doc):
            safe = page.rect + (theme.UNPRINTABLE, theme.UNPRINTABLE, -theme.UNPRINTABLE, -theme.UNPRINTABLE)
            drawings = page.get_drawings()
            assert all(d["rect"] in safe for d in drawings)
            cards = _card_rects(paper, NORMAL, back=bool(number % 2))
            bands = [d["rect"] for d in drawings if d["type"] == "f" and d["fill"] != (1.0, 1.0, 1.0)]
            for band in bands:
                own = max(cards, key=lambda r: (band & r).get_area())
                for other in cards:
                    if other != own:
                        miscut = other + (-theme.BLEED + 0.1, -theme.BLEED + 0.1, theme.BLEED - 0.1, theme.BLEED - 0.1)
                        assert not band.intersects(miscut), "a neighbour's colour inside a miscut"
            tops = [band for band in bands if band.y0 < min(r.y0 for r in cards) + 1]
            if tops:
                assert min(b.y0 for b in tops) <= min(r.y0 for r in cards) - theme.BLEED + 0.1, "bleed above the cut"
            if number % 2 == 0:
                marks = [d for d in drawings if d["type"] == "s"]
                xs = {round(x, 1) for r in cards for x in (r.x0, r.x1)}
                assert len(marks) >= 2 * len(xs) and all(d["rect"] in safe for d in marks)


def test_band_text_reads_at_4_5_to_1_on_every_principle_colour() -> None:
    for principle in load_principles().values():
        band = theme.band_colour(principle.colour)
        assert theme.contrast_ratio(band, colors.white) >= 4.5, principle.article
    green = colors.HexColor(load_principles()[6].colour)
    assert theme.contrast_ratio(green, colors.white) < 4.5, "the check can fail: the raw green is too light"
    assert theme.contrast_ratio(colors.white, colors.black) == pytest.approx(21)


def test_band_labels_are_never_cut_even_with_four_principles(tmp_path: Path) -> None:
    four = replace(get_activity("four-rights"), principles=(2, 3, 6, 12))
    for large_print in (False, True):
        out = tmp_path / f"four-{large_print}.pdf"
        write_cards([four], out, large_print=large_print)
        with pymupdf.open(out) as doc:
            page = doc[0]
            segments = [d["rect"] for d in page.get_drawings() if d["type"] == "f" and d["rect"].width > 40]
            labels = [s for s in _spans(out)[0] if s["color"] == 0xFFFFFF]
        assert {squash(s["text"]).removeprefix("Art. ") for s in labels} == {"2", "3", "6", "12"}
        for label in labels:
            box = pymupdf.Rect(label["bbox"])
            assert any(box in segment for segment in segments), label["text"]


def test_backs_are_mirrored_for_a_long_edge_flip(a4: tuple[Path, list]) -> None:
    pdf, cards = a4
    first = cards[0].activity.title
    fronts, backs = _card_rects("a4", NORMAL), _card_rects("a4", NORMAL, back=True)
    assert first in _text_in(pdf, 0, fronts[0]) and first in _text_in(pdf, 1, backs[0])
    assert backs[0] == fronts[1], "the back of the top-left card is printed top-right"


def test_pdf_says_its_title_and_language(a4: tuple[Path, list]) -> None:
    with pymupdf.open(a4[0]) as doc:
        assert doc.metadata["title"] == "Activity cards"
        assert doc.xref_get_key(doc.pdf_catalog(), "Lang") == ("string", "en")


def test_large_print_and_letter_lay_out_every_activity(library: list[Activity]) -> None:
    for paper, layout in (("letter", NORMAL), ("a4", LARGE_PRINT)):
        cards = lay_out_cards(library[:3], paper, layout)
        assert [c.activity.id for c in cards] == [a.id for a in library[:3]]


def test_render_cards_refuses_a_non_pdf_name(tmp_path: Path) -> None:
    from kit.errors import InputError

    with pytest.raises(InputError, match="should end in .pdf"):
        render_cards([get_activity("dot-voting")], tmp_path / "cards.txt")


def test_authors_command_names_the_activities_too_long_for_one_card(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kit.printables import cards

    body_map, dot_voting = get_activity("body-map"), get_activity("dot-voting")
    long = replace(body_map, purpose=" ".join([body_map.purpose] * 5))
    monkeypatch.setattr("kit.library.load_library", lambda: {"body-map": long, "dot-voting": dot_voting})
    assert cards.main() == 1
    out = capsys.readouterr().out
    assert "'body-map' needs 2 cards on a4 paper" in out and "dot-voting" not in out
    monkeypatch.setattr("kit.library.load_library", lambda: {"dot-voting": dot_voting})
    assert cards.main() == 0 and "fits one card" in capsys.readouterr().out


def test_no_glyph_on_the_cards_is_a_blank(a4: tuple[Path, list]) -> None:
    from printables_helpers import drawn_glyphs

    for page in drawn_glyphs(a4[0]):
        blanks = [(ch, font) for ch, font, gid, _, _ in page if gid == 0 and not ch.isspace()]
        assert not blanks, f"drawn as .notdef: {blanks}"
