"""The feedback page in a real browser: `codesign-kit serve`, headless Chromium, axe-core, phone screenshots.

Chromium is Debian's (driven through Playwright's Python package, never a downloaded browser); axe-core
comes from the npm registry into a cache folder. Set KIT_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import fcntl
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

from kit.store import add_output, create_session, issue_sheets, load_session, record_response
from kit.web.wording import load_wording

AXE_VERSION = "4.10.3"
PHONE = {"width": 390, "height": 844}
NARROW = {"320": {"width": 320, "height": 640}, "200pct": {"width": 180, "height": 640}}  # 200% text on 360 px
LONG_WORD = "Unterbringungsmöglichkeitsbescheinigungsverfahrensbeschleunigung"
SERIOUS = {"serious", "critical"}
pytestmark = pytest.mark.long


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
    cache.mkdir(parents=True, exist_ok=True)
    with open(root / f"axe-core-{AXE_VERSION}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers install it once, one at a time
        if not script.is_file():
            command = [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(cache)]
            command.append(f"axe-core@{AXE_VERSION}")
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            message = f"could not install axe-core from npm: {done.stderr[-300:]}"
            _need(done.returncode == 0 and script.is_file(), message)
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
    command += ["--rate-limit", "100000"]  # every page below comes from one address: test the page, not the limit
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(200):  # up to about 20 s for the server to listen
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


def _browser(p):  # type: ignore[no-untyped-def]
    chromium = require_executable("chromium")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    return p.chromium.launch(executable_path=chromium, args=flags)


def _playwright():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the 'playwright' Python package is missing; run 'make test' to install the test extras")
    return sync_playwright()


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
            addresses = [("en", url), ("ar", f"{url}?lang=ar"), ("ti", f"{url}?lang=ti"), ("home", served)]
            for name, address in [*addresses, ("404-fa", f"{served}/f/{'Z' * 22}?lang=fa")]:
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


def test_every_page_fits_320_px_and_200_percent_text_in_every_language(sessions: Path, served: str) -> None:
    shots = Path(os.environ["KIT_SCREENSHOTS"]) if os.environ.get("KIT_SCREENSHOTS") else None
    path = create_session(sessions, f"Week one {LONG_WORD}", ["body-map"], date="2026-03-14", languages=["en"])
    told = [f"Feet: {LONG_WORD} and a safe place", "A link https://example.org/" + "x" * 60, "Short"]
    ids = [add_output(path, "body-map", text)[0].id for text in told]
    for output_id in ids:
        record_response(path, output_id, "considering", f"The team is looking at it: {LONG_WORD}")
    sheet = issue_sheets(path, 1)[0]
    pages = {
        "form": f"/f/{sheet.token}",
        "home": "/",
        "404": "/f/" + "Z" * 22,
        "thanks": "/thanks",
    }
    wide: list[str] = []
    with _playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport=NARROW["320"])
            for code in load_wording():
                for name, address in pages.items():
                    page.goto(f"{served}{address}?lang={code}")
                    if name == "form":  # sent back by a refusal, with a comment of one long word
                        page.fill("textarea#comment", LONG_WORD * 3)
                        page.evaluate("document.querySelector('input[name=nonce]').value = 'expired'")
                        page.click("button[type=submit]")
                        assert page.get_attribute("html", "lang") == code and page.locator(".message").count() == 1
                    for size_name, size in NARROW.items():  # the same page laid out again at each width
                        page.set_viewport_size(size)
                        scroll, client = page.evaluate(
                            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
                        )
                        if scroll > client or client != size["width"]:
                            wide.append(f"{name} in {code} at {size_name}: {scroll} px wide in {client} px")
                        if shots and code in ("en", "ar", "fa", "ti", "vi"):
                            shots.mkdir(parents=True, exist_ok=True)
                            page.screenshot(path=str(shots / f"{name}-{code}-{size_name}.png"), full_page=True)
        finally:
            browser.close()
    assert wide == []


def test_texts_in_another_language_than_the_page_carry_their_lang_and_dir(sessions: Path, served: str) -> None:
    path = create_session(sessions, "Our group", ["body-map"], date="2026-03-14", languages=["en", "ar"])
    output_id = add_output(path, "body-map", "A safe place to sleep")[0].id
    record_response(path, output_id, "acted", "Done")
    sheet = issue_sheets(path, 1)[0]
    with _playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page()
            page.goto(f"{served}/f/{sheet.token}?lang=ar")
            told = page.locator("p.told")
            assert (told.get_attribute("lang"), told.get_attribute("dir")) == ("en", "ltr")
            assert page.evaluate("getComputedStyle(document.querySelector('p.told')).direction") == "ltr"
            assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
            links = page.locator("nav.languages a")
            assert {(links.nth(i).get_attribute("lang"), links.nth(i).get_attribute("dir")) for i in range(3)} <= {
                (code, language.dir) for code, language in load_wording().items()
            }
            page.goto(f"{served}/f/{sheet.token}?lang=en")
            assert page.locator("p.told").get_attribute("lang") is None  # the page's own language: nothing to mark
        finally:
            browser.close()
