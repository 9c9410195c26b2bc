"""Glossary terms linked where rendered HTML mentions them."""

from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from model_bakery import baker

from core.markdown import render_markdown
from core.models import Status
from glossary.linker import link_terms
from tests.html_tree import parse, text_of


def links(html):
    return [(link["href"], link["text"]) for link in parse(html).links]


@pytest.fixture
def terms(make_term):
    return {
        "ihl": make_term(
            term="International humanitarian law",
            slug="international-humanitarian-law",
            aliases="IHL, law of armed conflict",
            short_definition='The law of "war" <limits> & more.',
        ),
        "diplomacy": make_term(term="Diplomacy", slug="diplomacy", short_definition="Talks."),
        "hd": make_term(
            term="Humanitarian diplomacy",
            slug="humanitarian-diplomacy",
            short_definition="Talks for humanitarian ends.",
        ),
    }


def test_only_the_first_mention_of_each_term_is_linked(terms):
    html = link_terms(render_markdown("IHL binds. IHL again. The law of armed conflict too."))
    assert links(html) == [("/glossary/international-humanitarian-law/", "IHL")]


def test_matching_ignores_case_but_needs_whole_words(terms):
    html = link_terms("<p>SubIHL, IHLs and ihl.</p>")
    assert links(html) == [("/glossary/international-humanitarian-law/", "ihl")]


def test_the_longest_name_wins(terms):
    html = link_terms("<p>Humanitarian diplomacy is one kind of diplomacy.</p>")
    assert links(html) == [
        ("/glossary/humanitarian-diplomacy/", "Humanitarian diplomacy"),
        ("/glossary/diplomacy/", "diplomacy"),
    ]


def test_names_match_across_line_breaks(terms):
    html = link_terms("<p>International\nhumanitarian law</p>")
    assert links(html) == [
        ("/glossary/international-humanitarian-law/", "International\nhumanitarian law")
    ]


@pytest.mark.parametrize(
    "inside",
    [
        "<h2>IHL</h2>",
        "<h3>About <em>IHL</em></h3>",
        '<a href="/elsewhere/">IHL</a>',
        "<code>IHL</code>",
        "<pre><code>IHL</code></pre>",
        '<abbr title="International humanitarian law">IHL</abbr>',
    ],
)
def test_no_link_inside_headings_links_code_or_abbreviations(terms, inside):
    html = link_terms(f"{inside}<p>Then IHL in a paragraph.</p>")
    (link,) = parse(html).links
    assert link["inside"] == ["p"]
    assert html.startswith(inside)


def test_a_term_the_text_already_links_to_is_not_linked_again(terms):
    html = link_terms(
        '<p>See <a href="/glossary/international-humanitarian-law/">the law</a>; IHL applies.</p>'
    )
    assert parse(html).links == []


def test_a_term_is_not_linked_on_its_own_page(terms):
    html = link_terms("<p>IHL and diplomacy.</p>", exclude=terms["ihl"])
    assert links(html) == [("/glossary/diplomacy/", "diplomacy")]


def test_links_carry_the_short_definition_escaped_for_hover_focus_and_tap(terms):
    html = link_terms("<p>IHL</p>")
    (link,) = parse(html).links
    assert link["data-definition"] == 'The law of "war" <limits> & more.'
    assert 'data-definition="The law of &quot;war&quot; &lt;limits&gt; &amp; more."' in html
    assert link["class"] == "term-link"


def test_links_carry_no_title_so_desktops_show_one_definition_not_two(terms):
    (link,) = parse(link_terms("<p>IHL</p>")).links
    assert "title" not in link


def test_linking_keeps_the_html_valid_and_the_text_unchanged(terms):
    source = render_markdown(
        "## IHL\n\n"
        "Under **IHL** & *humanitarian diplomacy*: 5 < 6, `IHL`.\n\n"
        "- a [link about IHL](https://example.org/)\n"
        "- diplomacy in a list\n\n"
        "| Term | Note |\n| --- | --- |\n| law of armed conflict | table |\n\n"
        "> Quoted diplomacy.\n\n"
        "```\npre IHL\n```\n"
    )
    html = link_terms(source)
    assert text_of(html) == text_of(source)
    assert [text for _, text in links(html)] == ["IHL", "humanitarian diplomacy", "diplomacy"]
    assert "5 &lt; 6" in html
    assert "&amp;" in html


def test_an_empty_glossary_changes_nothing(db):
    source = "<p>IHL &amp; diplomacy</p>"
    assert link_terms(source) == source


def test_term_changes_take_effect_at_once(terms):
    assert links(link_terms("<p>Laws of war.</p>")) == []
    terms["ihl"].aliases = "IHL, laws of war"
    terms["ihl"].save()
    assert links(link_terms("<p>Laws of war.</p>")) == [
        ("/glossary/international-humanitarian-law/", "Laws of war")
    ]
    terms["diplomacy"].delete()
    assert links(link_terms("<p>Diplomacy.</p>")) == []


def test_a_rolled_back_term_change_is_not_linked_afterwards(terms):
    with pytest.raises(RuntimeError), transaction.atomic():
        terms["ihl"].aliases = "IHL, laws of war"
        terms["ihl"].save()
        assert links(link_terms("<p>Laws of war.</p>"))
        raise RuntimeError
    terms["diplomacy"].short_definition = "Talks between states."
    terms["diplomacy"].save()  # the content version's number comes round again
    assert links(link_terms("<p>Laws of war.</p>")) == []


def test_linking_costs_two_queries_at_most_and_one_when_warm(
    terms, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        link_terms("<p>IHL.</p>")
    with django_assert_num_queries(1):  # the version check; matcher and result are cached
        link_terms("<p>IHL.</p>")
    with django_assert_num_queries(1):  # new text, same matcher
        link_terms("<p>Diplomacy.</p>")


def test_article_page_links_terms_in_the_body(client, terms, make_article):
    article = make_article(title="Rules", slug="rules", body="IHL applies here.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<a class="term-link" href="/glossary/international-humanitarian-law/" '
        'data-definition="The law of &quot;war&quot; &lt;limits&gt; &amp; more.">IHL</a>'
    ) in html


def test_lesson_page_links_terms_in_the_body(client, terms, course):
    lesson = course.lessons.get(position=1)
    lesson.body = "Some diplomacy."
    lesson.save()
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert '<a class="term-link" href="/glossary/diplomacy/"' in html


def test_term_page_links_other_terms_but_not_itself(client, terms):
    ihl = terms["ihl"]
    ihl.definition = "IHL shapes humanitarian diplomacy."
    ihl.save()
    html = client.get(ihl.get_absolute_url()).content.decode()
    assert 'class="term-link" href="/glossary/humanitarian-diplomacy/"' in html
    assert 'class="term-link" href="/glossary/international-humanitarian-law/"' not in html


def test_stylesheet_shows_the_definition_on_hover_and_focus():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    assert ".term-link[data-definition]:hover::after" in css
    assert ".term-link[data-definition]:focus-visible::after" in css
    assert "content: attr(data-definition)" in css


def test_term_page_lists_where_the_term_appears(
    client, terms, make_article, course, draft_article, django_assert_max_num_queries
):
    make_article(title="Uses the abbreviation", slug="uses-abbreviation", body="IHL binds.")
    make_article(title="Spells it out", slug="spells-out", body="The law of armed conflict.")
    make_article(title="Unrelated", slug="unrelated", body="Lawful conflicts of interest.")
    draft_article.body = "IHL in a draft."
    draft_article.save()
    lesson = course.lessons.get(position=2)
    lesson.body = "Remember IHL."
    lesson.save()
    hidden = baker.make(
        "courses.Course",
        slug="hidden",
        status=Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
    )
    baker.make("courses.Lesson", course=hidden, slug="h", position=1, body="IHL hidden.")
    with django_assert_max_num_queries(7):  # one of them finds every appearance
        response = client.get(terms["ihl"].get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    section = html[html.index('id="appearances-heading"') : html.index("</section>")]
    assert 'href="/articles/uses-abbreviation/"' in section
    assert 'href="/articles/spells-out/"' in section
    assert 'href="/courses/foundations/lessons/lesson-2/"' in section
    assert "Foundations" in section
    for absent in ("unrelated", "unfinished", "/hidden/"):
        assert absent not in section
