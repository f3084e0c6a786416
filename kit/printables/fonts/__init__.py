"""Where the printables' font files come from: KIT_FONTS, then the copies shipped in this folder, then the system.

This module only finds files and checks they can be read; which font draws which character is the
theme's business (`kit.printables.theme`). The Noto fonts beside this file are under the SIL Open
Font License (OFL.txt; Noto Emoji's notice in OFL-NotoEmoji.txt), so a laptop with no Noto fonts
installed still prints every script, and emoji as black-and-white pictures.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError

__all__ = [
    "BUNDLED",
    "FONT_ENV",
    "FONT_FILES",
    "SYSTEM_FONT_FOLDERS",
    "FontSource",
    "check_font",
    "damaged_font_message",
    "find_font",
    "font_folders",
    "locate_font",
]

# (script, bold) -> file name. Noto Sans covers Latin (with Vietnamese and Albanian), the others their scripts.
# Emoji have one weight: bold text draws them from the regular file.
FONT_FILES: dict[tuple[str, bool], str] = {
    ("latin", False): "NotoSans-Regular.ttf",
    ("latin", True): "NotoSans-Bold.ttf",
    ("arabic", False): "NotoSansArabic-Regular.ttf",
    ("arabic", True): "NotoSansArabic-Bold.ttf",
    ("ethiopic", False): "NotoSansEthiopic-Regular.ttf",
    ("ethiopic", True): "NotoSansEthiopic-Bold.ttf",
    ("emoji", False): "NotoEmoji-Regular.ttf",
}
FONT_ENV = "KIT_FONTS"  # a folder the user names to look in before anything else
BUNDLED = Path(__file__).resolve().parent
SYSTEM_FONT_FOLDERS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "$LOCALAPPDATA/Microsoft/Windows/Fonts",
    "$WINDIR/Fonts",
)
# A real TrueType or OpenType file starts with one of these tags.
FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")


@dataclass(frozen=True)
class FontSource:
    """A font file found on this machine and which kind of place it came from."""

    path: Path
    origin: str  # "KIT_FONTS", "kit" (shipped inside the package) or "system"


def font_folders() -> list[tuple[Path, str]]:
    """The folders searched for fonts, in order, each with its origin."""
    folders: list[tuple[Path, str]] = []
    extra = os.environ.get(FONT_ENV)
    if extra:
        folders.append((Path(extra).expanduser(), "KIT_FONTS"))
    folders.append((BUNDLED, "kit"))
    for folder in SYSTEM_FONT_FOLDERS:
        expanded = os.path.expandvars(folder)
        if "$" not in expanded:  # an unset variable: not this platform
            folders.append((Path(expanded).expanduser(), "system"))
    return folders


def locate_font(filename: str) -> FontSource | None:
    """Where a font file is (first folder that has it, then their subfolders), or None."""
    folders = font_folders()
    for folder, origin in folders:
        if (folder / filename).is_file():
            return FontSource(folder / filename, origin)
    for folder, origin in folders:
        if origin == "system" and folder.is_dir():
            for found in folder.rglob(filename):
                return FontSource(found, origin)
    return None


def find_font(filename: str) -> Path:
    """The path of a font file; KitError saying how to get it back if it is nowhere."""
    source = locate_font(filename)
    if source is None:
        raise KitError(
            f"The font {filename} is missing from the kit and not installed on this computer. Reinstall the kit, "
            f"or install the Noto fonts (Debian/Ubuntu: 'apt-get install fonts-noto-core', or run "
            f"'make system-deps' as root), or set {FONT_ENV} to a folder that holds it."
        )
    return source.path


def check_font(path: Path) -> str | None:
    """Why a font file cannot be used (one sentence with the fix), or None if it reads as a TrueType font."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        return f"The font file {path} cannot be read ({exc.strerror}); {_fix(path)}"
    if head not in FONT_MAGIC:
        return damaged_font_message(path)
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        TTFontFile(str(path))
    except Exception:  # reportlab raises TTFError, struct.error, IndexError ... for a cut-short or altered file
        return damaged_font_message(path)
    return None


def damaged_font_message(path: Path) -> str:
    """One sentence saying that a font file is damaged and how to get a good one."""
    return f"The font file {path} is damaged (not a whole TrueType font); {_fix(path)}"


def _fix(path: Path) -> str:
    """What to do about a bad font file, depending on where it is."""
    if path.parent == BUNDLED:
        return "reinstall the kit to restore it."
    extra = os.environ.get(FONT_ENV)
    if extra and path.is_relative_to(Path(extra).expanduser()):
        return f"replace it, or unset {FONT_ENV} to use the kit's own fonts."
    return "reinstall the kit (it brings its own copy) or reinstall that font."
