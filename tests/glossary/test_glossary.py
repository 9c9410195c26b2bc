from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from model_bakery import baker


def test_term_lists_its_names(term):
    assert term.names == ["International humanitarian law", "IHL", "law of armed conflict"]


def test_alias_may_not_repeat_another_terms_name(term, make_term):
    clash = baker.prepare("glossary.Term", term="Law", slug="law", aliases="ihl")
    with pytest.raises(ValidationError):
        clash.clean()


def test_term_slug_is_unique(term):
    with pytest.raises(IntegrityError):
        baker.make("glossary.Term", term="Other", slug=term.slug)


def test_glossary_index_groups_terms_by_letter(
    client, term, make_term, django_assert_max_num_queries
):
    make_term(term="Mediation", slug="mediation", short_definition="Helping parties agree.")
    with django_assert_max_num_queries(4):
        html = client.get(reverse("glossary:term_list")).content.decode()
    assert 'href="#letter-I"' in html
    assert 'id="letter-M"' in html
    assert "Helping parties agree." in html
    assert html.index("International humanitarian law") < html.index("Mediation")


def test_term_page_shows_definition_aliases_related_and_sources(
    client, term, make_term, django_assert_max_num_queries
):
    other = make_term(term="Humanitarian principles", slug="humanitarian-principles")
    term.related_terms.add(other)
    with django_assert_max_num_queries(8):
        response = client.get(term.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "IHL, law of armed conflict" in html
    assert "A definition." in html
    assert 'href="/glossary/humanitarian-principles/"' in html
    assert "NRC (2026)" in html


def test_unknown_term_is_404(client, db):
    assert client.get("/glossary/nothing-here/").status_code == HTTPStatus.NOT_FOUND


def test_glossary_index_pages_and_jump_links_lead_to_the_right_page(client, make_term):
    for number in range(160):
        make_term(term=f"Alpha {number:03}", slug=f"alpha-{number}", short_definition="A.")
    for number in range(5):
        make_term(term=f"Zulu {number}", slug=f"zulu-{number}", short_definition="Z.")
    first = client.get(reverse("glossary:term_list")).content.decode()
    assert "Alpha 000" in first
    assert "Zulu 0" not in first
    assert 'href="?page=2#letter-Z"' in first
    assert 'href="#letter-A"' in first
    second = client.get(reverse("glossary:term_list"), {"page": 2}).content.decode()
    assert 'id="letter-Z"' in second
    assert "Zulu 4" in second
