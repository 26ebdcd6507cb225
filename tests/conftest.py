"""Shared pytest configuration: the `--update-goldens` option and its fixture.

Golden-file tests (tests/test_parse_golden.py, tests/test_check_golden.py) compare what the front
end produces with files kept next to the tests (`tests/parse/*.ast`, `tests/check/*.out`).

    PYTHONPATH=. python -m pytest tests/test_parse_golden.py tests/test_check_golden.py
    PYTHONPATH=. python -m pytest tests/test_check_golden.py --update-goldens

With `--update-goldens` the expected files are rewritten from the current output instead of being
compared (missing ones are created), and those tests pass; review the change with `git diff tests/`
before committing it. Without it, a mismatch fails with a unified diff. See tests/README.md.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files (tests/parse/*.ast, tests/check/*.out) from the current output "
        "instead of comparing; review the result with git diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files rather than compare them."""
    return bool(request.config.getoption("--update-goldens"))
