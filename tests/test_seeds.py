"""End to end on the sample articles: the extraction against their hand-made annotations."""
import json
from pathlib import Path

from typer.testing import CliRunner

from dipevents.cli.app import app
from dipevents.models import normalise_name

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def test_eval_on_seeds_finds_every_required_pair_with_place_and_date_right():
    result = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["recall"] == 1.0
    assert scores["precision"] == 1.0  # as the README's accuracy table says
    assert scores["place_right"] == scores["matched_pairs"] == scores["required_pairs"]
    assert scores["date_right"] == scores["matched_pairs"]


def test_extract_seeds_reports_the_required_meetings_with_sources():
    result = runner.invoke(app, ["extract", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)

    def find(*names):
        wanted = {normalise_name(n) for n in names}        # "Kim Song-nam" = "Kim Song Nam"
        return [e for e in events
                if wanted <= {normalise_name(p["name"]) for p in e["who"] + e["whom"] if p["name"]}]

    [beijing] = [e for e in find("Kim Song Nam", "Wang Yi") if e["place"]["name"] == "Beijing"]
    assert len(beijing["sources"]) >= 2                     # reported by several articles
    [hanoi] = find("Kim Song Nam", "Le Hoai Trung")
    assert hanoi["place"]["country"] == "VNM" and hanoi["date"]["value"] == "2024-03-25"
    assert hanoi["date"]["basis"] == "relative"
    [visit] = [e for e in find("Sun Weidong") if e["type"] == "visit"]
    assert visit["place"]["name"] == "Pyongyang" and visit["date"]["value"] == "2025-04-17"
    dates = [e["date"]["value"] if e["date"]
             else min((s["doc_date"] for s in e["sources"] if s["doc_date"]), default="9999")
             for e in events]
    assert dates == sorted(dates)                            # oldest first
