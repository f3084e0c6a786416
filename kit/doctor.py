"""What a facilitator's laptop needs, checked: the version, the sessions folder, fonts, port, network, languages.

`run_checks()` gives one `Check` for each; each problem says how to fix it. The `doctor` command prints
them (or JSON) and the app's help screen shows the same lines.
"""

from __future__ import annotations

import errno
import os
import platform
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kit import __version__
from kit.errors import KitError
from kit.places import running_from_checkout, sessions_folder_choice
from kit.printables.fonts import FONT_FILES, check_font, locate_font
from kit.printables.jobs import DEFAULT_PORT, lan_address
from kit.store.files import is_private

__all__ = ["Check", "check_fonts", "check_languages", "check_network", "check_port", "check_sessions", "run_checks"]

PROBE_PREFIX = ".codesign-kit-doctor-"
ORIGINS = {"kit": "the kit", "KIT_FONTS": "KIT_FONTS", "system": "the system"}


@dataclass(frozen=True)
class Check:
    """One thing checked: what was found, and if it is a problem, what to do."""

    name: str
    ok: bool
    found: str
    fix: str = ""
    facts: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The check as JSON-ready data."""
        return asdict(self)


def check_version() -> Check:
    """The kit's version, Python's and the platform's, and whether this is a checkout or an install."""
    how = "run from a checkout" if running_from_checkout() else "installed"
    python = platform.python_version()
    if sys.platform == "darwin":
        system = f"macOS {platform.mac_ver()[0]}"
    else:
        system = f"{platform.system() or sys.platform} {platform.release()}".strip()
    facts: dict[str, object] = {"version": __version__, "python": python, "platform": system, "how": how}
    return Check("version", True, f"codesign-kit {__version__}, Python {python} on {system} ({how})", facts=facts)


def _write_problem(folder: Path) -> str | None:
    """Why nothing can be written in folder (one phrase), or None: tried by making and removing a file."""
    try:
        handle, probe = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return "it is on a read-only disk (a USB stick with its lock switch on, or a CD)"
        if isinstance(exc, PermissionError):
            return "your account may not write there"
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        return f"it cannot be written ({exc.strerror})"
    os.close(handle)
    Path(probe).unlink(missing_ok=True)
    return None


def check_sessions(option: str | None = None) -> Check:
    """Where the sessions folder is, what chose it, whether it can be written and whether it is private."""
    folder, chosen_by = sessions_folder_choice(option)
    shown = folder.resolve() if not folder.is_absolute() else folder
    facts: dict[str, object] = {"folder": str(shown), "chosen_by": chosen_by, "exists": folder.is_dir()}
    where = f"{shown} ({chosen_by})"
    other = "choose another with --sessions DIR or KIT_SESSIONS"
    if folder.exists() and not folder.is_dir():
        return Check("sessions", False, f"{where} is a file, not a folder", f"Move that file away, or {other}.", facts)
    existing = folder
    while not existing.is_dir() and existing.parent != existing:
        existing = existing.parent
    problem = _write_problem(existing)
    facts["writable"] = problem is None
    if problem:
        fix = f"Sessions cannot be saved: {problem}. Unlock or change the disk, or {other}."
        return Check("sessions", False, f"{where}: not writable", fix, facts)
    if not folder.is_dir():
        return Check("sessions", True, f"{where}: will be made when the first session is saved", facts=facts)
    private = is_private(folder)
    facts["private"] = private
    if private is False:
        fix = f"Other accounts on this computer can open it: run  chmod 700 '{shown}'  (or {other})."
        return Check("sessions", False, f"{where}: writable, not private", fix, facts)
    privacy = "private to you" if private else "private to your account if it is under your user folder"
    return Check("sessions", True, f"{where}: writable, {privacy}", facts=facts)


def check_fonts() -> Check:
    """Which file each of the kit's fonts comes from, and whether each is whole."""
    found: list[dict[str, object]] = []
    problems: list[str] = []
    for (script, bold), filename in FONT_FILES.items():
        source = locate_font(filename)
        problem = (
            f"{filename} is missing from the kit and not installed; reinstall the kit."
            if source is None
            else check_font(source.path)
        )
        if problem:
            problems.append(problem)
        found.append(
            {
                "file": filename,
                "script": script,
                "bold": bold,
                "path": str(source.path) if source else None,
                "origin": source.origin if source else None,
                "ok": problem is None,
            }
        )
    origins = sorted({ORIGINS[str(f["origin"])] for f in found if f["origin"]})
    folders = sorted({str(Path(str(f["path"])).parent) for f in found if f["path"]})
    facts: dict[str, object] = {"fonts": found}
    if problems:
        return Check("fonts", False, f"{len(problems)} of {len(found)} fonts cannot be used", " ".join(problems), facts)
    summary = f"{len(found)} Noto fonts from {' and '.join(origins)} ({'; '.join(folders)})"
    return Check("fonts", True, summary, facts=facts)


def check_port(port: int | None = None) -> Check:
    """Whether the feedback page's port is free on every network address."""
    from kit.web.server import bind

    port = port or DEFAULT_PORT
    facts: dict[str, object] = {"port": port}
    try:
        bind("0.0.0.0", port).close()
    except KitError:
        facts["free"] = False
        fix = (
            f"Another program, or a feedback page already running, uses port {port}. Stop it, or run "
            f"'codesign-kit serve --host 0.0.0.0 --port {port + 1}' and print sheets with "
            f"--base-url http://<address>:{port + 1}."
        )
        return Check("port", False, f"port {port} is in use", fix, facts)
    facts["free"] = True
    return Check("port", True, f"port {port} is free for the feedback page", facts=facts)


def check_network(port: int | None = None) -> Check:
    """The address phones on the same network use for the QR codes."""
    from kit.web.server import network_addresses

    port = port or DEFAULT_PORT
    address = lan_address()
    others = [a for a in network_addresses() if a != address]
    facts: dict[str, object] = {"address": address, "other_addresses": others}
    if address.startswith("127."):
        fix = (
            "Phones cannot reach this laptop: join the same Wi-Fi as the phones (a phone's hotspot will do), "
            "then print the sheets. Paper sheets and their short codes work without a network."
        )
        return Check("network", False, "no local network address", fix, facts)
    url = f"http://{address}:{port}"
    facts["url"] = url
    also = f" (also {', '.join(others)})" if others else ""
    return Check("network", True, f"{address}{also}: QR codes open {url}", facts=facts)


def check_languages() -> Check:
    """The languages the sheets and the page can be printed or shown in, with their review state."""
    from kit.i18n import catalogue_languages, catalogue_status

    try:
        rows = [(code, catalogue_status(code, "kit"), catalogue_status(code, "web")) for code in catalogue_languages()]
    except KitError as exc:
        return Check("languages", False, "a language file cannot be read", str(exc))
    facts: dict[str, object] = {
        "languages": [
            {
                "code": code,
                "sheet": round(sheet.coverage, 3),
                "page": round(page.coverage, 3),
                "review": page.review if sheet.review == "missing" else sheet.review,
            }
            for code, sheet, page in rows
        ]
    }
    names = []
    for code, sheet, page in rows:
        notes = [] if {sheet.review, page.review} <= {"source", "reviewed", "missing"} else ["draft"]
        notes += ["page only"] if sheet.review == "missing" else ["sheet only"] if page.review == "missing" else []
        names.append(f"{code} ({', '.join(notes)})" if notes else code)
    drafts = (
        " Drafts need a native speaker's review before young people read them."
        if any("draft" in n for n in names)
        else ""
    )
    return Check("languages", True, ", ".join(names) + "." + drafts, facts=facts)


def run_checks(sessions_option: str | None = None) -> list[Check]:
    """Every check, in the order a facilitator would read them."""
    return [
        check_version(),
        check_sessions(sessions_option),
        check_fonts(),
        check_port(),
        check_network(),
        check_languages(),
    ]


def report_lines(checks: list[Check]) -> list[str]:
    """The checks as lines of text: 'ok' or 'PROBLEM', the name, what was found, and how to fix it."""
    lines = []
    for check in checks:
        lines.append(f"{'ok' if check.ok else 'PROBLEM':<8}{check.name:<11}{check.found}")
        if check.fix:
            lines.append(f"{'':<19}fix: {check.fix}")
    problems = sum(not c.ok for c in checks)
    lines.append("Everything this laptop needs is in place." if not problems else f"{problems} to fix, as said above.")
    return lines
