"""Pocket cards: printable pages and one-page PDFs."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from cards import cards

from .pdfs import pdf_pages, pdf_text


@pytest.fixture
def dos_and_donts(make_article):
    for kind, word in (("do", "Do"), ("dont", "Don't")):
        for position in range(1, 6):
            make_article(
                title=f"{word} thing {position}",
                slug=f"{kind}-{position}",
                kind=kind,
                position=position,
                summary=f"Why “{word.lower()} thing {position}” matters – in a sentence or two. "
                * 3,
            )


@pytest.fixture
def principles(make_article):
    for position, slug in enumerate(cards.PRINCIPLE_SLUGS, 1):
        make_article(
            title=slug.title(),
            slug=slug,
            kind="principle",
            position=position,
            summary=f"What {slug} means for the people we help.",
        )
    make_article(title="Not a principle card item", slug="other", kind="principle", position=9)


@pytest.fixture
def course_with_terms(course, make_term):
    make_term(term="Humanitarian access", slug="access", short_definition="Reaching people.")
    make_term(term="Ceasefire", slug="ceasefire", short_definition="A pause in fighting.")
    make_term(term="Not used", slug="not-used", short_definition="In no lesson.")
    lesson = course.lessons.first()
    lesson.body = "Humanitarian access needs a [ceasefire](/glossary/ceasefire/) first."
    lesson.save()
    return course


def test_card_list_links_every_card(client, course, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("cards:card_list"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for url in (
        reverse("cards:card_detail", args=["dos-and-donts"]),
        reverse("cards:card_detail", args=["principles"]),
        reverse("cards:course_terms_card", args=[course.slug]),
    ):
        assert url in page


def test_dos_and_donts_card_holds_five_of_each_side_by_side(
    client, dos_and_donts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("cards:card_detail", args=["dos-and-donts"]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "pocket-card--split" in page
    assert page.count('class="pocket-item"') == 10
    assert page.index("1. Do thing 1") < page.index("5. Do thing 5") < page.index("1. Don")
    assert reverse("cards:card_pdf", args=["dos-and-donts"]) + "?paper=letter" in page


def test_principles_card_holds_the_four_principles(client, principles):
    page = client.get(reverse("cards:card_detail", args=["principles"])).content.decode()
    assert page.count('class="pocket-item"') == 4
    for slug in cards.PRINCIPLE_SLUGS:
        assert slug.title() in page
    assert "Not a principle card item" not in page


def test_course_terms_card_holds_the_terms_its_lessons_use(
    client, course_with_terms, django_assert_max_num_queries
):
    url = reverse("cards:course_terms_card", args=[course_with_terms.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert "Humanitarian access" in page and "Reaching people." in page
    assert "Ceasefire" in page
    assert "Not used" not in page


def test_cards_use_no_inline_style_or_script(client, dos_and_donts, course_with_terms):
    for url in (
        reverse("cards:card_list"),
        reverse("cards:card_detail", args=["dos-and-donts"]),
        reverse("cards:course_terms_card", args=[course_with_terms.slug]),
    ):
        page = client.get(url).content.decode()
        assert " style=" not in page and "<style" not in page
        assert "<script>" not in page


def test_card_print_stylesheet_fits_a4_and_letter(settings):
    css = (settings.BASE_DIR / "static" / "css" / "field.css").read_text()
    assert re.search(r"@page pocket \{ size: auto; margin: 12mm; \}", css)
    # 279.4 mm (Letter) less two 12 mm margins is 255.4 mm; 210 mm (A4) less margins is 186 mm.
    assert "max-height: 250mm" in css
    assert "max-width: 186mm" in css


def test_unknown_card_is_not_found(client, db):
    assert client.get("/cards/nothing/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/cards/nothing.pdf").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_card_pdfs_are_one_page_each(
    client, dos_and_donts, principles, course_with_terms, paper, django_assert_max_num_queries
):
    urls = [
        reverse("cards:card_pdf", args=["dos-and-donts"]),
        reverse("cards:card_pdf", args=["principles"]),
        reverse("cards:course_terms_pdf", args=[course_with_terms.slug]),
    ]
    for url in urls:
        # The course's outline is read with its lessons' objectives: one query more than the page.
        with django_assert_max_num_queries(13):
            response = client.get(url, {"paper": paper})
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert pdf_pages(response.content) == 1


def test_pdf_paper_size_follows_the_request(client, principles):
    a4 = client.get(reverse("cards:card_pdf", args=["principles"]), {"paper": "a4"}).content
    letter = client.get(reverse("cards:card_pdf", args=["principles"]), {"paper": "letter"}).content
    assert b"/MediaBox [0 0 595.28 841.89]" in a4
    assert b"/MediaBox [0 0 612.00 792.00]" in letter


def test_a_card_too_long_for_a_page_still_prints_on_one(db):
    items = [
        cards.CardItem(f"Term {n}", "A long definition that goes on. " * 12) for n in range(40)
    ]
    card = cards.Card("long", "Key terms", "", [cards.CardSection("", items)], split=False)
    assert pdf_pages(cards.render_pdf(card, paper="Letter", url="https://example.org/")) == 1


def test_shortening_a_card_takes_from_the_longest_section():
    card = cards.Card(
        "c",
        "Card",
        "",
        [
            cards.CardSection("A", [cards.CardItem(str(n), "") for n in range(5)]),
            cards.CardSection("B", [cards.CardItem(str(n), "") for n in range(3)]),
        ],
        split=True,
    )
    shorter = cards._shortened(card, 6)
    assert [len(section.items) for section in shorter.sections] == [3, 3]
    assert shorter.more == 2


def test_pdf_text_keeps_quotes_dashes_and_letters_beyond_latin1(db):
    """The PDF's font holds them all: nothing is transliterated or replaced."""
    item = cards.CardItem("Łódź", "“Don’t” – now… é")
    card = cards.Card("c", "Card", "", [cards.CardSection("", [item])], split=False)
    text = pdf_text(cards.render_pdf(card, url="https://example.org/", language="en"))
    for character in "“”’–…éŁó":
        assert character in text, character
