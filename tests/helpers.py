"""Helpers the test modules share: writing inputs, running the command in-process, and
reading the end-of-run summary."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from dipevents.cli.app import app

SUMMARY = re.compile(
    r"^dipevents: (\d+) documents read = (\d+) skipped \((\d+) without a trigger word, "
    r"(\d+) not a document\) \+ (\d+) failed \+ (\d+) with events \+ (\d+) without events; "
    r"(\d+) events written in [\d.]+s$", re.MULTILINE)
SUMMARY_KEYS = ("read", "skipped", "prefiltered", "not_documents", "failed", "with_events",
                "without_events", "written")


def dipevents(*args, input=None):
    """Run the command in this process; no input may ever end in a traceback."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exc_info
    assert "Traceback" not in result.stderr
    return result


def summary(stderr: str) -> dict[str, int]:
    """The end-of-run counts, checked to add up."""
    [found] = SUMMARY.findall(stderr)
    counts = dict(zip(SUMMARY_KEYS, map(int, found)))
    assert counts["read"] == (counts["skipped"] + counts["failed"] + counts["with_events"]
                              + counts["without_events"]), counts
    assert counts["skipped"] == counts["prefiltered"] + counts["not_documents"], counts
    return counts


def write(path, data: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path
