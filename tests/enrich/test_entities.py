"""Entities: folding of mentions (pure, on hand-made mentions) and the real spaCy tagger on fictional text.

The tagger tests load the small English pipeline once per session and skip, saying what to install,
when spaCy or its model is missing."""

from __future__ import annotations

import pytest

from newsdesk.enrich.entities import (
    EntityTagger,
    Mention,
    clean_name,
    countries,
    entities_status,
    entity_key,
    fold,
    load_tagger,
    normalise,
)
from newsdesk.errors import EnrichmentUnavailable
from newsdesk.models import Article


@pytest.fixture(scope="session")
def tagger() -> EntityTagger:
    reason = entities_status()
    if reason:
        pytest.skip(reason)
    return load_tagger()


def m(text: str, label: str, at: int, sentence: str = "", *, titled: bool = False) -> Mention:
    return Mention(text, label, at, sentence or f"sentence {at}", titled=titled)


def by_key(entities: list) -> dict:  # type: ignore[type-arg]
    return {e.key: e for e in entities}


# --- keys and names -----------------------------------------------------------------------------------


def test_keys_are_stable_across_case_diacritics_dots_and_spacing() -> None:
    assert entity_key("person", "Kassym-Jomart  Tokayev") == "PERSON:kassym-jomart tokayev"
    assert fold("Kassym\u2013Jomart TOKAYEV") == fold("kassym-jomart tokayev")
    assert fold("José Ñúñez") == "jose nunez"
    assert fold("U.S.") == fold("US") == "us"
    assert fold("Joseph R. Biden") == "joseph r biden"


def test_clean_name_strips_titles_possessives_and_the() -> None:
    assert clean_name("President Tokayev") == ("Tokayev", True)
    assert clean_name("Prime Minister Aurelia Vantress's") == ("Aurelia Vantress", True)
    assert clean_name("Transport Minister Rasmus Dahl")[0] == "Rasmus Dahl"  # a portfolio before the title
    assert clean_name("Housing Secretary Anna Berg")[0] == "Anna Berg"
    assert clean_name("Mr. Halvorsen") == ("Halvorsen", True)
    assert clean_name("the National Security Committee") == ("National Security Committee", False)
    assert clean_name("\u201cThe Brindor Times\u201d") == ("Brindor Times", False)
    assert clean_name("The Hague")[0] == "The Hague"
    assert clean_name("Foreign Minister Lena Strand")[0] == "Lena Strand"
    assert clean_name("Tesmar 2-1")[0] == "Tesmar"
    assert clean_name("General Motors", "ORG") == ("General Motors", False)
    assert clean_name("Prince Edward Island", "GPE") == ("Prince Edward Island", False)
    assert clean_name("Minister of Finance", "ORG") == ("Minister of Finance", False)
    assert clean_name("President Tokayev", "ORG") == ("Tokayev", True)
    assert clean_name("Prime Minister Aurelia Vantress", "ORG") == ("Aurelia Vantress", True)


def test_country_table_covers_the_un_members_and_their_demonyms() -> None:
    table = countries()
    assert len(set(table.by_alias.values())) >= 193
    for demonym, country in [
        ("kazakh", "Kazakhstan"),
        ("kazakhs", "Kazakhstan"),
        ("french", "France"),
        ("filipino", "Philippines"),
        ("burkinabe", "Burkina Faso"),
        ("emirati", "United Arab Emirates"),
        ("swiss", "Switzerland"),
        ("americans", "United States"),
    ]:
        assert table.by_demonym[demonym] == country
    assert table.by_alias[fold("U.S.")] == "United States"
    assert table.by_alias[fold("Britain")] == "United Kingdom"


# --- folding (hand-made mentions, as spaCy labels them) -----------------------------------------------


def test_surname_and_titled_forms_fold_into_the_full_name_whatever_their_label() -> None:
    ents = normalise(
        [
            m("Kassym-Jomart Tokayev", "ORG", 10, "The incumbent Kassym-Jomart Tokayev is expected to win."),
            m("Tokayev", "PERSON", 50),
            m("President Tokayev", "ORG", 90),
            m("Tokayev's", "PERSON", 120),
        ]
    )
    assert [(e.key, e.name, e.type, e.count) for e in ents] == [
        ("PERSON:kassym-jomart tokayev", "Kassym-Jomart Tokayev", "PERSON", 4)
    ]
    assert ents[0].first_sentence == "The incumbent Kassym-Jomart Tokayev is expected to win."


def test_a_full_name_tagged_org_is_a_person_when_its_surname_is_one() -> None:
    ents = normalise([m("Kassym-Jomart Tokayev", "ORG", 0), m("Tokayev", "PERSON", 40)])
    assert [(e.key, e.count) for e in ents] == [("PERSON:kassym-jomart tokayev", 2)]


def test_a_surname_spacy_tags_org_after_the_full_name_was_a_person_is_that_person() -> None:
    ents = normalise([m("Mukhtar Ablyazov", "PERSON", 0), m("Ablyazov", "PERSON", 40), m("Ablyazov", "ORG", 80)])
    assert [(e.name, e.type, e.count) for e in ents] == [("Mukhtar Ablyazov", "PERSON", 3)]


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    ents = by_key(normalise([m("Maria Delgado", "PERSON", 0), m("Tom Delgado", "PERSON", 20), m("Delgado", "ORG", 40)]))
    assert set(ents) == {"PERSON:maria delgado", "PERSON:tom delgado", "PERSON:delgado"}
    assert ents["PERSON:maria delgado"].count == 1


def test_a_titled_name_is_a_person_even_when_labelled_org() -> None:
    ents = normalise([m("Senator Okafor", "ORG", 0)])
    assert [(e.key, e.type) for e in ents] == [("PERSON:okafor", "PERSON")]
    ents = normalise([m("Okafor", "ORG", 0, titled=True)])  # "Senator" just before the span
    assert ents[0].type == "PERSON"


def test_organisation_words_keep_an_org_an_org() -> None:
    ents = by_key(normalise([m("Ann Lee", "PERSON", 0), m("Lee Foundation", "ORG", 30), m("Lee", "PERSON", 60)]))
    assert ents["ORG:lee foundation"].type == "ORG"
    assert ents["PERSON:ann lee"].count == 2


def test_demonyms_fold_into_their_country() -> None:
    ents = by_key(
        normalise(
            [
                m("Kazakh", "NORP", 0),
                m("Kazakhstan", "GPE", 10),
                m("French", "NORP", 20),
                m("Germans", "NORP", 30),
                m("Kazakh", "PERSON", 40),  # spaCy sometimes takes a lone demonym for a person
                m("U.S.", "GPE", 50),
                m("America", "GPE", 60),
            ]
        )
    )
    assert ents["GPE:kazakhstan"].count == 3
    assert ents["GPE:france"].name == "France"
    assert ents["GPE:germany"].type == "GPE"
    assert ents["GPE:united states"].count == 2
    assert not any(k.startswith(("NORP:", "PERSON:")) for k in ents)


def test_an_adjective_of_a_place_in_the_article_folds_into_it() -> None:
    ents = by_key(normalise([m("Ossellian", "NORP", 0), m("Ossel", "GPE", 20), m("Ossellians", "NORP", 40)]))
    assert set(ents) == {"GPE:ossel"} and ents["GPE:ossel"].count == 3
    # a group that begins like no place of the article stays a group
    assert set(by_key(normalise([m("Quillonese", "NORP", 0), m("Brindor", "GPE", 10)]))) == {
        "NORP:quillonese",
        "GPE:brindor",
    }


def test_an_adjective_folds_into_a_place_the_text_names_even_untagged() -> None:
    text = "Ossel floods\n\nOssellian farmers and Ossellians in town were paid."
    ents = by_key(normalise([m("Ossellian", "NORP", 14), m("Ossellians", "NORP", 40)], text=text))
    assert set(ents) == {"GPE:ossel"} and ents["GPE:ossel"].count == 2


def test_one_name_gets_one_type_in_an_article() -> None:
    ents = normalise(
        [m("Lenhaven", "GPE", 0), m("Lenhaven", "ORG", 10), m("Lenhaven", "GPE", 20), m("Lenhaven", "PERSON", 30)]
    )
    assert [(e.key, e.count) for e in ents] == [("GPE:lenhaven", 4)]


def test_streets_are_places_and_adjectives_of_places_fold_whatever_their_label() -> None:
    ents = by_key(normalise([m("Mill Lane", "PERSON", 0), m("Tesmar", "GPE", 10), m("Tesmari", "ORG", 20)]))
    assert set(ents) == {"FAC:mill lane", "GPE:tesmar"} and ents["GPE:tesmar"].count == 2
    ents = normalise([m("Citadel Hill", "PERSON", 0), m("Ardel People's Party", "PERSON", 10)])
    assert {e.key for e in ents} == {"LOC:citadel hill", "ORG:ardel people's party"}


def test_a_lone_person_after_in_is_a_place_unless_it_is_a_surname() -> None:
    placed = Mention("Ashfield", "PERSON", 0, "Clean-up begins in Ashfield.")
    placed.placed = True
    assert [e.key for e in normalise([placed])] == ["GPE:ashfield"]
    surname_ = Mention("Vantress", "PERSON", 30, "A rally in Vantress's honour.")
    surname_.placed = True
    assert [e.key for e in normalise([m("Aurelia Vantress", "PERSON", 0), surname_])] == ["PERSON:aurelia vantress"]


def test_acronyms_fold_into_their_expansion() -> None:
    ents = by_key(
        normalise(
            [m("National Security Committee", "ORG", 0), m("KNB", "ORG", 30)],
            acronyms={"KNB": "National Security Committee"},
        )
    )
    assert set(ents) == {"ORG:national security committee"} and ents["ORG:national security committee"].count == 2
    ents = by_key(normalise([m("the United Nations", "ORG", 0), m("UN", "ORG", 30), m("UN", "GPE", 60)]))
    assert set(ents) == {"ORG:united nations"} and ents["ORG:united nations"].count == 3


def test_dates_numbers_and_junk_are_dropped_and_order_is_most_mentioned_first() -> None:
    ents = normalise(
        [
            m("Thursday", "DATE", 0),
            m("seven", "CARDINAL", 5),
            m("Brindor", "GPE", 10),
            m("x", "PERSON", 15),
            m("Harlow Vance", "PERSON", 20),
            m("Vance", "PERSON", 30),
        ]
    )
    assert [e.key for e in ents] == ["PERSON:harlow vance", "GPE:brindor"]


# --- the real tagger ----------------------------------------------------------------------------------


def test_tagger_on_a_fictional_article(tagger: EntityTagger) -> None:
    article = Article(
        input="t",
        language="en",
        headline="Ossel floods: Vantress promises aid",
        standfirst="Prime Minister Aurelia Vantress visited the flooded valley on Monday.",
        text=(
            "Prime Minister Aurelia Vantress met Ossellian farmers in Brindor on Monday. "
            "Ms Vantress said the Federal Water Authority (FWA) would repair the levees. "
            "The FWA said French and Kazakh engineers were helping.\n\n"
            "Dr Pieter Okonkwo-Hale, an engineer, said the river would crest on Friday. "
            "Okonkwo-Hale added that the Ossel government had asked the United Nations for pumps."
        ),
        agency="AFP",
    )
    ents = by_key(tagger.tag(article))
    assert ents["PERSON:aurelia vantress"].count >= 3
    assert "PERSON:vantress" not in ents
    assert ents["PERSON:pieter okonkwo-hale"].count == 2
    assert ents["ORG:federal water authority"].count >= 2 and "ORG:fwa" not in ents
    assert {"GPE:france", "GPE:kazakhstan", "GPE:ossel", "GPE:brindor"} <= set(ents)
    assert ents["ORG:afp"].first_sentence == "Source: AFP"
    assert ents["PERSON:pieter okonkwo-hale"].first_sentence.startswith("Dr Pieter Okonkwo-Hale, an engineer")
    assert not any(k.startswith(("DATE:", "CARDINAL:")) for k in ents)
    counts = [e.count for e in tagger.tag(article)]
    assert counts == sorted(counts, reverse=True)


def test_tag_many_matches_tag_and_skips_other_languages(tagger: EntityTagger) -> None:
    a = Article(input="a", text="Jonas Halvorsen, a Norwegian envoy, left Brindor. Halvorsen will return.")
    b = Article(input="b", text="Le ministre Jean Dupont a quitté Paris.", language="fr")
    c = Article(input="c", text="", agency="Reuters")
    many = tagger.tag_many([a, b, c])
    assert many[0] == tagger.tag(a)
    assert by_key(many[0])["PERSON:jonas halvorsen"].count == 2
    assert "GPE:norway" in by_key(many[0])
    assert many[1] == []
    assert [e.key for e in many[2]] == ["ORG:reuters"]


def test_a_missing_model_says_what_to_install() -> None:
    reason = entities_status("no_such_spacy_model")
    assert reason is not None and "no_such_spacy_model" in reason and "pip install" in reason
    with pytest.raises(EnrichmentUnavailable, match="pip install"):
        load_tagger("no_such_spacy_model")


def test_a_companys_short_form_folds_into_its_full_name() -> None:
    ents = by_key(normalise([m("Quillon Mobile", "ORG", 0), m("Quillon", "ORG", 40), m("Quillon", "PERSON", 80)]))
    assert set(ents) == {"ORG:quillon mobile"} and ents["ORG:quillon mobile"].count == 3


def test_a_short_form_stays_apart_from_another_thing_or_a_place_it_names() -> None:
    ents = by_key(normalise([m("Apple Music", "ORG", 0), m("Apple", "ORG", 40)]))
    assert set(ents) == {"ORG:apple music", "ORG:apple"}
    ents = by_key(normalise([m("Ashfield Council", "ORG", 0), m("Ashfield", "GPE", 40)]))
    assert set(ents) == {"ORG:ashfield council", "GPE:ashfield"}
    ents = by_key(normalise([m("Ossel Energy", "ORG", 0), m("Ossel", "GPE", 30), m("Ossel", "ORG", 60)]))
    assert set(ents) == {"ORG:ossel energy", "GPE:ossel"}  # the article names the place
    ents = by_key(
        normalise([m("Brennick Group", "ORG", 0), m("Brennick Airlines", "ORG", 30), m("Brennick", "ORG", 60)])
    )
    assert ents["ORG:brennick"].count == 1  # two companies it could be: neither
