from http import HTTPStatus

from django.urls import reverse


def test_article_list_shows_published_articles_only(
    client, article, draft_article, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("articles:article_list"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert article.title in html
    assert draft_article.title not in html


def test_article_list_filters_by_kind(client, article, make_article):
    make_article(title="A case", slug="a-case", kind="case", position=1)
    html = client.get(reverse("articles:article_list"), {"kind": "case"}).content.decode()
    assert "A case" in html
    assert article.title not in html


def test_article_list_ignores_an_unknown_kind(client, article):
    response = client.get(reverse("articles:article_list"), {"kind": "<script>"})
    assert response.status_code == HTTPStatus.OK
    assert article.title in response.content.decode()


def test_article_list_filters_by_tag(client, article, make_article):
    other = make_article(title="Other", slug="other")
    article.tags.add("access")
    other.tags.add("trust")
    html = client.get(reverse("articles:article_list"), {"tag": "access"}).content.decode()
    assert article.title in html
    assert "Other</strong>" not in html


def test_article_list_with_unknown_tag_is_404(client, article):
    response = client.get(reverse("articles:article_list"), {"tag": "no-such-tag"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_article_list_paginates(client, make_article):
    for number in range(25):
        make_article(title=f"Explainer {number:02}", slug=f"explainer-{number}")
    first = client.get(reverse("articles:article_list")).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(reverse("articles:article_list"), {"page": 2})
    assert second.status_code == HTTPStatus.OK
    assert client.get(reverse("articles:article_list"), {"page": 9}).status_code == 404


def test_article_detail_shows_body_sources_tags_and_related(
    client, article, make_article, django_assert_max_num_queries
):
    related = make_article(title="Impartiality", slug="impartiality")
    article.related_articles.add(related)
    article.tags.add("principles")
    with django_assert_max_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<strong>body</strong>" in html
    assert "NRC (2026)" in html
    assert 'href="/articles/impartiality/"' in html
    assert 'href="/tags/principles/"' in html
    assert "Draft" not in html


def test_draft_article_is_404_for_visitors(client, draft_article):
    assert client.get(draft_article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_draft_article_is_shown_to_staff_with_a_banner(client, draft_article, staff_user):
    client.force_login(staff_user)
    response = client.get(draft_article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert 'class="draft-banner"' in response.content.decode()


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == HTTPStatus.NOT_FOUND


def test_dos_and_donts_side_by_side_in_order(client, make_article, django_assert_max_num_queries):
    for position in (2, 1):
        make_article(title=f"Do {position}", slug=f"do-{position}", kind="do", position=position)
        make_article(
            title=f"Dont {position}", slug=f"dont-{position}", kind="dont", position=position
        )
    with django_assert_max_num_queries(3):
        html = client.get(reverse("articles:dos_and_donts")).content.decode()
    assert html.index("Do 1") < html.index("Do 2") < html.index("Dont 1") < html.index("Dont 2")


def test_faq_page_shows_questions_and_answers(client, make_article):
    make_article(title="What is it?", slug="faq-what", kind="faq", position=1, body="An answer.")
    html = client.get(reverse("articles:faq")).content.decode()
    assert "What is it?" in html
    assert "An answer." in html
