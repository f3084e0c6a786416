"""The feedback page in a real browser: `codesign-kit serve`, headless Chromium, axe-core, phone screenshots.

Chromium is Debian's (driven through Playwright's Python package, never a downloaded browser); axe-core
comes from the npm registry into a cache folder. Set KIT_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_executable
from web_helpers import session_with_sheets

from kit.store import load_session

AXE_VERSION = "4.10.3"
PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}


def _need(condition: bool, message: str) -> None:
    """Skip locally, fail in CI, when something the browser test needs is missing."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_script() -> Path:
    """axe-core's script, installed once from the npm registry into a cache folder."""
    npm = require_executable("npm")
    root = Path(os.environ.get("KIT_TEST_CACHE") or Path.home() / ".cache" / "codesign-kit")
    cache = root / f"axe-core-{AXE_VERSION}"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        command = [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(cache)]
        command.append(f"axe-core@{AXE_VERSION}")
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        _need(done.returncode == 0 and script.is_file(), f"could not install axe-core from npm: {done.stderr[-300:]}")
    return script


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(sessions: Path) -> Iterator[str]:
    """`codesign-kit serve` running on a free loopback port for this test's sessions folder."""
    port = _free_port()
    command = [sys.executable, "-m", "kit", "--sessions", str(sessions), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"serve stopped at once: {process.stderr.read()}")
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
        assert "Feedback page stopped." in out, err
        assert "Traceback" not in err


def _violations(page, axe: Path) -> list[dict]:
    page.add_script_tag(path=str(axe))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
            v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))"""
    )


def test_a_phone_answers_the_sheet_and_the_page_passes_axe(sessions: Path, served: str, tmp_path: Path) -> None:
    chromium = require_executable("chromium")
    axe = axe_script()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the 'playwright' Python package is missing; run 'make test' to install the test extras")
    shots = Path(os.environ.get("KIT_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    path, sheets = session_with_sheets(sessions)
    first, second = sheets[0].items
    url = f"{served}/f/{sheets[0].token}"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=flags)
        try:
            # A phone with JavaScript switched off fills in and sends the form.
            phone = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
            page = phone.new_page()
            page.goto(url)
            assert page.inner_text("h1") == "Your feedback"
            page.screenshot(path=str(shots / "feedback-en.png"), full_page=True)
            page.check(f'input[name="item-{first}"][value="yes"]')
            page.check(f'input[name="item-{second}"][value="partly"]')
            page.fill("textarea#comment", "Thank you for telling us.")
            page.click("button[type=submit]")
            assert page.inner_text("h1") == "Thank you"
            page.screenshot(path=str(shots / "thanks-en.png"), full_page=True)
            [record] = load_session(path).feedback
            assert record.answers == {first: "yes", second: "partly"}
            assert record.comment == "Thank you for telling us."

            # The Arabic page, right to left, chosen by the browser's language.
            arabic = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="ar")
            page = arabic.new_page()
            page.goto(f"{served}/f/{sheets[1].token}")
            assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
            assert page.inner_text("h1") == "ملاحظاتك"  # not mojibake: the page declares UTF-8
            page.screenshot(path=str(shots / "feedback-ar.png"), full_page=True)

            # axe-core, injected (the page's own policy allows no script, so the check bypasses it).
            checker = browser.new_context(viewport=PHONE, bypass_csp=True)
            page = checker.new_page()
            found: dict[str, list[dict]] = {}
            for name, address in [("en", url), ("ar", f"{url}?lang=ar"), ("ti", f"{url}?lang=ti"), ("home", served)]:
                page.goto(address)
                found[name] = _violations(page, axe)
            page.goto(url)
            page.click("button[type=submit]")
            found["thanks"] = _violations(page, axe)
            page.set_content('<html><body><img src="data:,"><input type="text"></body></html>')
            harness = {v["id"] for v in _violations(page, axe)}  # the check does find real problems
        finally:
            browser.close()
    assert "image-alt" in harness
    serious = {name: [v for v in found[name] if v["impact"] in SERIOUS] for name in found}
    assert serious == {name: [] for name in found}, serious
