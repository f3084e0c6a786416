"""Benchmark: the printed pack for one session (cards for 8 activities, the brief, 30 feedback sheets).

Prints the time of the kit's printables against a plain reportlab baseline that draws the same
number of pages with the same text (plain paragraphs in the same embedded font, no shaping or
script handling) and the same number of QR codes (reportlab's own QR widget).
Goal: whole pack under 2 s, at most 2x the baseline. It prints, it does not fail.

Then a realistic sheets run: a 10-item session, 30 copies in English and 30 in Arabic (every item
translated), in seconds per page against a plain platypus baseline with the same pages, text and QR
codes in the same run. Goal: at most 1.5x the baseline per page.

    .venv/bin/python bench/printables.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from kit.library import get_activity
from kit.printables import theme
from kit.printables.brief import render_brief
from kit.printables.cards import render_cards
from kit.printables.sheets import render_sheets
from kit.store import add_output, create_session, record_response, set_translations

PLAN = [
    "ground-rules",
    "check-in",
    "body-map",
    "diamond-ranking",
    "river-journey",
    "problem-tree",
    "dot-voting",
    "check-out",
]
OUTPUTS = [
    ("body-map", "Heart: someone who believes you on the first day.", "acted", "Key workers now meet every arrival."),
    (
        "body-map",
        "Feet: a safe place to sleep that does not change every week.",
        "considering",
        "Housing is looking at it.",
    ),
    ("diamond-ranking", "نريد مترجما يفهمنا", "passed-on", "ሓገዝ ንደሊ ኢና — sent to the interpreting service."),
    (
        "dot-voting",
        "Chúng tôi cần người phiên dịch. Ne duam përkthyes.",
        "not-possible",
        "We cannot change this, but will ask.",
    ),
]
COPIES = 30
BASE_URL = "http://192.168.1.20:8765"


def make_session(folder: Path) -> Path:
    """A session of eight activities with four outputs on the feedback sheet (some in other scripts)."""
    path = create_session(folder, "Our first week", PLAN, date="2026-03-14", languages=["en", "ar", "ti"])
    for activity, text, status, response in OUTPUTS:
        output, _ = add_output(path, activity, text)
        record_response(path, output.id, status, response)
    return path


def kit_pack(session: Path, out: Path) -> list[Path]:
    """The kit's three documents for one session."""
    activities = [get_activity(a) for a in PLAN]
    return [
        render_cards(activities, out / "cards.pdf"),
        render_brief(session, out / "brief.pdf"),
        render_sheets(session, out / "sheets.pdf", COPIES, BASE_URL),
    ]


def page_texts(pdfs: list[Path]) -> list[list[str]]:
    """The text of every page of each PDF (what the baseline has to draw)."""
    return [[page.extract_text() or "" for page in PdfReader(pdf).pages] for pdf in pdfs]


def baseline_pack(documents: list[list[str]], qr_pages: int, out: Path, qr_every: int = 1) -> None:
    """Plain reportlab: the same pages and text as paragraphs in Noto Sans, and QR widgets on sheet pages."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = ParagraphStyle("plain", fontName="Kit-Latin", fontSize=8, leading=10)
    for n, pages in enumerate(documents):
        story = []
        for p, text in enumerate(pages):
            story += [Paragraph(line, style) for line in text.splitlines() if line.strip()]
            if n == len(documents) - 1 and p < qr_pages and p % qr_every == 0:
                drawing = Drawing(100, 100)
                drawing.add(QrCodeWidget(f"{BASE_URL}/f/{'x' * 22}{p}", barWidth=100, barHeight=100))
                story.append(drawing)
            story.append(PageBreak())
        doc = SimpleDocTemplate(str(out / f"baseline-{n}.pdf"), initialFontName="Kit-Latin")
        doc.build(story[:-1])


def timed(action: object, repeats: int) -> tuple[float, float]:
    """(first run, median of the later runs) in seconds."""
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


TEN_ITEMS = [
    (
        "body-map",
        "Someone who believes you on the first day.",
        "acted",
        "Key workers now meet every arrival on day one.",
    ),
    ("body-map", "A safe place to sleep that does not change every week.", "considering", "Housing is looking at it."),
    (
        "diamond-ranking",
        "An interpreter who speaks my dialect and is kind.",
        "passed-on",
        "Sent to the interpreting team.",
    ),
    (
        "river-journey",
        "Waiting for a decision feels like limbo.",
        "passed-on",
        "We wrote to the local MP with your words.",
    ),
    (
        "problem-tree",
        "Turning 18 should not mean losing your worker.",
        "considering",
        "The leaving care team will reply in May.",
    ),
    ("dot-voting", "More English classes, in the evening too.", "acted", "Two more classes a week from June."),
    (
        "dot-voting",
        "Free travel to college.",
        "not-possible",
        "The council cannot pay for it this year; we asked twice.",
    ),
    ("check-out", "Someone to talk to on Fridays (24 hours).", "considering", "We are asking about a drop-in."),
    ("body-map", "Being told what happens next with my case.", "acted", "Workers now call every two weeks."),
    ("river-journey", "Football on Saturdays.", "acted", "The youth club opens on Saturdays from 1 April."),
]
ARABIC_ITEMS = [
    ("شخص يصدقك من اليوم الأول.", "العاملون يقابلون كل قادم جديد في يومه الأول."),
    ("مكان آمن للنوم لا يتغير كل أسبوع.", "فريق السكن يدرس الأمر."),
    ("مترجم يتكلم لهجتي ويكون لطيفاً.", "أرسلناه إلى فريق الترجمة."),
    ("انتظار القرار يشبه العيش في فراغ.", "كتبنا إلى النائب المحلي بكلماتكم."),
    ("بلوغ ١٨ سنة لا يجب أن يعني خسارة العامل.", "سيرد فريق رعاية الشباب في مايو."),
    ("دروس إنجليزية أكثر، في المساء أيضاً.", "درسان إضافيان كل أسبوع من يونيو."),
    ("مواصلات مجانية إلى الكلية.", "لا يستطيع المجلس دفعها هذه السنة؛ سألنا مرتين."),
    ("شخص نتكلم معه يوم الجمعة (24 ساعة).", "نسأل عن مكان مفتوح للزيارة."),
    ("أن يخبرونا بما سيحدث في قضيتنا.", "العاملون يتصلون كل أسبوعين الآن."),
    ("كرة القدم يوم السبت.", "نادي الشباب يفتح أيام السبت من ١ أبريل."),
]


def ten_item_session(folder: Path) -> Path:
    """A realistic session for the sheets: ten items on the sheet, each translated into Arabic."""
    path = create_session(folder, "Spring group", PLAN, date="2026-03-14", languages=["en", "ar"])
    entries = []
    for (activity, text, status, response), (said, happened) in zip(TEN_ITEMS, ARABIC_ITEMS, strict=True):
        output, _ = add_output(path, activity, text)
        record_response(path, output.id, status, response)
        entries += [(output.id, "sheet_text", said), (output.id, "what_happened", happened)]
    set_translations(path, "ar", entries)
    return path


def sheets_per_page(folder: Path, repeats: int) -> None:
    """Seconds per page of 30 sheets in English and in Arabic, against plain platypus with the same pages."""
    session = ten_item_session(folder / "sheets-sessions")
    for language in ("en", "ar"):
        out = folder / f"sheets-{language}.pdf"
        _, kit = timed(
            lambda out=out, lang=language: render_sheets(session, out, COPIES, BASE_URL, language=lang), repeats
        )
        documents = page_texts([out])
        pages = len(documents[0])
        per_copy = pages // COPIES  # the kit draws a QR code on the first page of each copy only

        def baseline(documents: list[list[str]] = documents, pages: int = pages, per_copy: int = per_copy) -> None:
            baseline_pack(documents, pages, folder, qr_every=per_copy)

        _, base = timed(baseline, repeats)
        print(
            f"sheets {language}: {COPIES} copies on {pages} pages; kit {kit / pages * 1000:.1f} ms a page, "
            f"baseline {base / pages * 1000:.1f} ms a page; ratio {kit / base:.2f}   (goal: at most 1.5)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = make_session(folder / "sessions")
        start = time.perf_counter()
        theme.register_fonts()
        fonts = time.perf_counter() - start
        first, kit = timed(lambda: kit_pack(session, folder), args.repeats)
        pdfs = [folder / "cards.pdf", folder / "brief.pdf", folder / "sheets.pdf"]
        documents = page_texts(pdfs)
        qr_pages = len(documents[-1])
        _, base = timed(lambda: baseline_pack(documents, qr_pages, folder), args.repeats)
        pages = [len(d) for d in documents]
    print(f"pack: cards {pages[0]} pages, brief {pages[1]} pages, {COPIES} sheets on {pages[2]} pages")
    print(f"font registration (once per process): {fonts * 1000:.0f} ms")
    print(f"kit pack:  first run {first:.2f} s, then median {kit:.2f} s   (goal: under 2 s)")
    print(f"baseline:  median {base:.2f} s")
    print(f"ratio kit / baseline: {kit / base:.2f}   (goal: at most 2)")
    with tempfile.TemporaryDirectory() as tmp:
        sheets_per_page(Path(tmp), args.repeats)


if __name__ == "__main__":
    main()
