"""Extraction from single documents: the events a reader would check, field by field.

Every sentence here is written for this file. The publication date is Friday 18 April 2025
unless a test says otherwise, so "on Monday" is 14 April, "on Saturday" 12 April and
"on Friday" the publication day itself.

Each test compares the whole list of events, so it fails on a missing event, a wrong field
and an extra event alike. `summary()` keeps what the tests assert: type, status, the parties
as (name, country), the place as (name, country) and the date's value; titles, kinds and
date ranges are checked where a test is about them.
"""
from __future__ import annotations

import pytest

from dipevents.extract.pipeline import extract_document
from dipevents.extract.reader import iter_documents
from dipevents.models import Document, Event

DOC_DATE = "2025-04-18"  # a Friday
MON, TUE, WED, THU, FRI, SAT, SUN = ("2025-04-14", "2025-04-15", "2025-04-16", "2025-04-17",
                                     "2025-04-18", "2025-04-12", "2025-04-13")


def extract(nlp, text: str, doc_date: str | None = DOC_DATE) -> list[Event]:
    return extract_document(Document(path="t.txt", text=text, doc_date=doc_date), nlp)


def read_and_extract(nlp, tmp_path, text: str, doc_date: str) -> list[Event]:
    """Through the reader, as the command line does, so the dateline lands in the typed `Document.header`."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = iter_documents([str(path)], doc_date=doc_date)
    return extract_document(doc, nlp)


def summary(event: Event) -> dict:
    return {
        "type": event.type,
        "status": event.status,
        "who": [(p.name, p.country) for p in event.who],
        "whom": [(p.name, p.country) for p in event.whom],
        "place": (event.place.name, event.place.country) if event.place else None,
        "date": event.date.value if event.date else None,
    }


def event(who, whom=(), place=None, date=None, type="meeting", status="occurred") -> dict:
    return {"type": type, "status": status, "who": list(who), "whom": list(whom),
            "place": place, "date": date}


def summaries(events: list[Event]) -> list[dict]:
    return [summary(e) for e in events]


# ---------------------------------------------------------------- verbs and frames

FRAMES = {
    "met": (
        "Malawian President Lazarus Chakwera met Zimbabwean President Emmerson Mnangagwa "
        "in Harare on Monday.",
        [event([("Lazarus Chakwera", "MWI")], [("Emmerson Mnangagwa", "ZWE")],
               ("Harare", "ZWE"), MON)]),
    "met with": (
        "Zambian President Hakainde Hichilema met with Malawian President Lazarus Chakwera "
        "in Lusaka on Monday.",
        [event([("Hakainde Hichilema", "ZMB")], [("Lazarus Chakwera", "MWI")],
               ("Lusaka", "ZMB"), MON)]),
    "held talks": (
        "Egyptian Foreign Minister Badr Abdelatty held talks with Sudanese Foreign Minister "
        "Omer Siddig in Cairo on Tuesday.",
        [event([("Badr Abdelatty", "EGY")], [("Omer Siddig", "SDN")], ("Cairo", "EGY"), TUE)]),
    "delegation-level talks": (
        "Fijian Prime Minister Sitiveni Rabuka and Tongan Prime Minister Aisake Eke held "
        "delegation-level talks in Nuku'alofa on Tuesday.",
        [event([("Sitiveni Rabuka", "FJI"), ("Aisake Eke", "TON")], [],
               ("Nuku'alofa", "TON"), TUE)]),
    "received": (
        "Algerian President Abdelmadjid Tebboune received Nigerien Prime Minister "
        "Ali Lamine Zeine in Algiers on Wednesday.",
        [event([("Abdelmadjid Tebboune", "DZA")], [("Ali Lamine Zeine", "NER")],
               ("Algiers", "DZA"), WED)]),
    "hosted": (
        "Japanese Prime Minister Shigeru Ishiba hosted Palauan President Surangel Whipps Jr "
        "in Tokyo yesterday.",
        [event([("Shigeru Ishiba", "JPN")], [("Surangel Whipps Jr", "PLW")],
               ("Tokyo", "JPN"), THU)]),
    "welcomed": (
        "Argentine President Javier Milei welcomed Paraguayan President Santiago Pena to "
        "Buenos Aires on Thursday.",
        [event([("Javier Milei", "ARG")], [("Santiago Pena", "PRY")],
               ("Buenos Aires", "ARG"), THU)]),
    "called on": (
        "Vietnamese Ambassador Nguyen Van Hai called on Mongolian Foreign Minister "
        "Battsetseg Batmunkh in Ulaanbaatar on March 5.",
        [event([("Nguyen Van Hai", "VNM")], [("Battsetseg Batmunkh", "MNG")],
               ("Ulaanbaatar", "MNG"), "2025-03-05")]),
    "paid a courtesy call on": (
        "Malaysian High Commissioner Ahmad Fadzil paid a courtesy call on Bangladeshi "
        "Foreign Adviser Touhid Hossain in Dhaka on Friday.",
        [event([("Ahmad Fadzil", "MYS")], [("Touhid Hossain", "BGD")], ("Dhaka", "BGD"), FRI)]),
    "visited a country": (
        "Senegalese President Bassirou Diomaye Faye visited Mauritania last month.",
        [event([("Bassirou Diomaye Faye", "SEN")], [(None, "MRT")], ("Mauritania", "MRT"),
               "2025-03", type="visit")]),
    "visited a person": (
        "Ghanaian President John Mahama visited Ivorian President Alassane Ouattara in "
        "Abidjan on Sunday.",
        [event([("John Mahama", "GHA")], [("Alassane Ouattara", "CIV")], ("Abidjan", "CIV"),
               SUN)]),
    "arrived in ... for talks": (
        "Polish Prime Minister Donald Tusk arrived in Kyiv for talks with Ukrainian President "
        "Volodymyr Zelensky on Saturday.",
        [event([("Donald Tusk", "POL")], [("Volodymyr Zelensky", "UKR")], ("Kyiv", "UKR"),
               SAT)]),
    "summit with": (
        "Kyrgyz President Sadyr Japarov held a summit with Tajik President Emomali Rahmon "
        "in Bishkek on April 10.",
        [event([("Sadyr Japarov", "KGZ")], [("Emomali Rahmon", "TJK")], ("Bishkek", "KGZ"),
               "2025-04-10")]),
    "talks between X and Y": (
        "Talks between Guatemalan President Bernardo Arevalo and Salvadoran President "
        "Nayib Bukele took place in San Salvador on Tuesday.",
        [event([("Bernardo Arevalo", "GTM"), ("Nayib Bukele", "SLV")], [],
               ("San Salvador", "SLV"), TUE)]),
    "X and Y met": (
        "Gambian President Adama Barrow and Senegalese President Bassirou Diomaye Faye met "
        "in Banjul on Wednesday.",
        [event([("Adama Barrow", "GMB"), ("Bassirou Diomaye Faye", "SEN")], [],
               ("Banjul", "GMB"), WED)]),
    "on the sidelines of a summit": (
        "On the sidelines of the G20 summit in Johannesburg, Canadian Prime Minister "
        "Mark Carney met Japanese Prime Minister Shigeru Ishiba.",
        [event([("Mark Carney", "CAN")], [("Shigeru Ishiba", "JPN")],
               ("Johannesburg", "ZAF"))]),
    "spoke by phone": (
        "Turkish Foreign Minister Hakan Fidan spoke by phone with Azerbaijani Foreign Minister "
        "Jeyhun Bayramov on Tuesday.",
        [event([("Hakan Fidan", "TUR")], [("Jeyhun Bayramov", "AZE")], None, TUE,
               type="call")]),
    "telephone conversation": (
        "German Chancellor Friedrich Merz held a telephone conversation with French President "
        "Emmanuel Macron on Monday.",
        [event([("Friedrich Merz", "DEU")], [("Emmanuel Macron", "FRA")], None, MON,
               type="call")]),
    "video call": (
        "New Zealand Prime Minister Christopher Luxon held a video call with Samoan Prime "
        "Minister Fiame Naomi Mataafa on Wednesday.",
        [event([("Christopher Luxon", "NZL")], [("Fiame Naomi Mataafa", "WSM")], None, WED,
               type="call")]),
    "virtual meeting": (
        "Spanish Prime Minister Pedro Sanchez held a virtual meeting with Mexican President "
        "Claudia Sheinbaum yesterday.",
        [event([("Pedro Sanchez", "ESP")], [("Claudia Sheinbaum", "MEX")], None, THU,
               type="call")]),
    "passive: was received by": (
        "Botswana President Duma Boko was received by Namibian President Netumbo "
        "Nandi-Ndaitwah in Windhoek on Thursday.",
        [event([("Netumbo Nandi-Ndaitwah", "NAM")], [("Duma Boko", "BWA")],
               ("Windhoek", "NAM"), THU)]),
}


@pytest.mark.parametrize("text, expected", FRAMES.values(), ids=FRAMES.keys())
def test_frame(nlp, text, expected):
    assert summaries(extract(nlp, text)) == expected


def test_sidelines_meeting_is_a_meeting_at_a_third_party_event(nlp):
    (found,) = extract(nlp, FRAMES["on the sidelines of a summit"][0])
    assert found.cameo == "044"


def test_bilateral_talks_with_three_people_are_three_meetings_with_the_same_host(nlp):
    text = ("India's External Affairs Minister S. Jaishankar held bilateral talks with "
            "Australian Foreign Minister Penny Wong, Japanese Foreign Minister Takeshi Iwaya "
            "and US Secretary of State Marco Rubio in Washington on Tuesday.")
    host = [("S. Jaishankar", "IND")]
    assert summaries(extract(nlp, text)) == [
        event(host, [("Penny Wong", "AUS")], ("Washington", "USA"), TUE),
        event(host, [("Takeshi Iwaya", "JPN")], ("Washington", "USA"), TUE),
        event(host, [("Marco Rubio", "USA")], ("Washington", "USA"), TUE),
    ]


# ---------------------------------------------------------------- parties: names and titles
# Real office holders get their country from the table of officials (extract/officials.py).

TITLES = {
    "His Majesty King": (
        "His Majesty King Mswati III received Mozambican President Daniel Chapo in Mbabane "
        "on Monday.",
        ("Mswati III", "King"),
        event([("Mswati III", "SWZ")], [("Daniel Chapo", "MOZ")], ("Mbabane", "SWZ"), MON)),
    "Sheikh": (
        "Sheikh Hamdan bin Mohammed received Jordanian Foreign Minister Ayman Safadi in "
        "Dubai on Monday.",
        ("Hamdan bin Mohammed", "Sheikh"),
        event([("Hamdan bin Mohammed", "ARE")], [("Ayman Safadi", "JOR")], ("Dubai", "ARE"),
              MON)),  # the host at home: the place's state (parties.at_home)
    "PM": (
        "PM Anwar Ibrahim received Thai Prime Minister Paetongtarn Shinawatra in Putrajaya "
        "on Monday.",
        ("Anwar Ibrahim", "Prime Minister"),
        event([("Anwar Ibrahim", "MYS")], [("Paetongtarn Shinawatra", "THA")],
              ("Putrajaya", "MYS"), MON)),
    "Foreign Secretary": (
        "Foreign Secretary David Lammy met Nigerian Foreign Minister Yusuf Tuggar in London "
        "on Monday.",
        ("David Lammy", "Foreign Secretary"),
        event([("David Lammy", "GBR")], [("Yusuf Tuggar", "NGA")], ("London", "GBR"), MON)),
    "EAM": (
        "EAM Jaishankar met Sri Lankan Foreign Minister Vijitha Herath in New Delhi on Monday.",
        ("S. Jaishankar", "Foreign Minister"),  # the surname alone: the table's full name
        event([("S. Jaishankar", "IND")], [("Vijitha Herath", "LKA")], ("New Delhi", "IND"), MON)),
}


@pytest.mark.parametrize("text, host, expected", TITLES.values(), ids=TITLES.keys())
def test_title_is_stripped_from_the_name_and_kept(nlp, text, host, expected):
    events = extract(nlp, text)
    assert summaries(events) == [expected]
    (party,) = events[0].who
    assert (party.name, party.title, party.kind) == (*host, "person")


def test_title_before_a_name_ner_misses_makes_it_a_person(nlp):
    # The statistical NER finds no entity in "Hassanal Bolkiah"; the title before it does.
    text = ("Singaporean President Tharman Shanmugaratnam received Bruneian Sultan "
            "Hassanal Bolkiah in Singapore on Monday.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Tharman Shanmugaratnam", "SGP")],
                                       [("Hassanal Bolkiah", "BRN")], ("Singapore", "SGP"), MON)]
    assert events[0].whom[0].title == "Sultan"


def test_surname_alone_later_is_the_person_named_in_full(nlp):
    text = ("Kenyan President William Ruto arrived in Kampala on Monday for a two-day visit. "
            "Ruto met Ugandan President Yoweri Museveni at State House on Tuesday.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("William Ruto", "KEN")], [("Yoweri Museveni", "UGA")],
                                       ("Kampala", "UGA"), TUE)]
    assert events[0].who[0].title == "President"


def test_the_king_is_the_king_named_before(nlp):
    text = ("Swedish King Carl Gustaf arrived in Windhoek on Monday. Namibian President "
            "Netumbo Nandi-Ndaitwah received the King at State House.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Netumbo Nandi-Ndaitwah", "NAM")],
                                       [("Carl Gustaf", "SWE")], ("Windhoek", "NAM"), MON)]
    assert events[0].whom[0].title == "King"


def test_the_demonym_and_title_is_the_minister_named_before(nlp):
    text = ("Indonesian Foreign Minister Sugiono arrived in Pretoria on Tuesday. South African "
            "Foreign Minister Ronald Lamola met the Indonesian foreign minister on Wednesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Ronald Lamola", "ZAF")], [("Sugiono", "IDN")], ("Pretoria", "ZAF"), WED)]


def test_his_counterpart_with_a_demonym_keeps_the_country(nlp):
    text = ("Cuban Foreign Minister Bruno Rodriguez arrived in Phnom Penh on Tuesday. He met "
            "his Cambodian counterpart on Wednesday.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Bruno Rodriguez", "CUB")], [(None, "KHM")],
                                       ("Phnom Penh", "KHM"), WED)]
    assert events[0].whom[0].kind == "person"


def test_the_two_leaders_are_the_parties_of_the_meeting_just_reported(nlp):
    text = ("Panamanian President Jose Raul Mulino met Guatemalan President Bernardo Arevalo "
            "in Panama City on Tuesday. The two leaders also held talks on Wednesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Jose Raul Mulino", "PAN")], [("Bernardo Arevalo", "GTM")],
              ("Panama City", "PAN"), TUE),
        event([("Jose Raul Mulino", "PAN"), ("Bernardo Arevalo", "GTM")], [],
              ("Panama City", "PAN"), WED),
    ]


def test_what_the_two_leaders_discussed_is_the_same_meeting(nlp):
    text = ("Panamanian President Jose Raul Mulino met Guatemalan President Bernardo Arevalo "
            "in Panama City on Tuesday. The two leaders discussed migration and trade.")
    assert summaries(extract(nlp, text)) == [
        event([("Jose Raul Mulino", "PAN")], [("Bernardo Arevalo", "GTM")],
              ("Panama City", "PAN"), TUE)]


@pytest.mark.parametrize("text", [
    "A delegation led by Ethiopian Prime Minister Abiy Ahmed held talks with Djiboutian "
    "President Ismail Omar Guelleh in Djibouti on Monday.",
    "Djiboutian President Ismail Omar Guelleh received a delegation led by Ethiopian Prime "
    "Minister Abiy Ahmed in Djibouti on Monday.",
], ids=["as subject", "as object"])
def test_a_delegation_led_by_someone_is_that_person(nlp, text):
    # Received or receiving, the delegation's leader is the visiting side.
    assert summaries(extract(nlp, text)) == [
        event([("Abiy Ahmed", "ETH")], [("Ismail Omar Guelleh", "DJI")], ("Djibouti", "DJI"),
              MON)]


MEETING_IN_BISHKEK = event([("Ukhnaagiin Khurelsukh", "MNG")], [("Sadyr Japarov", "KGZ")],
                           ("Bishkek", "KGZ"), MON)
ATTENDED = {
    "the meeting was attended by": (
        "Mongolian President Ukhnaagiin Khurelsukh met Kyrgyz President Sadyr Japarov in "
        "Bishkek on Monday. The meeting was attended by Foreign Minister Battsetseg Batmunkh "
        "and Foreign Minister Jeenbek Kulubaev.", [MEETING_IN_BISHKEK]),
    "also attended": (
        "Mongolian President Ukhnaagiin Khurelsukh met Kyrgyz President Sadyr Japarov in "
        "Bishkek on Monday. Foreign Minister Battsetseg Batmunkh also attended the meeting.",
        [MEETING_IN_BISHKEK]),
    "accompanied by": (
        "Mongolian President Ukhnaagiin Khurelsukh, accompanied by Foreign Minister Battsetseg "
        "Batmunkh, met Kyrgyz President Sadyr Japarov in Bishkek on Monday.",
        [MEETING_IN_BISHKEK]),
    "in the presence of": (
        "Mongolian President Ukhnaagiin Khurelsukh met Kyrgyz President Sadyr Japarov in "
        "Bishkek on Monday, in the presence of Foreign Minister Battsetseg Batmunkh.",
        [MEETING_IN_BISHKEK]),
    "attended the summit, where": (
        "Kenyan President William Ruto, Tanzanian President Samia Suluhu Hassan and Ugandan "
        "President Yoweri Museveni attended the summit in Arusha on Monday, where Ruto met "
        "Burundian President Evariste Ndayishimiye.",
        [event([("William Ruto", "KEN")], [("Evariste Ndayishimiye", "BDI")],
               ("Arusha", "TZA"), MON)]),
}


@pytest.mark.parametrize("text, expected", ATTENDED.values(), ids=ATTENDED.keys())
def test_people_who_only_attended_are_not_parties(nlp, text, expected):
    assert summaries(extract(nlp, text)) == expected


# ---------------------------------------------------------------- countries of parties

DEMONYMS = {
    "Sri Lankan": (
        "Maldivian President Mohamed Muizzu received Sri Lankan President Anura Kumara "
        "Dissanayake in Male on Monday.", ("Anura Kumara Dissanayake", "LKA")),
    "Emirati": (
        "Turkmenistan's Foreign Minister Rashid Meredov met Emirati Minister of State "
        "Khalifa Shaheen Almarar in Ashgabat on Monday.", ("Khalifa Shaheen Almarar", "ARE")),
    "Timor-Leste": (
        "Indonesian Foreign Minister Sugiono met Timor-Leste Foreign Minister Bendito Freitas "
        "in Dili on Monday.", ("Bendito Freitas", "TLS")),
    "Kiribati": (
        "Tongan Prime Minister Aisake Eke met Kiribati President Taneti Maamau in Nuku'alofa "
        "on Monday.", ("Taneti Maamau", "KIR")),
}


@pytest.mark.parametrize("text, party", DEMONYMS.values(), ids=DEMONYMS.keys())
def test_demonym_gives_the_country(nlp, text, party):
    (found,) = extract(nlp, text)
    assert [(p.name, p.country) for p in found.whom] == [party]


def test_possessive_country_gives_the_country(nlp):
    text = ("Ecuador's Foreign Minister Gabriela Sommerfeld met Colombia's Foreign Minister "
            "Laura Sarabia in Quito on Monday.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Gabriela Sommerfeld", "ECU")],
                                       [("Laura Sarabia", "COL")], ("Quito", "ECU"), MON)]
    assert [p.title for p in events[0].parties()] == ["Foreign Minister", "Foreign Minister"]


def test_title_of_country_after_the_name_gives_the_country(nlp):
    text = ("William Ruto, President of Kenya, met Yoweri Museveni, President of Uganda, in "
            "Kampala on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("William Ruto", "KEN")], [("Yoweri Museveni", "UGA")], ("Kampala", "UGA"), MON)]


def test_organisations_are_parties_without_a_country(nlp):
    text = ("The EU and ASEAN held talks with Vietnamese Prime Minister Pham Minh Chinh in "
            "Ho Chi Minh City on Monday.")
    events = extract(nlp, text)
    assert summaries(events) == [
        event([("European Union", None), ("Association of Southeast Asian Nations", None)],
              [("Pham Minh Chinh", "VNM")], ("Ho Chi Minh City", "VNM"), MON)]
    assert [p.kind for p in events[0].who] == ["organization", "organization"]


def test_african_union_is_an_organisation(nlp):
    text = ("European Council President Antonio Costa met with the African Union in "
            "Addis Ababa on Monday.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Antonio Costa", None)], [("African Union", None)],
                                       ("Addis Ababa", "ETH"), MON)]
    assert events[0].whom[0].kind == "organization"


# ---------------------------------------------------------------- places

def test_dateline_city_is_the_place_and_its_date_the_reference(nlp, tmp_path):
    # Published on Thursday 6 March; the dateline says Monday 3 March, so "yesterday" is
    # Sunday 2 March (counted from the publication date it would be the 5th).
    text = ("LUSAKA, March 3 (AFP) — Malawian President Lazarus Chakwera held talks with "
            "Zambian President Hakainde Hichilema yesterday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-06")) == [
        event([("Lazarus Chakwera", "MWI")], [("Hakainde Hichilema", "ZMB")],
              ("Lusaka", "ZMB"), "2025-03-02")]


def test_dateline_weekday_counts_back_from_the_dateline_day(nlp, tmp_path):
    text = ("LUSAKA, March 3 (AFP) — Malawian President Lazarus Chakwera held talks with "
            "Zambian President Hakainde Hichilema on Saturday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-10")) == [
        event([("Lazarus Chakwera", "MWI")], [("Hakainde Hichilema", "ZMB")],
              ("Lusaka", "ZMB"), "2025-03-01")]


def test_place_in_the_text_wins_over_the_dateline(nlp, tmp_path):
    text = ("LUSAKA, March 3 (AFP) — Malawian President Lazarus Chakwera held talks with "
            "Zambian President Hakainde Hichilema in Harare on Saturday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-06")) == [
        event([("Lazarus Chakwera", "MWI")], [("Hakainde Hichilema", "ZMB")],
              ("Harare", "ZWE"), "2025-03-01")]


def test_the_capital_named_after_a_comma(nlp):
    text = ("Ugandan President Yoweri Museveni met Kenyan President William Ruto in the "
            "capital, Kampala, on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("Yoweri Museveni", "UGA")], [("William Ruto", "KEN")], ("Kampala", "UGA"), MON)]


def test_country_is_the_place_when_no_city_is_named(nlp):
    text = ("Peruvian President Dina Boluarte held talks with Ecuadorian President Daniel "
            "Noboa in Ecuador on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("Dina Boluarte", "PER")], [("Daniel Noboa", "ECU")], ("Ecuador", "ECU"), MON)]


# ---------------------------------------------------------------- dates

DATES = {
    "on Saturday": ("on Saturday", SAT),
    "on Friday (the publication day)": ("on Friday", FRI),
    "yesterday": ("yesterday", THU),
    "today": ("today", FRI),
    "last month": ("last month", "2025-03"),
    "on March 5": ("on March 5", "2025-03-05"),
    "on the 12th": ("on the 12th", "2025-04-12"),
    "in July": ("in July", "2024-07"),
}


@pytest.mark.parametrize("words, value", DATES.values(), ids=DATES.keys())
def test_date_resolves_against_the_publication_date(nlp, words, value):
    text = (f"Thai Prime Minister Paetongtarn Shinawatra met Cambodian Prime Minister "
            f"Hun Manet in Bangkok {words}.")
    assert summaries(extract(nlp, text)) == [
        event([("Paetongtarn Shinawatra", "THA")], [("Hun Manet", "KHM")], ("Bangkok", "THA"),
              value)]


def test_date_range_keeps_start_and_end(nlp):
    text = ("Tongan Prime Minister Aisake Eke held talks with Fijian Prime Minister Sitiveni "
            "Rabuka in Nuku'alofa from April 4 to 6.")
    events = extract(nlp, text)
    assert summaries(events) == [event([("Aisake Eke", "TON")], [("Sitiveni Rabuka", "FJI")],
                                       ("Nuku'alofa", "TON"), "2025-04-04")]
    assert (events[0].date.precision, events[0].date.end) == ("day", "2025-04-06")


# ---------------------------------------------------------------- status

PLANNED = {
    "will meet": (
        "Solomon Islands Prime Minister Jeremiah Manele will meet Papua New Guinea Prime "
        "Minister James Marape in Port Moresby on Tuesday.", "2025-04-22"),
    "is scheduled to meet": (
        "Solomon Islands Prime Minister Jeremiah Manele is scheduled to meet Papua New Guinea "
        "Prime Minister James Marape in Port Moresby on May 2.", "2025-05-02"),
    "is expected to hold talks": (
        "Solomon Islands Prime Minister Jeremiah Manele is expected to hold talks with Papua "
        "New Guinea Prime Minister James Marape in Port Moresby next month.", "2025-05"),
}


@pytest.mark.parametrize("text, value", PLANNED.values(), ids=PLANNED.keys())
def test_future_meeting_is_planned_with_a_forward_date(nlp, text, value):
    assert summaries(extract(nlp, text)) == [
        event([("Jeremiah Manele", "SLB")], [("James Marape", "PNG")],
              ("Port Moresby", "PNG"), value, status="planned")]


# A meeting that did happen, after each sentence below, so an empty result cannot pass.
CONTROL = (" Meanwhile, Moldovan President Maia Sandu met Romanian President Nicusor Dan in "
           "Bucharest on Monday.")
CONTROL_EVENT = event([("Maia Sandu", "MDA")], [("Nicusor Dan", "ROU")], ("Bucharest", "ROU"),
                      MON)
KARIS = "Estonian President Alar Karis"
RINKEVICS = "Latvian President Edgars Rinkevics"
NOT_EVENTS = {
    "seeking a meeting": f"{KARIS} is seeking a meeting with {RINKEVICS}.",
    "requested a meeting": f"{KARIS} requested a meeting with {RINKEVICS}.",
    "cancelled": f"{KARIS} cancelled his meeting with {RINKEVICS}.",
    "postponed": f"A meeting between {KARIS} and {RINKEVICS} was postponed.",
    "refused": f"{KARIS} refused to meet {RINKEVICS}.",
    "would meet if": f"{KARIS} said he would meet {RINKEVICS} if the border dispute were settled.",
    "a call for restraint": f"{KARIS} issued a call for restraint to {RINKEVICS} on Monday.",
}


@pytest.mark.parametrize("text", NOT_EVENTS.values(), ids=NOT_EVENTS.keys())
def test_no_event_for_what_did_not_happen(nlp, text):
    assert summaries(extract(nlp, text + CONTROL)) == [CONTROL_EVENT]


def test_control_sentence_alone_is_one_meeting(nlp):
    assert summaries(extract(nlp, CONTROL.strip())) == [CONTROL_EVENT]


def test_the_same_people_meeting_is_an_event(nlp):
    # So the sentences above give nothing because of what they say, not because of the names.
    assert summaries(extract(nlp, f"{KARIS} met {RINKEVICS} in Riga on Monday.")) == [
        event([("Alar Karis", "EST")], [("Edgars Rinkevics", "LVA")], ("Riga", "LVA"), MON)]


def test_headline_does_not_double_the_event_the_body_reports(nlp, tmp_path):
    text = ("Chakwera and Hichilema meet in Lusaka\n\n"
            "LUSAKA, March 3 (AFP) — Malawian President Lazarus Chakwera held talks with "
            "Zambian President Hakainde Hichilema on Saturday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-06")) == [
        event([("Lazarus Chakwera", "MWI")], [("Hakainde Hichilema", "ZMB")],
              ("Lusaka", "ZMB"), "2025-03-01")]


def test_headline_sentence_with_full_names_does_not_double_the_event(nlp, tmp_path):
    text = ("Malawian President Lazarus Chakwera meets Zambian President Hakainde Hichilema "
            "in Lusaka\n\n"
            "LUSAKA, March 3 (AFP) — Malawian President Lazarus Chakwera held talks with "
            "Zambian President Hakainde Hichilema on Saturday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-06")) == [
        event([("Lazarus Chakwera", "MWI")], [("Hakainde Hichilema", "ZMB")],
              ("Lusaka", "ZMB"), "2025-03-01")]


# ------------------------------------------- names and countries the tagger misses

def test_demonym_turkmen(nlp):
    text = ("Emirati Minister of State Khalifa Shaheen Almarar met Turkmen Foreign Minister "
            "Rashid Meredov in Abu Dhabi on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("Khalifa Shaheen Almarar", "ARE")], [("Rashid Meredov", "TKM")],
              ("Abu Dhabi", "ARE"), MON)]


def test_title_of_country_before_the_name(nlp):
    text = ("President of Kenya William Ruto met Ugandan President Yoweri Museveni in Kampala "
            "on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("William Ruto", "KEN")], [("Yoweri Museveni", "UGA")], ("Kampala", "UGA"), MON)]


def test_demonym_after_a_reuters_dateline(nlp, tmp_path):
    text = ("KAMPALA, March 3 (Reuters) - Kenyan President William Ruto met Ugandan President "
            "Yoweri Museveni on Saturday.\n")
    assert summaries(read_and_extract(nlp, tmp_path, text, "2025-03-06")) == [
        event([("William Ruto", "KEN")], [("Yoweri Museveni", "UGA")], ("Kampala", "UGA"),
              "2025-03-01")]


def test_named_counterpart_keeps_the_demonym(nlp):
    text = ("Cuban Foreign Minister Bruno Rodriguez held talks with his Cambodian counterpart "
            "Prak Sokhonn in Phnom Penh on Wednesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Bruno Rodriguez", "CUB")], [("Prak Sokhonn", "KHM")], ("Phnom Penh", "KHM"),
              WED)]


def test_counterpart_is_the_minister_named_before(nlp):
    text = ("Cambodian Foreign Minister Prak Sokhonn said on Tuesday that ties were strong. "
            "Cuban Foreign Minister Bruno Rodriguez held talks with his Cambodian counterpart "
            "in Phnom Penh on Wednesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Bruno Rodriguez", "CUB")], [("Prak Sokhonn", "KHM")], ("Phnom Penh", "KHM"),
              WED)]


def test_attending_official_is_not_a_party(nlp):
    text = ("Mongolian President Ukhnaagiin Khurelsukh met Kyrgyz President Sadyr Japarov in "
            "Bishkek on Monday, with Foreign Minister Battsetseg Batmunkh attending.")
    assert summaries(extract(nlp, text)) == [MEETING_IN_BISHKEK]


def test_hyphenated_name_after_a_title(nlp):
    text = ("Uzbek President Shavkat Mirziyoyev met Kazakh President Kassym-Jomart Tokayev "
            "in Astana on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("Shavkat Mirziyoyev", "UZB")], [("Kassym-Jomart Tokayev", "KAZ")],
              ("Astana", "KAZ"), MON)]


def test_regnal_number_and_country_after_a_kings_name(nlp):
    text = ("King Mohammed VI of Morocco received Mauritanian President Mohamed Ould "
            "Ghazouani in Rabat on Tuesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Mohammed VI", "MAR")], [("Mohamed Ould Ghazouani", "MRT")], ("Rabat", "MAR"),
              TUE)]


def test_country_name_in_a_title_is_not_another_party(nlp):
    text = ("Vanuatu Prime Minister Jotham Napat and Solomon Islands Prime Minister Jeremiah "
            "Manele held delegation-level talks in Honiara on Tuesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Jotham Napat", "VUT"), ("Jeremiah Manele", "SLB")], [], ("Honiara", "SLB"),
              TUE)]


def test_capital_the_ner_does_not_tag(nlp):
    text = ("Chilean Foreign Minister Alberto van Klaveren met Uruguayan Foreign Minister "
            "Mario Lubetkin in Montevideo on Tuesday.")
    assert summaries(extract(nlp, text)) == [
        event([("Alberto van Klaveren", "CHL")], [("Mario Lubetkin", "URY")],
              ("Montevideo", "URY"), TUE)]


def test_three_word_name_after_title_and_demonym_is_cut(nlp):
    # "Idriss Deby" is a different man (the father of the one named here).
    text = ("Chadian President Mahamat Idriss Deby met Nigerien leader Abdourahamane Tiani in "
            "Niamey on Monday.")
    assert summaries(extract(nlp, text)) == [
        event([("Mahamat Idriss Deby", "TCD")], [("Abdourahamane Tiani", "NER")],
              ("Niamey", "NER"), MON)]


def test_a_former_office_holder_keeps_the_country_not_the_title(nlp):
    events = extract(nlp, "Kenyan President Amos Kiprono met former U.S. Ambassador Mark Dunn "
                          "in Nairobi on Monday.")
    dunn = [p for e in events for p in e.parties() if p.name == "Mark Dunn"]
    assert [(p.title, p.country) for p in dunn] == [(None, "USA")]


@pytest.mark.parametrize("text, place", [
    ("Costa Rican President Rosa Mena met Panamanian President Juan Arce in San Jose on "
     "Monday.", ("San Jose", "CRI")),  # a party's capital, not the Californian city
    ("U.S. Secretary of State Tom Hale and Russian Foreign Minister Ivan Orlov met in "
     "Geneva on Friday.", ("Geneva", "CHE")),  # a neutral venue stays itself
    ("Argentine President Martin Ocampo and Uruguayan President Diego Ferrer met in "
     "Montevideo on Thursday.", ("Montevideo", "URY")),  # NER took the city for a date
])
def test_place_names_read_with_the_parties_states(nlp, text, place):
    events = extract(nlp, text)
    assert [(e.place.name, e.place.country) for e in events] == [place]


def test_an_organisation_is_no_town(nlp):
    """"at U.N. headquarters in New York": "U.N." is the organisation, not a town of that
    name; the city after it is the place."""
    events = extract(nlp, "Secretary-General Rolf Andersson met Iranian Foreign Minister Ali "
                          "Rezaei at U.N. headquarters in New York on Wednesday.")
    assert [(e.place.name, e.place.country) for e in events] == [("New York", "USA")]


@pytest.mark.parametrize("word, syllable", [
    ("seok", True), ("soo", True), ("jae", True), ("in", True), ("hyun", True), ("woo", True),
    ("led", False), ("era", False), ("based", False), ("backed", False), ("style", False),
])
def test_lower_case_second_half_of_a_korean_given_name(word, syllable):
    """"Kim Min-seok" is one name; "Petrov-led" and "Xi-era" add no word to a name."""
    from dipevents.extract.components import HYPHENED_SYLLABLE
    assert bool(HYPHENED_SYLLABLE.fullmatch(word)) is syllable
