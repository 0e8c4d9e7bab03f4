"""Mutation runner: switch off each rule in turn and check that some fast test fails.

A rule no test pins can be deleted, or broken, with the whole suite still green. This script
loads the pipeline once and, for every rule, switches it off in place, runs the fast
behavioural tests against the mutated pipeline, and switches it back on:

- every trigger and cue pattern of the `dipevents_rules` component (removed from its matcher);
- with `--fields`, also every field of a trigger pattern that changes what assembly does
  (`host`, `weak`, `split`, `topic_object`, `head`, a `cameo` other than the default:
  removed from the rule);
- every word class of `extract/patterns/words.json` (emptied wherever the code holds it,
  and taken out of the tokenizer where it made special cases);
- every verdict filter of `assemble.FILTERS` (made to pass every candidate, in
  `assemble/filters.py`, where the verdict reads them).

The tests are the cases of `tests/data/cases.jsonl` (each through the reader and
`extract_document`, compared as `tests/test_cases.py` compares them) and the pattern
sentences of `tests/test_patterns.py`. A rule is pinned when at least one of them fails while
it is off; the cases that name the rule in their `rule` field run first, and the first
failure ends that rule's run.

    .venv/bin/python bench/mutations.py                  # every rule; exit 1 if one is unpinned
    .venv/bin/python bench/mutations.py --only word:     # the rules whose name starts with it
    .venv/bin/python bench/mutations.py --all-tests      # every failing test per rule, not the first
    .venv/bin/python bench/mutations.py --fields         # the fields of the trigger rules too

Run it from the project root with the project's virtualenv (test extras installed).
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("host", "weak", "split", "topic_object", "head", "cameo")


def _test_module(name: str):
    """A module of `tests/` by path (the runner reuses its data and its comparison)."""
    spec = importlib.util.spec_from_file_location(f"_mutations_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Check:
    """One fast test: its name, the rule it names (if any), and a function that says
    whether it passes against the pipeline as it is now."""

    name: str
    rule: str | None
    passes: Callable[[], bool]


def checks(nlp, folder: Path) -> list[Check]:
    from dipevents.extract.pipeline import extract_document
    from dipevents.extract.reader import iter_documents

    cases = _test_module("test_cases")
    patterns = _test_module("test_patterns")
    found: list[Check] = []
    for number, case in enumerate(cases.CASES):
        path = folder / f"case-{number}.txt"
        path.write_text(case["text"], encoding="utf-8")

        def passes(case=case, path=path) -> bool:
            (doc,) = iter_documents([str(path)], doc_date=case.get("doc_date"))
            events = extract_document(doc, nlp)
            expected = [cases._normalised(e) for e in case["events"]]
            got = [cases._summary(event, e) for event, e in zip(events, expected)]
            got += [cases._summary(event, {}) for event in events[len(expected):]]
            return got == expected

        found.append(Check(f"case {case['id']}", case.get("rule"), passes))
    for key, pattern_id, sentence, words in patterns.CASES:
        def passes(key=key, pattern_id=pattern_id, sentence=sentence, words=words) -> bool:
            doc = nlp(sentence)
            return words in [span.text for span in doc.spans[key] if span.id_ == pattern_id]

        found.append(Check(f"sentence {pattern_id}", pattern_id, passes))
    return found


# ------------------------------------------------------------------------- the mutations

@dataclass
class Mutation:
    """A rule switched off: `name` is `kind:rule`; `off()` switches it off until the
    context ends."""

    name: str
    rule: str
    off: Callable[[], contextlib.AbstractContextManager]


def mutations(nlp, fields: bool = False) -> list[Mutation]:
    return [*_pattern_mutations(nlp), *(_field_mutations(nlp) if fields else ()),
            *_word_mutations(nlp), *_filter_mutations()]


def _pattern_mutations(nlp) -> Iterator[Mutation]:
    from dipevents.extract.components import CUES, TRIGGERS

    rules = nlp.get_pipe("dipevents_rules")
    for key, kind in ((TRIGGERS, "trigger"), (CUES, "cue")):
        matcher = rules.matchers[key]
        ids = [nlp.vocab.strings[match_id] for match_id in _matcher_keys(matcher)]
        for pattern_id in ids:
            @contextlib.contextmanager
            def off(matcher=matcher, pattern_id=pattern_id):
                patterns = matcher.get(pattern_id)[1]
                matcher.remove(pattern_id)
                try:
                    yield
                finally:
                    matcher.add(pattern_id, patterns)

            yield Mutation(f"{kind}:{pattern_id}", pattern_id, off)


def _matcher_keys(matcher) -> list[int]:
    return list(matcher._patterns)  # noqa: SLF001 - the Matcher lists its keys nowhere else


def _field_mutations(nlp) -> Iterator[Mutation]:
    """Each field of a trigger rule that assembly reads, set back to its default in the
    rule assembly holds."""
    from dipevents.extract.pipeline import _assembler
    from dipevents.models import CAMEO

    entries = _assembler(nlp).entries
    for pattern_id, rule in list(entries.items()):
        defaults = {f.name: f.default for f in dataclasses.fields(rule)}
        for field in FIELDS:
            if field not in rule or (field == "cameo" and rule.cameo == CAMEO["consult"]):
                continue  # the default code: removing it changes nothing

            @contextlib.contextmanager
            def off(pattern_id=pattern_id, rule=rule, field=field):
                entries[pattern_id] = dataclasses.replace(rule, **{field: defaults[field]})
                try:
                    yield
                finally:
                    entries[pattern_id] = rule

            yield Mutation(f"field:{pattern_id}.{field}", pattern_id, off)


def _word_mutations(nlp) -> Iterator[Mutation]:
    """Each word class emptied: every module attribute and component attribute that holds
    its set (or a dict of classes that holds it), the sets derived from it, and later calls
    of `words(name)`."""
    from dipevents.extract import lexicon, patterns

    classes = patterns.load_json("words.json")["classes"]
    for name in classes:
        @contextlib.contextmanager
        def off(name=name):
            original = lexicon.words(name)
            restore: list[Callable[[], None]] = []

            def swap(owner, attr, value):
                old = getattr(owner, attr)
                setattr(owner, attr, value)
                restore.append(lambda: setattr(owner, attr, old))

            real_words = lexicon.words

            def words(wanted: str) -> frozenset[str]:
                return frozenset() if wanted == name else real_words(wanted)

            for module in [m for key, m in sys.modules.items() if key.startswith("dipevents.")]:
                for attr, value in list(vars(module).items()):
                    if value is original:
                        swap(module, attr, frozenset())
                    elif value is real_words:
                        swap(module, attr, words)
                    elif isinstance(value, dict) and any(v is original for v in value.values()):
                        swap(module, attr, {key: frozenset() if v is original else v
                                            for key, v in value.items()})  # classes by key
            for _, component in nlp.pipeline:
                for attr, value in list(getattr(component, "__dict__", {}).items()):
                    if value is original:
                        swap(component, attr, frozenset())
            for derived in DERIVED.get(name, ()):
                derived(nlp, swap)
            try:
                yield
            finally:
                for undo in reversed(restore):
                    undo()
                lexicon.title_words.cache_clear()

        yield Mutation(f"word:{name}", name, off)


def _empty_official_particles(nlp, swap) -> None:
    from dipevents.extract import officials

    swap(officials, "PARTICLES", frozenset())


def _rebuild_title_words(nlp, swap) -> None:
    """Title words leave out the function words: rebuild them without that class (the
cache is cleared again when the mutation ends)."""
    from dipevents.extract import lexicon

    lexicon.title_words.cache_clear()
    swap(nlp.get_pipe("dipevents_names"), "title_words", lexicon.title_words())


def _drop_name_abbreviations(nlp, swap) -> None:
    """Abbreviated given names are tokenizer special cases, added when the pipeline loads:
    take them out of the tokenizer."""
    from dipevents.extract import patterns

    listed = set(patterns.load_json("words.json")["classes"]["name_abbreviations"]["words"])
    swap(nlp.tokenizer, "rules", {orth: pieces for orth, pieces in nlp.tokenizer.rules.items()
                                  if orth not in listed})


# Sets built from a word class at import time, which emptying the class does not reach.
def _lower_words_without_class(nlp, swap) -> None:
    """The words an all-capitals paragraph gives in lower case are read from the data file
    once (cached): take this class's words out of them."""
    from dipevents.extract import patterns, recase

    listed = {word for phrase in
              patterns.load_json("words.json")["classes"]["lower_in_capitals"]["words"]
              for word in phrase.split()}
    kept = frozenset(recase.lower_words() - listed)
    swap(recase, "lower_words", lambda: kept)


DERIVED = {
    "lower_in_capitals": (_lower_words_without_class,),
    "name_particles": (_empty_official_particles,),
    "title_function_words": (_rebuild_title_words,),
    "honorific_name_words": (_rebuild_title_words,),
    "name_abbreviations": (_drop_name_abbreviations,),
}


def _filter_mutations() -> Iterator[Mutation]:
    from dipevents.extract.assemble import filters as verdict

    for index, (name, _) in enumerate(verdict.FILTERS):
        @contextlib.contextmanager
        def off(index=index, name=name):
            original = verdict.FILTERS
            filters = list(original)
            filters[index] = (name, lambda candidate: True)
            verdict.FILTERS = tuple(filters)
            try:
                yield
            finally:
                verdict.FILTERS = original

        yield Mutation(f"filter:{name}", name, off)


# ----------------------------------------------------------------------------- running

def failing(suite: list[Check], rule: str, every: bool) -> list[str]:
    """The checks that fail now: those naming `rule` first; all of them with `every`,
    else the first."""
    ordered = sorted(suite, key=lambda check: check.rule != rule)
    failed = []
    for check in ordered:
        try:
            ok = check.passes()
        except Exception as error:  # noqa: BLE001 - a crash under a mutation is a failure
            ok = False
            check = Check(f"{check.name} (raised {type(error).__name__})", check.rule, check.passes)
        if not ok:
            failed.append(check.name)
            if not every:
                break
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run only the rules whose name starts with this (repeatable)")
    parser.add_argument("--all-tests", action="store_true",
                        help="list every failing test per rule, not only the first")
    parser.add_argument("--fields", action="store_true",
                        help="also switch off each field of each trigger rule (host, weak, ...)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    from dipevents.extract.pipeline import load_nlp

    started = time.perf_counter()
    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as folder:
        suite = checks(nlp, Path(folder))
        broken = failing(suite, "", every=True)
        if broken:
            print("the tests fail with every rule on; fix them first:", *broken, sep="\n  ")
            return 2
        todo = [m for m in mutations(nlp, args.fields)
                if not args.only or any(m.name.startswith(prefix) for prefix in args.only)]
        results = []
        for mutation in todo:
            with mutation.off():
                failed = failing(suite, mutation.rule, args.all_tests)
            results.append({"rule": mutation.name, "pinned": bool(failed), "failing": failed})
            mark = "pinned  " if failed else "UNPINNED"
            print(f"{mark} {mutation.name:<40} {', '.join(failed[:3])}", flush=True)
        still = failing(suite, "", every=True)
    unpinned = [r["rule"] for r in results if not r["pinned"]]
    seconds = time.perf_counter() - started
    print(f"\n{len(results) - len(unpinned)} of {len(results)} rules pinned by "
          f"{len(suite)} tests ({seconds:.0f} s)")
    if unpinned:
        print("unpinned:", *unpinned, sep="\n  ")
    if still:
        print("the tests fail after the mutations were undone:", *still, sep="\n  ")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 1 if unpinned or still else 0


if __name__ == "__main__":
    sys.exit(main())
