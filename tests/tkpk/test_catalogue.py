from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale") / "en" / "LC_MESSAGES" / "django.po"
SOURCES = ["tkpk", "households", "programs", "musrenbang", "monitoring", "complaints", "reports"]


def untranslated(catalogue: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    return (
        ""
        if "untranslated" not in result.stderr and "fuzzy" not in result.stderr
        else (result.stderr)
    )


def test_every_interface_text_has_an_english_translation():
    assert untranslated(ROOT / CATALOGUE) == ""


def test_the_catalogue_holds_every_text_the_code_has_now(tmp_path):
    """A text changed in the code without running makemessages has no translation, though
    the catalogue alone looks complete: extract again into a copy and look."""
    for name in [*SOURCES, "templates", "locale"]:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
    )
    assert untranslated(tmp_path / CATALOGUE) == ""
