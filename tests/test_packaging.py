"""The wheel carries the grammar, and the installed package loads it from inside itself."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    (built,) = out.glob("sladsl-*.whl")
    return built


def test_wheel_ships_the_grammar_and_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        grammar = archive.read("sladsl/grammar/sladsl.lark").decode()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert grammar == (ROOT / "grammar" / "sladsl.lark").read_text(encoding="utf-8")
    assert "sladsl = sladsl.cli:run" in scripts
    assert "sladsl/checker/names.py" in names


def test_installed_package_reads_its_own_grammar(wheel: Path, tmp_path: Path) -> None:
    """Installed away from the checkout, the package must not need the repository's grammar/."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True,
    )  # fmt: skip
    probe = (
        "import sladsl.grammar as g, pathlib; "
        "from importlib import resources; "
        "p = resources.files('sladsl').joinpath('grammar').joinpath('sladsl.lark'); "
        "assert p.is_file(), p; "
        "assert g.lark_parser() is not None; "
        "print(pathlib.Path(g.__file__).parent)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target / "sladsl")
