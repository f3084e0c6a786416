"""The app's start path loads only what it needs: not the store, nor the scrubber and its name lists."""

from __future__ import annotations

import json
import subprocess
import sys

import kit.places
import kit.store.places

START = (
    "import json, sys\n"
    "from kit.cli import app_only_args\n"
    "from kit.tui.app import make_app\n"
    "import kit.tui.screens.home\n"
    "make_app(app_only_args(['--sessions', sys.argv[1]]))\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('kit.store', 'kit.scrub')))))\n"
)


def test_starting_the_app_loads_neither_the_store_nor_the_scrubber(tmp_path: object) -> None:
    # A fresh process: the test runner has loaded both long ago. Home reads the sessions later, in a worker.
    done = subprocess.run([sys.executable, "-c", START, str(tmp_path)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_the_old_home_of_places_still_names_the_same_functions() -> None:
    assert kit.store.places.__all__ == kit.places.__all__
    assert all(getattr(kit.store.places, name) is getattr(kit.places, name) for name in kit.places.__all__)
