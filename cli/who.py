"""`dipevents who NAME [--date YYYY-MM-DD]`: what the table of officials knows about a name.

Every person the name may be, with their offices, sources and licences, and the one the
extraction would take it for on that date (none when the name is ambiguous or unknown).
"""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from dipevents.cli import render


def who(
    name: Annotated[str, typer.Argument(help="A name as written: 'Putin', 'Xi Jinping', 'El-Sisi'.")],
    date: Annotated[Optional[str], typer.Option("--date", help="The day (YYYY-MM-DD) whose office holders count.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="ISO alpha-3 code the text gives.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title the text gives ('President').")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print what the table of officials knows about NAME, and whom it resolves to."""
    from dipevents.extract.dates import parse_iso
    from dipevents.extract.officials import get_officials

    if date is not None and parse_iso(date) is None:
        raise typer.BadParameter(f"{date!r} is not a YYYY-MM-DD date", param_hint="--date")
    table = get_officials()
    holders = table.who(name, date)
    found = table.lookup(name, date, country.upper() if country else None, title)
    render.officials(name, date, holders, found, sys.stdout, as_json=as_json)
