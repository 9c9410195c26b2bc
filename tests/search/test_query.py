"""Turning typed text into engine queries: no database needed."""

import pytest

from search.backends import SqliteBackend
from search.query import MAX_QUERY_LENGTH, MAX_TOKENS, Query, parse, synonym_table, tokenize

SYNONYMS = synonym_table(
    [
        ["International humanitarian law", "IHL", "law of armed conflict"],
        ["Humanitarian access", "access to humanitarian aid"],
    ]
)


def test_tokens_are_lower_case_words_of_any_script():
    assert tokenize('Négociation "IHL" AND дипломатия 外交 🕊️ don’t') == [
        "négociation",
        "ihl",
        "and",
        "дипломатия",
        "外交",
        "don't",
    ]


@pytest.mark.parametrize("text", ['"', "*", "-", ":", "()", "(*)", "🕊️", "%_\\", "   ", ""])
def test_text_without_words_is_an_empty_query(text):
    assert parse(text).is_empty


def test_operators_and_punctuation_are_dropped_leaving_the_words():
    query = parse('title:neutrality* -access NEAR("peace"')
    assert query.tokens == ("title", "neutrality", "access", "near", "peace")


def test_text_is_cut_to_the_maximum_length_and_token_count():
    query = parse("word " * 500)
    assert query.truncated
    assert len(query.text) == MAX_QUERY_LENGTH
    assert len(query.tokens) == MAX_TOKENS


def test_an_abbreviation_expands_to_every_name_of_its_term():
    (group,) = parse("IHL", SYNONYMS).groups
    assert set(group) == {
        ("ihl",),
        ("international", "humanitarian", "law"),
        ("law", "of", "armed", "conflict"),
    }


def test_a_full_name_expands_to_its_abbreviation_and_the_longest_name_wins():
    groups = parse("humanitarian access rules", SYNONYMS).groups
    assert groups[0] == (("humanitarian", "access"), ("access", "to", "humanitarian", "aid"))
    assert groups[1] == (("rules",),)


def test_words_that_name_no_term_stay_as_they_are():
    assert parse("armed groups", SYNONYMS).groups == ((("armed",),), (("groups",),))


def test_fts5_expression_quotes_every_phrase():
    query = parse('IHL "x" OR NEAR(', SYNONYMS)
    expression = SqliteBackend().expression(query)
    assert expression == (
        '("ihl" OR "international humanitarian law" OR "law of armed conflict") '
        'AND "x" AND "or" AND "near"'
    )


def test_any_of_builds_one_group_of_phrases():
    query = Query.any_of(["Mediation", "third-party mediation"])
    assert query.groups == ((("mediation",), ("third", "party", "mediation")),)
