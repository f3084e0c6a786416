"""Helpers shared by the printables tests: a realistic session, PDF text and page images."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import require_executable
from pypdf import PdfReader

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
ARABIC = "نريد مترجما يفهمنا"
TIGRINYA = "ሓገዝ ንደሊ ኢና"
OUTPUTS = [
    (
        "body-map",
        "Heart: someone who believes you on the first day.",
        [3],
        "acted",
        "Key workers now meet every new arrival on day one.",
    ),
    (
        "diamond-ranking",
        "An interpreter who speaks my dialect and is kind.",
        [2, 12],
        "passed-on",
        "Sent to the interpreting service.",
    ),
    ("dot-voting", ARABIC, [12], "considering", TIGRINYA),
]


def make_session(folder: Path, outputs: list[tuple] = OUTPUTS, plan: list[str] = PLAN) -> Path:
    """A session of eight planned activities with outputs and responses marked for the sheet."""
    path = create_session(
        folder,
        "Our first week",
        plan,
        date="2026-03-14",
        facilitator="Sam",
        languages=["en", "ar", "ti"],
        interpreter=True,
    )
    for activity, text, principles, status, response in outputs:
        output, _ = add_output(path, activity, text, principles=principles)
        record_response(path, output.id, status, response)
    return path


def squash(text: str) -> str:
    """Text with every run of whitespace made one space (PDF text wraps lines anywhere)."""
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, extracted with pypdf and squashed."""
    return [squash(page.extract_text() or "") for page in PdfReader(path).pages]


def render_pages(path: Path, dpi: int, out_dir: Path) -> list[Path]:
    """Render every page to PNG with pdftoppm and return the files in page order."""
    tool = require_executable("pdftoppm")
    prefix = out_dir / path.stem
    subprocess.run([tool, "-png", "-r", str(dpi), str(path), str(prefix)], check=True, capture_output=True)
    return sorted(out_dir.glob(f"{path.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def pdftotext_words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Words on one page with their boxes (text, x_min, y_min, x_max, y_max), from pdftotext -bbox."""
    import html
    import re

    tool = require_executable("pdftotext")
    result = subprocess.run(
        [tool, "-bbox", "-f", str(page), "-l", str(page), str(path), "-"], check=True, capture_output=True, text=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (html.unescape(w), float(a), float(b), float(c), float(d))
        for a, b, c, d, w in re.findall(pattern, result.stdout)
    ]


def drawn_glyphs(path: Path) -> list[list[tuple[str, str, int, float, float]]]:
    """Per page, every glyph drawn: (character, font, glyph id, x, y), read back with PyMuPDF."""
    import pymupdf

    pages = []
    with pymupdf.open(path) as doc:
        for page in doc:
            glyphs = []
            for span in page.get_texttrace():
                font = span["font"].split("+")[-1]
                glyphs += [(chr(c[0]), font, c[1], c[2][0], round(c[2][1], 1)) for c in span["chars"]]
            pages.append(glyphs)
    return pages
