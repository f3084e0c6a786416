"""The wheel `make dist` builds installs into a fresh virtual environment and prints a Tigrinya sheet from there.

Run it alone with `pytest -m dist`. The fresh environment gets the kit from the wheel only; its
dependencies are borrowed from the test environment through a .pth file (nothing is downloaded, and
the test environment's editable copy of the kit is never on the path).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.dist

ROOT = Path(__file__).resolve().parent.parent
FONTS = {f"NotoSans{family}-{weight}.ttf" for family in ("", "Arabic", "Ethiopic") for weight in ("Regular", "Bold")}
FONTS.add("NotoEmoji-Regular.ttf")


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; on failure show its output in the test report."""
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8"
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built as `make dist` builds it but from a clean copy of the project, without the sdist step.

    The copy holds what the sdist would (the package, pyproject.toml, README, LICENSE), so nothing left
    in the checkout's build/ folder can slip in, and building once instead of twice halves the time.
    """
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    shutil.copytree(ROOT / "kit", source / "kit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, source)
    (found,) = out.glob("codesign_kit-*-py3-none-any.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment, in a folder with a space and non-ASCII letters, with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv") / "Zoë Ní Bhriain kit"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps", wheel)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed-dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    return venv


def test_the_wheel_holds_the_kits_data_and_installed_alone_prints_a_tigrinya_sheet(
    wheel: Path, installed: Path, tmp_path: Path
) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"kit/printables/fonts/{font}" for font in FONTS} <= names
    for licence in ("OFL.txt", "OFL-NotoEmoji.txt"):
        assert f"kit/printables/fonts/{licence}" in names
        assert any(name.endswith(f"licenses/kit/printables/fonts/{licence}") for name in names)
    assert any(name.startswith("kit/activities/") and name.endswith(".toml") for name in names)
    assert "kit/locale/ti/LC_MESSAGES/kit.po" in names
    assert any(name.startswith("kit/tui/") and name.endswith(".tcss") for name in names)
    assert not any(name.startswith(("tests/", "sessions/")) for name in names)

    scripts = installed / ("Scripts" if os.name == "nt" else "bin")
    python, kit = scripts / "python", scripts / "codesign-kit"
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_FONTS", "PYTHONPATH")}
    code = "import kit, kit.printables.fonts as f; print(kit.__file__); print(f.BUNDLED)"
    module, fonts = (Path(line) for line in run(python, "-c", code, cwd=tmp_path, env=env).splitlines())
    assert module.is_relative_to(installed) and fonts.is_relative_to(installed)  # the wheel's copy, not the checkout
    env.pop("KIT_SESSIONS", None)
    env["XDG_DATA_HOME"] = str(tmp_path / "Zoë's data")  # installed, sessions go to the user's data folder
    run(kit, "demo", cwd=tmp_path, env=env)
    listed = json.loads(run(kit, "list", "--json", cwd=tmp_path, env=env))
    assert [Path(s["path"]) for s in listed] == [tmp_path / "Zoë's data" / "codesign-kit" / "sessions" / "demo.json"]
    assert not (tmp_path / "sessions").exists()
    checked = subprocess.run(
        [str(kit), "doctor", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8"
    )
    checks = {check["name"]: check for check in json.loads(checked.stdout)["checks"]}
    assert checks["version"]["facts"]["how"] == "installed"
    assert {Path(font["path"]).parent for font in checks["fonts"]["facts"]["fonts"]} == {fonts}
    assert checks["sessions"]["facts"]["chosen_by"] == "your data folder" and checks["sessions"]["ok"]
    out = tmp_path / "ትግርኛ sheet.pdf"
    run(kit, "sheets", "demo", "--copies", "2", "--language", "ti", "-o", out, cwd=tmp_path, env=env)
    assert out.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    reader = PdfReader(out)
    assert len(reader.pages) >= 2  # a sheet per copy (padded for printing on both sides)
    embedded = {str(font["/BaseFont"]).split("+")[-1] for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert "NotoSansEthiopic-Regular" in embedded or "NotoSansEthiopic-Bold" in embedded
