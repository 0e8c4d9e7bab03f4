"""The city index cache gives the same places as building the index."""
import sqlite3

from dipevents.extract.gazetteer import CityIndex, Gazetteer


def test_cached_city_index_equals_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", str(tmp_path))
    first = Gazetteer()
    built = first._cities                      # builds and writes the cache
    assert built.path is None and len(built.index) > 10_000
    [saved] = tmp_path.glob("cities-*.sqlite")
    second = Gazetteer()
    cached = second._cities                    # opened from the cache
    assert cached.path == saved
    keys = sorted(built.index)[::97] + ["montevideo", "springfield", "san jose", "no such town"]
    assert [cached.readings(key) for key in keys] == [built.readings(key) for key in keys]
    assert second.find_place("Montevideo").country == "URY"


def test_a_broken_cache_file_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", str(tmp_path))
    Gazetteer()._cities
    [saved] = tmp_path.glob("cities-*.sqlite")
    saved.write_bytes(b"not a database")
    assert CityIndex.open(saved) is None
    assert Gazetteer().find_place("Montevideo").country == "URY"
    assert CityIndex.open(saved) is not None   # written again


def test_an_index_opened_before_fork_opens_its_own_connection(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", str(tmp_path))
    Gazetteer()._cities
    cached = Gazetteer()._cities
    cached.readings("lima")
    pid, first = cached._db
    monkeypatch.setattr("os.getpid", lambda: pid + 1)
    assert cached.readings("lima") and cached._db[1] is not first
    assert isinstance(cached._db[1], sqlite3.Connection)


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DIPEVENTS_CACHE", str(blocked))
    assert Gazetteer().find_place("Hanoi").country == "VNM"


def test_caching_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DIPEVENTS_CACHE", "")
    assert Gazetteer().find_place("Nairobi").country == "KEN"
