"""The city index cache gives the same places as building the index."""
from dipevents.extract.gazetteer import Gazetteer


def test_cached_city_index_equals_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", str(tmp_path))
    first = Gazetteer()
    built = first._cities                      # builds and writes the cache
    assert len(list(tmp_path.glob("cities-*.json"))) == 1
    second = Gazetteer()
    assert second._cities == built             # read back from the cache
    assert second.find_place("Montevideo").country == "URY"


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DIPEVENTS_CACHE", str(blocked))
    assert Gazetteer().find_place("Hanoi").country == "VNM"


def test_caching_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", "")
    assert Gazetteer().find_place("Nairobi").country == "KEN"
