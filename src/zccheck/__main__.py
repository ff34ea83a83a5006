"""`python -m zccheck`."""

from zccheck.cli import app

app()
