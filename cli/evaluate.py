"""`dipevents eval`: run the extraction and score it against gold annotations."""
from __future__ import annotations

import json
import sys

from rich.console import Console

from dipevents.extract.pipeline import RunStats, run
from dipevents.extract.score import Pair, predicted_pairs, score


def evaluate_run(items, nlp, gold_pairs, gold_docs, *, prefilter: bool, verbose: bool,
                 as_json: bool, err: Console, explain: bool = False,
                 calibration: bool = False) -> int:
    from dipevents.extract.explain import documents_by_name
    from dipevents.extract.lexicon import folded_country_names

    stats = RunStats()
    kept: dict = {}
    if explain:
        items = documents_by_name(items, kept)
    events = list(run(items, nlp, prefilter=prefilter, merge=False, stats=stats,
                      on_error=lambda failure: err.print(f"dipevents: {failure.message()}",
                                                         markup=False)))
    result = score(gold_pairs, predicted_pairs(events), gold_docs,
                   folded_country_names())
    out = sys.stdout
    if verbose:
        _details(result, out)
    if explain:
        _explain(result, kept, nlp, out, verbose)
    if calibration:
        _calibration(result, out)
    if as_json:
        out.write(json.dumps(result.as_dict()) + "\n")
        return 1 if stats.failed else 0
    matched = max(result.matched_pairs, 1)
    out.write(f"documents: {stats.read} read, {stats.failed} failed; "
              f"{len(events)} events predicted\n")
    out.write(f"pairs: {result.required} required (+{result.optional} optional) in gold, "
              f"{result.predicted} predicted, {result.matched_required} required matched\n")
    out.write(f"precision {result.precision:.3f}  recall {result.recall:.3f}  "
              f"F1 {result.f1:.3f}\n")
    out.write(f"place right {result.place_right}/{result.matched_pairs} "
              f"({result.place_right / matched:.3f})  date right "
              f"{result.date_right}/{result.matched_pairs} ({result.date_right / matched:.3f})\n")
    return 1 if stats.failed else 0


def _explain(result, kept, nlp, out, verbose: bool) -> None:
    from dipevents.extract.explain import counts, explain

    findings = explain(result, kept, nlp)
    if verbose:
        for finding in findings:
            out.write(f"{finding.cause:34} {finding.pair.doc}  {_names(finding.pair)}"
                      f"{'  (' + finding.detail + ')' if finding.detail else ''}\n")
    out.write("causes:\n")
    for cause, count in counts(findings).most_common():
        out.write(f"  {count:4}  {cause}\n")


def _calibration(result, out) -> None:
    out.write("confidence band   pairs  matched  precision\n")
    for low, total, matched in result.calibration():
        precision = f"{matched / total:.3f}" if total else "  -  "
        out.write(f"  >= {low:.1f}          {total:5}  {matched:7}  {precision}\n")


def _names(pair: Pair) -> str:
    return " – ".join(p.name or f"({p.country})" for p in pair.parties)


def _details(result, out) -> None:
    for title, pairs in (("MISSED", result.missed), ("EXTRA", result.extra)):
        for pair in pairs:
            out.write(f"{title:12} {pair.doc}  {_names(pair)}  place={_place(pair)} "
                      f"date={pair.date}\n             | {pair.evidence[:300]}\n")
    for title, items in (("WRONG PLACE", result.wrong_place), ("WRONG DATE", result.wrong_date)):
        for pred, gold in items:
            out.write(f"{title:12} {pred.doc}  {_names(gold)}  got place={_place(pred)} "
                      f"date={pred.date}, gold place={_place(gold)} date={gold.date}\n"
                      f"             | {pred.evidence[:300]}\n")


def _place(pair: Pair) -> str | None:
    return pair.place.get("name") if pair.place else None
