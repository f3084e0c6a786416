"""Benchmark: time from process start to the Home screen being mounted, against a minimal Textual app.

Each run is a fresh Python process started the same way for both apps (headless, so it needs no
terminal); the child prints the seconds since a timestamp the parent took just before starting it.
Prints both medians and their ratio. Goal: the kit at most 1.5 times the minimal app.

    .venv/bin/python bench/startup.py            # 10 runs each
    .venv/bin/python bench/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5

# The kit starts as `codesign-kit --open demo` does (kit.cli.main's path with no command).
# Both children: wait until the first screen of interest is mounted, print the elapsed time, exit.
KIT = """
import sys, time
start = float(sys.argv[1])
from kit.cli import app_only_args
from kit.tui.app import make_app

async def mounted(pilot):
    from kit.tui.screens.home import HomeScreen
    while not (isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.is_mounted):
        await pilot.pause()
    print(time.time() - start, flush=True)
    pilot.app.exit()

make_app(app_only_args(["--sessions", sys.argv[2], "--open", "demo"])).run(headless=True, auto_pilot=mounted)
"""

MINIMAL = """
import sys, time
start = float(sys.argv[1])
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

class Home(Screen):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

class Minimal(App):
    def on_mount(self):
        self.push_screen(Home())

async def mounted(pilot):
    while not (isinstance(pilot.app.screen, Home) and pilot.app.screen.is_mounted):
        await pilot.pause()
    print(time.time() - start, flush=True)
    pilot.app.exit()

Minimal().run(headless=True, auto_pilot=mounted)
"""


def time_once(code: str, folder: Path, env: dict[str, str]) -> float:
    """Start one child process and return the seconds it reports from its start to Home mounted."""
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, repr(start), str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise SystemExit(f"A benchmark run failed:\n{result.stderr.strip()[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each app (at least 10)")
    runs = max(10, parser.parse_args().runs)
    from kit.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sessions"
        create_demo(folder)
        env = {**os.environ, "KIT_CONFIG_DIR": str(Path(tmp) / "config")}
        for code in (KIT, MINIMAL):  # one unmeasured run each warms the file cache
            time_once(code, folder, env)
        kit: list[float] = []
        minimal: list[float] = []
        for _ in range(runs):  # alternate so both see the same machine load
            kit.append(time_once(KIT, folder, env))
            minimal.append(time_once(MINIMAL, folder, env))
    kit_median, minimal_median = statistics.median(kit), statistics.median(minimal)
    ratio = kit_median / minimal_median
    print(f"runs: {runs} of each, a fresh process each time")
    print(f"minimal Textual app: median {minimal_median * 1000:.0f} ms to its screen mounted")
    print(f"codesign-kit:        median {kit_median * 1000:.0f} ms to Home mounted")
    print(f"ratio: {ratio:.2f} (goal at most {GOAL}: {'met' if ratio <= GOAL else 'NOT met'})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
