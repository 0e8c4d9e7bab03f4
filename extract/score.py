"""Scoring against hand-made annotations, per pair of parties (as event data counts dyads).

The rules are those of the gold README: an event with parties {X, A, B} contributes the
pairs X-A, X-B and A-B (a single party contributes itself); pairs match one to one within
a document, best fits first; an event counts once per source document.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import PurePath

from dipevents.models import Event, ReadError, normalise_name


@dataclass
class PairParty:
    name: str | None
    country: str | None


@dataclass
class Pair:
    doc: str
    parties: tuple[PairParty, ...]
    place: dict | None
    date: str | None
    optional: bool = False
    evidence: str = ""
    confidence: float = 1.0


@dataclass
class Score:
    predicted: int = 0
    required: int = 0
    optional: int = 0
    matched_predicted: int = 0
    matched_required: int = 0
    place_right: int = 0
    date_right: int = 0
    matched_pairs: int = 0
    missed: list[Pair] = field(default_factory=list)
    extra: list[Pair] = field(default_factory=list)
    wrong_place: list[tuple[Pair, Pair]] = field(default_factory=list)
    wrong_date: list[tuple[Pair, Pair]] = field(default_factory=list)
    gold_pairs: list[Pair] = field(default_factory=list)
    predicted_pairs: list[Pair] = field(default_factory=list)
    matched: list[bool] = field(default_factory=list)  # per predicted pair

    def calibration(self, bands=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9)) -> list[tuple[float, int, int]]:
        """(lower bound, predicted pairs, matched pairs) per confidence band."""
        rows = []
        for low, high in zip(bands, (*bands[1:], 1.01)):
            inside = [ok for pair, ok in zip(self.predicted_pairs, self.matched)
                      if low <= pair.confidence < high]
            rows.append((low, len(inside), sum(inside)))
        return rows

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_required / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "f1": round(self.f1, 3), "predicted_pairs": self.predicted,
            "required_pairs": self.required, "optional_pairs": self.optional,
            "matched_required": self.matched_required,
            "place_right": self.place_right, "date_right": self.date_right,
            "matched_pairs": self.matched_pairs,
        }


class GoldError(Exception):
    """A gold file that cannot be scored against at all: binary, or no annotation in it."""


def load_gold(path: str) -> tuple[list[Pair], set[str], list[ReadError]]:
    """Gold pairs, the documents the gold file covers, and any malformed lines (each one
    skipped). Raises OSError when the file cannot be read, GoldError when it is binary or
    holds no annotation (a score against nothing would be a perfect 1.0)."""
    from dipevents.extract.reader import read_lines, shown_path

    pairs: list[Pair] = []
    docs: set[str] = set()
    errors: list[ReadError] = []
    shown = shown_path(path)
    with open(path, "rb") as handle:
        lines = read_lines(path, handle)
        if isinstance(lines, ReadError):
            raise GoldError(lines.reason)
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except (ValueError, RecursionError) as error:
                reason = getattr(error, "msg", None) or "nested too deeply"
                errors.append(ReadError(shown, f"malformed gold line (invalid JSON: {reason})", number))
                continue
            if problem := _gold_problem(data):
                errors.append(ReadError(shown, f"malformed gold line ({problem})", number))
                continue
            doc = data["doc"]
            docs.add(doc)
            if "who" not in data:
                continue
            parties = [PairParty(p.get("name"), p.get("country"))
                       for p in [*(data.get("who") or []), *(data.get("whom") or [])]]
            for group in _pairs(parties):
                pairs.append(Pair(doc, group, data.get("place"), data.get("date"),
                                  bool(data.get("optional")), data.get("evidence") or ""))
    if not docs:
        raise GoldError("no annotations (each line a JSON object with a `doc`)")
    return pairs, docs, errors


def _gold_problem(data) -> str | None:
    """What is wrong with one gold record, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if not isinstance(data.get("doc"), str) or not data["doc"]:
        return "`doc` is not a file name"
    for side in ("who", "whom"):
        parties = data.get(side)
        if parties is None:
            continue
        if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
            return f"`{side}` is not a list of parties"
        for party in parties:
            if any(not isinstance(party.get(key), (str, type(None))) for key in ("name", "country")):
                return f"a party of `{side}` has a name or country that is not text"
    place = data.get("place")
    if place is not None and (not isinstance(place, dict) or any(
            not isinstance(place.get(key), (str, type(None))) for key in ("name", "country"))):
        return "`place` is not an object with a name and country"
    for key in ("date", "evidence"):
        if not isinstance(data.get(key), (str, type(None))):
            return f"`{key}` is not text"
    return None


def predicted_pairs(events: list[Event]) -> list[Pair]:
    pairs = []
    for event in events:
        parties = [PairParty(p.name, p.country) for p in event.parties()]
        place = {"name": event.place.name, "country": event.place.country} if event.place else None
        for doc in dict.fromkeys(PurePath(s.doc).name for s in event.sources):
            sentence = next(s.sentence for s in event.sources if PurePath(s.doc).name == doc)
            for group in _pairs(parties):
                pairs.append(Pair(doc, group, place, event.date.value if event.date else None,
                                  evidence=sentence, confidence=event.confidence))
    return pairs


def score(gold: list[Pair], predicted: list[Pair], gold_docs: set[str] | None = None,
          country_names: set[str] | None = None) -> Score:
    if gold_docs is not None:
        predicted = [p for p in predicted if p.doc in gold_docs]
    result = Score(predicted=len(predicted), required=sum(not g.optional for g in gold),
                   optional=sum(g.optional for g in gold), gold_pairs=gold,
                   predicted_pairs=predicted)
    candidates = []
    for i, pred in enumerate(predicted):
        for j, want in enumerate(gold):
            if want.doc == pred.doc and matches(pred, want):
                place_ok = place_right(pred, want, country_names or set())
                date_ok = date_right(pred, want)
                candidates.append((not want.optional, place_ok + date_ok, -i, -j, i, j,
                                   place_ok, date_ok))
    candidates.sort(reverse=True)
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for _, _, _, _, i, j, place_ok, date_ok in candidates:
        if i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        result.matched_predicted += 1
        if not gold[j].optional:
            result.matched_required += 1
            result.matched_pairs += 1
            result.place_right += place_ok
            result.date_right += date_ok
            if not place_ok:
                result.wrong_place.append((predicted[i], gold[j]))
            if not date_ok:
                result.wrong_date.append((predicted[i], gold[j]))
    result.missed = [g for j, g in enumerate(gold) if j not in used_gold and not g.optional]
    result.extra = [p for i, p in enumerate(predicted) if i not in used_pred]
    result.matched = [i in used_pred for i in range(len(predicted))]
    return result


def matches(pred: Pair, want: Pair) -> bool:
    countries = {p.country for p in pred.parties if p.country}
    if pred.place and pred.place.get("country"):
        countries.add(pred.place["country"])
    for party in want.parties:
        if party.name:
            if not any(p.name and same_name(p.name, party.name) for p in pred.parties):
                return False
        elif party.country not in countries:
            return False
    named_gold = [g.name for g in want.parties if g.name]
    return all(any(same_name(p.name, g) for g in named_gold) for p in pred.parties if p.name)


def same_name(a: str, b: str) -> bool:
    """Equal after normalising, or one is a surname (first or last word) of the other."""
    x, y = _fold(a).split(), _fold(b).split()
    if x == y:
        return True
    if len(x) == 1 and x[0] in (y[0], y[-1]) if y else False:
        return True
    return len(y) == 1 and bool(x) and y[0] in (x[0], x[-1])


def place_right(pred: Pair, want: Pair, country_names: set[str]) -> bool:
    if want.place is None:
        return pred.place is None
    if pred.place is None:
        return False
    if _fold(pred.place.get("name") or "") == _fold(want.place.get("name") or ""):
        return True
    gold_is_country = _fold(want.place.get("name") or "") in country_names
    return gold_is_country and pred.place.get("country") == want.place.get("country")


def date_right(pred: Pair, want: Pair) -> bool:
    if want.date is None:
        return pred.date is None
    return bool(pred.date and pred.date.startswith(want.date))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise_name(text))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _pairs(parties: list[PairParty]):
    if len(parties) == 1:
        yield (parties[0],)
        return
    yield from combinations(parties, 2)
