"""Where the CLI prints tables: a terminal gets grids sized to it (columns wrap, nothing
is cut); a pipe or a file gets plain lines without colours or boxes, never cut (rich
would otherwise cut every line to 80 columns)."""

from __future__ import annotations

from enum import Enum

from rich.console import Console


class Lang(str, Enum):
    zh = "zh"
    en = "en"


LANG_HELP = "zh: tables, rows, columns and checks in the reports' own wording; en: textmine's keys."


def stdout_console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=1000, no_color=True)
