"""Shared fixtures: every test makes its own sessions folder and its own data."""

from __future__ import annotations

import gc
import inspect
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kit.demo import create_demo

# Pilot tests make and drop thousands of widgets, each a small web of references, so Python's cycle collector runs
# thousands of times and walks every object the imports made: a sixth of a pilot test's CPU. Collecting less often,
# and leaving the imported modules' objects out of the walks once the tests are collected, takes most of that away.
gc.set_threshold(10_000, 50, 50)


def _share_parsed_css() -> None:
    """Let every app the tests start reuse the CSS rules an earlier app parsed from the same text.

    Each Textual app parses all the CSS it uses (Textual's widgets' and the kit's) when it starts, a third
    of an app's start-up; the tests start about two hundred apps per run, the real kit one. Parsing is a
    pure function of the CSS text, where it came from, its flags and the theme's variables, so the key
    holds all of these. A Textual without this method (a new version) simply parses as before.
    """
    from textual.css.stylesheet import Stylesheet

    parse = getattr(Stylesheet, "_parse_rules", None)
    expected = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    if parse is None or list(inspect.signature(parse).parameters) != expected:
        return
    parsed: dict[tuple[object, ...], Any] = {}

    def shared(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        if key not in parsed:
            parsed[key] = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = shared  # type: ignore[method-assign]


_share_parsed_css()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything made while collecting (modules, fonts, the activity library) out of the collector's walks."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Deal the tests to the workers like cards, long ones first, so each worker's share takes about as long.

    `make test` runs pytest-xdist's worksteal schedule, which gives each worker one run of consecutive
    tests (and moves tests from busy workers to idle ones later). Long tests (browser, killed writers, the
    wheel, whole sessions) are dealt first, then the app's pilot tests one by one, then the other test
    files whole, so a file's shared fixtures (a rendered library of cards, say) are made on one worker only.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return

    def weight(item: pytest.Item) -> int:
        if item.get_closest_marker("long") or item.get_closest_marker("dist"):
            return 0
        return 1 if item.path.name.startswith("test_tui_") else 2

    hands: list[list[pytest.Item]] = [[] for _ in range(workers)]
    one_by_one = [item for item in items if weight(item) < 2]
    one_by_one.sort(key=weight)
    for index, item in enumerate(one_by_one):
        hands[index % workers].append(item)
    files: dict[Path, list[pytest.Item]] = {}
    for item in items:
        if weight(item) == 2:
            files.setdefault(item.path, []).append(item)
    for tests in sorted(files.values(), key=len, reverse=True):
        min(hands, key=len).extend(tests)
    items[:] = [item for hand in hands for item in hand]


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's remembered settings live in the test's own folder, never the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("KIT_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty sessions folder, also set as KIT_SESSIONS for code that reads the environment."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    monkeypatch.setenv("KIT_SESSIONS", str(folder))
    return folder


@pytest.fixture
def demo_session(sessions: Path) -> Path:
    """The demo session's file in a fresh sessions folder."""
    path, _ = create_demo(sessions)
    return path


def require_executable(name: str) -> str:
    """The path of a system tool the test needs; skip without it locally, fail without it in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"'{name}' is not installed; run 'make system-deps' (as root on Debian) to install it."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


async def until(pilot: Any, condition: Callable[[], object], what: str = "the app to get there") -> None:
    """Let the app run until the condition holds: pilot steps, not the clock, so a busy machine only waits longer."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"Waited for {what}, in vain.")


async def settle_screen(pilot: Any) -> None:
    """Let workers finish, toasts go and the screen refresh (before a snapshot is taken)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    for _ in range(3):
        await pilot.pause()
