"""Tag pages: everything with one tag, across articles and lessons."""

from http import HTTPStatus

from django.urls import reverse


def tag_url(slug):
    return reverse("tag_detail", kwargs={"slug": slug})


def test_tag_page_lists_articles_and_lessons_with_the_tag(
    client, article, make_article, draft_article, course, django_assert_max_num_queries
):
    article.tags.add("access")
    draft_article.tags.add("access")
    make_article(title="Untagged", slug="untagged")
    lesson = course.lessons.get(position=2)
    lesson.tags.add("access")
    with django_assert_max_num_queries(5):
        response = client.get(tag_url("access"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>Tagged “access”</h1>" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert f'href="{lesson.get_absolute_url()}"' in html
    assert "Foundations" in html
    assert "Untagged" not in html
    assert "Unfinished" not in html
    assert f'href="{reverse("articles:article_list")}?tag=access"' in html


def test_tag_with_only_drafts_is_404_for_visitors_but_shown_to_staff(
    client, draft_article, make_article, staff_user, django_assert_max_num_queries
):
    for number in range(3):
        make_article(title=f"Draft {number}", slug=f"d-{number}", status="draft").tags.add("secret")
    draft_article.tags.add("secret")
    assert client.get(tag_url("secret")).status_code == HTTPStatus.NOT_FOUND
    client.force_login(staff_user)
    # however many drafts there are; one is who may see reports (the header's Reports link)
    with django_assert_max_num_queries(6):
        html = client.get(tag_url("secret")).content.decode()
    assert "Unfinished" in html
    assert '<span class="badge">Draft</span>' in html


def test_unknown_tag_is_404(client, db):
    assert client.get(tag_url("no-such-tag")).status_code == HTTPStatus.NOT_FOUND


def test_article_page_and_tag_cloud_link_to_tag_pages(client, article):
    article.tags.add("access")
    detail = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{tag_url("access")}" rel="tag">access</a>' in detail
    listing = client.get(reverse("articles:article_list")).content.decode()
    cloud = listing[listing.index('class="tag-cloud"') :]
    assert f'<a href="{tag_url("access")}" rel="tag">access' in cloud
