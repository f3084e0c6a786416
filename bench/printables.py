"""Benchmark: the printed pack for one session (cards for 8 activities, the brief, 30 feedback sheets).

Prints the time of the kit's printables against a plain reportlab baseline that draws the same
number of pages with the same text (plain paragraphs in the same embedded font, no shaping or
script handling) and the same number of QR codes (reportlab's own QR widget).
Goal: whole pack under 2 s, at most 2x the baseline. It prints, it does not fail.

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
from kit.store import add_output, create_session, record_response

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


def baseline_pack(documents: list[list[str]], qr_pages: int, out: Path) -> None:
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
            if n == len(documents) - 1 and p < qr_pages:
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


if __name__ == "__main__":
    main()
