"""Anonymous public pages come from the cache until the content they show changes."""

from http import HTTPStatus

from django.urls import reverse

from diplomacy_portal.models import ContentVersion, Status


def test_second_anonymous_view_is_served_from_the_cache(
    client, article, django_assert_max_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content version only
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert article.title in response.content.decode()


def test_editing_content_shows_at_once(client, article):
    client.get(article.get_absolute_url())
    article.title = "Neutrality, rewritten"
    article.save()
    assert "Neutrality, rewritten" in client.get(article.get_absolute_url()).content.decode()


def test_editing_in_the_admin_shows_at_once(client, article, superuser):
    client.get(reverse("home"))
    assert "Neutrality" in client.get(reverse("home")).content.decode()
    admin = client.__class__()
    admin.force_login(superuser)
    admin.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert "Neutrality" not in client.get(reverse("home")).content.decode()


def test_a_tag_change_is_a_content_change(client, article):
    version = ContentVersion.current()
    article.tags.add("access")
    assert ContentVersion.current() > version


def test_trainee_records_are_not_content_changes(trainee_factory, course):
    version = ContentVersion.current()
    from courses.services import enroll

    enroll(user=trainee_factory(), course=course)
    assert ContentVersion.current() == version


def test_logged_in_pages_are_never_served_from_the_cache(client, course, trainee_factory):
    first, second = trainee_factory("first"), trainee_factory("second")
    client.force_login(first)
    client.post(reverse("courses:enroll", args=[course.slug]))
    page = client.get(course.get_absolute_url())
    assert "Continue where you left off" in page.content.decode()
    assert "private" in page["Cache-Control"]
    client.force_login(second)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Enroll in this course" in page
    assert "Continue where you left off" not in page


def test_anonymous_page_is_not_cached_over_a_logged_in_one(client, course, trainee_factory):
    client.get(course.get_absolute_url())
    client.force_login(trainee_factory())
    assert "Enroll in this course" in client.get(course.get_absolute_url()).content.decode()


def test_a_404_is_not_cached(client, article):
    article.status = Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    article.status = Status.PUBLISHED
    article.save()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK


def test_pages_send_validators_and_revalidate(client, article):
    response = client.get(article.get_absolute_url())
    assert response.has_header("ETag")
    assert "must-revalidate" in response["Cache-Control"]
    repeat = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED
    assert repeat.content == b""
