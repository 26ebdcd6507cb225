"""The built parser kept on disk (sladsl/grammar.py): used when sound, rebuilt when not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Parses a contract and prints its AST dump: the same with and without a cache.
PROGRAM = """
from pathlib import Path
from sladsl.dump import dump
from sladsl.parser import parse
result = parse(Path("contracts/support-hotline.sla").read_text(encoding="utf-8"))
assert not result.diagnostics, result.diagnostics
print(dump(result.contract))
"""


def _run(cache_home: Path, **extra: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "SLADSL_NO_CACHE"}
    env.update(XDG_CACHE_HOME=str(cache_home), **extra)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_the_parser_is_kept_and_reused(tmp_path: Path) -> None:
    first = _run(tmp_path)
    (kept,) = (tmp_path / "sladsl").iterdir()
    assert kept.name.startswith("parser-lark") and kept.stat().st_size > 10_000
    written = kept.stat().st_mtime_ns
    assert _run(tmp_path) == first
    assert kept.stat().st_mtime_ns == written  # read, not written again


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    first = _run(tmp_path)
    (kept,) = (tmp_path / "sladsl").iterdir()
    kept.write_bytes(b"not a parser\n\x00\x01")
    assert _run(tmp_path) == first
    assert kept.read_bytes()[:12] != b"not a parser"  # rebuilt and written again


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    assert _run(tmp_path, SLADSL_NO_CACHE="1")
    assert not (tmp_path / "sladsl").exists()


def test_a_cache_folder_that_cannot_be_made_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    assert _run(blocker)
    assert blocker.read_text() == "a file where the cache folder would go"
