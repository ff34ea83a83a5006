"""Reporters: one module per output format, each `render(result, stream, options)`. The only place that prints."""

from __future__ import annotations

from types import ModuleType

from zccheck.reporters import html, json_report, rich_report, text_report

REPORTERS: dict[str, ModuleType] = {
    "rich": rich_report,
    "json": json_report,
    "text": text_report,
    "html": html,
}
