"""Command-line options that several commands share (Typer `Annotated` types): the
extraction's, which every command that reads documents takes, and those of the commands
that also read files of events (`report`, `graph`)."""
from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

FLAG = ""  # the metavar of an on/off option: nothing to write after it

ModelOpt = Annotated[str, typer.Option("--model", metavar="NAME", help="An installed spaCy pipeline.")]
DocDateOpt = Annotated[Optional[str], typer.Option("--doc-date", metavar="DATE", help="Publication date (YYYY-MM-DD) for every document.")]
# Workers beyond a few per core only cost memory; a huge number would fork until killed.
MAX_JOBS = 4 * (os.cpu_count() or 1)
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", metavar="N", min=1, max=MAX_JOBS,
                                      help="Worker processes.")]
NoPrefilterOpt = Annotated[bool, typer.Option("--no-prefilter", metavar=FLAG, help="Parse every document, even without a trigger word.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", metavar=FLAG, help="No progress bar and no summary.")]

Paths = Annotated[list[str], typer.Argument(
    metavar="PATH", show_default=False,
    help="Documents (files, folders, - for stdin) or files of events written by `extract -f jsonl` or `-f json`.")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically).")]
