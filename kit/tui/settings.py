"""The app's own settings (only the display choice), in a small per-user JSON file; never anything personal."""

from __future__ import annotations

import json
from pathlib import Path

from kit.places import config_folder

SETTINGS_FILE = "settings.json"
KNOWN = {"high_contrast": bool}


def config_dir() -> Path:
    """KIT_CONFIG_DIR, else the platform's per-user config folder (e.g. ~/.config/codesign-kit)."""
    return config_folder()


def load_settings() -> dict[str, object]:
    """The saved settings; a missing or damaged file means the defaults."""
    try:
        data = json.loads((config_dir() / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in KNOWN and isinstance(v, KNOWN[k])}


def save_setting(name: str, value: object) -> None:
    """Remember one known setting, writing a temporary file and renaming it over the old one."""
    if name not in KNOWN or not isinstance(value, KNOWN[name]):
        raise ValueError(f"unknown setting {name}")
    # Imported here, not at the top: loading the settings is on the app's start path, and importing any
    # part of kit.store loads the whole store and the scrubber with it (bench/startup.py).
    from kit.store.files import private_folder
    from kit.store.storage import write_atomic

    folder = config_dir()
    private_folder(folder)
    data = {**load_settings(), name: value}
    write_atomic(folder / SETTINGS_FILE, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
