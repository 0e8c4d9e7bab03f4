"""Progress and the end-of-run summary, on stderr.

A rich progress bar (documents done, documents per second, events found) only when stderr
is a terminal and `--quiet` is not given; a one-line summary at the end unless `--quiet`,
whose counts add up: "N documents read = S skipped (...) + F failed + E with events + O
without events; W events written".
"""
from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from dipevents.models import ReadError


class Reporter:
    def __init__(self, console: Console, quiet: bool = False):
        self.console = console
        self.quiet = quiet
        self.show_bar = not quiet and console.is_terminal
        self.bar: Progress | None = None
        self.task = None
        self.started = time.monotonic()
        self._last = 0.0

    def __enter__(self) -> "Reporter":
        if self.show_bar:
            self.bar = Progress(
                TextColumn("[bold]extracting"), BarColumn(), TextColumn("{task.completed} docs"),
                TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[events]} events"),
                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("extract", total=None, rate=0.0, events=0)
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def error(self, failure: ReadError) -> None:
        self.console.print(f"dipevents: {failure.message()}", markup=False)

    def progress(self, stats) -> None:
        if self.bar is None:
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        rate = stats.read / max(now - self.started, 1e-6)
        self.bar.update(self.task, completed=stats.read, rate=rate, events=stats.events)

    def summary(self, stats, written: int) -> None:
        if self.quiet:
            return
        seconds = time.monotonic() - self.started
        self.console.print(f"dipevents: {summary_line(stats, written)} in {seconds:.1f}s",
                           markup=False)


def summary_line(stats, written: int) -> str:
    """The counts of a run, adding up: every document read ends in exactly one outcome."""
    return (f"{stats.read} documents read = {stats.skipped} skipped "
            f"({stats.prefiltered} without a trigger word, {stats.not_documents} not a document) "
            f"+ {stats.failed} failed + {stats.with_events} with events "
            f"+ {stats.without_events} without events; {written} events written")
