"""`python -m sladsl` runs the command line, as the `sladsl` script does."""

from sladsl.cli import run

run()
