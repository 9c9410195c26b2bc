"""What a visitor is shown goes through one rule: published for everyone, drafts for staff too.

Unpublished (draft) and scheduled (published in the future) titles must not appear in a lesson's
"Learn more", a scenario's debrief, the scenario list or the article list filtered by tag.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Status
from tests.scenarios.test_runs import build_scenario, choice, play


@pytest.fixture
def scheduled_article(make_article):
    return make_article(
        title="Coming soon", slug="coming-soon", published_at=timezone.now() + timedelta(days=3)
    )


@pytest.fixture
def hidden_articles(draft_article, scheduled_article):
    return [draft_article, scheduled_article]


@pytest.fixture
def trainee(trainee_factory):
    return trainee_factory("amina")


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def lesson_url(course):
    return reverse("courses:lesson_detail", args=[course.slug, "lesson-1"])


def test_learn_more_lists_published_articles_only(client, course, article, hidden_articles):
    lesson = course.lessons.get(slug="lesson-1")
    lesson.related_articles.add(article, *hidden_articles)
    html = client.get(lesson_url(course)).content.decode()
    assert "Learn more" in html
    assert article.title in html
    for hidden in hidden_articles:
        assert hidden.title not in html
        assert hidden.get_absolute_url() not in html


def test_learn_more_seen_first_by_staff_is_not_shown_to_trainees(
    client, course, article, draft_article, staff_user, trainee
):
    """The cached lesson body is shared by every visitor, so it holds only published articles."""
    course.lessons.get(slug="lesson-1").related_articles.add(article, draft_article)
    client.force_login(staff_user)
    client.get(lesson_url(course))
    client.force_login(trainee)
    html = client.get(lesson_url(course)).content.decode()
    assert article.title in html
    assert draft_article.title not in html


def test_learn_more_is_left_out_when_every_related_article_is_hidden(
    client, course, hidden_articles
):
    course.lessons.get(slug="lesson-1").related_articles.add(*hidden_articles)
    assert "Learn more" not in client.get(lesson_url(course)).content.decode()


def test_debrief_links_neither_draft_nor_scheduled_articles(
    trainee_client, article, hidden_articles
):
    scenario = build_scenario()
    choice(scenario, "Leave the room").articles.add(article, *hidden_articles)
    run = play(trainee_client, scenario, ["Leave the room"])
    html = trainee_client.get(
        reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    ).content.decode()
    assert article.get_absolute_url() in html
    for hidden in hidden_articles:
        assert hidden.title not in html
        assert hidden.get_absolute_url() not in html


@pytest.fixture
def draft_course(course):
    course.title = "Secret draft course"
    course.status = Status.DRAFT
    course.save()
    return course


def test_scenario_list_does_not_name_a_draft_course(client, draft_course):
    build_scenario(course=draft_course)
    html = client.get(reverse("scenarios:scenario_list")).content.decode()
    assert "Talks at the border" in html
    assert draft_course.title not in html


def test_scenario_list_names_a_published_course(client, course):
    build_scenario(course=course)
    html = client.get(reverse("scenarios:scenario_list")).content.decode()
    assert "part of the course “Foundations”" in html


def test_scenario_list_names_a_draft_course_to_staff(client, draft_course, staff_user):
    build_scenario(course=draft_course)
    client.force_login(staff_user)
    assert draft_course.title in client.get(reverse("scenarios:scenario_list")).content.decode()


def test_scenario_briefing_and_debrief_do_not_name_a_draft_course(trainee_client, draft_course):
    scenario = build_scenario(course=draft_course, counts_towards_completion=True)
    briefing = trainee_client.get(scenario.get_absolute_url()).content.decode()
    run = play(trainee_client, scenario, ["Leave the room"])
    debrief = trainee_client.get(
        reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    ).content.decode()
    for html in (briefing, debrief):
        assert "Talks at the border" in html
        assert draft_course.title not in html
        assert draft_course.get_absolute_url() not in html


def test_article_list_refuses_a_tag_used_only_by_hidden_articles(client, article, hidden_articles):
    article.tags.add("public")
    for hidden in hidden_articles:
        hidden.tags.add("secret-plans")
    response = client.get(reverse("articles:article_list"), {"tag": "secret-plans"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "secret-plans" not in response.content.decode()
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert "secret-plans" not in listing
    assert 'href="/tags/public/"' in listing


def test_article_list_shows_a_draft_only_tag_to_staff(client, draft_article, staff_user):
    draft_article.tags.add("secret-plans")
    client.force_login(staff_user)
    response = client.get(reverse("articles:article_list"), {"tag": "secret-plans"})
    assert response.status_code == HTTPStatus.OK
    assert draft_article.title in response.content.decode()


def test_tag_page_refuses_a_tag_used_only_by_hidden_articles(client, hidden_articles):
    for hidden in hidden_articles:
        hidden.tags.add("secret-plans")
    response = client.get(reverse("tag_detail", args=["secret-plans"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_tag_page_refuses_a_tag_used_only_by_lessons_of_a_draft_course(client, draft_course):
    draft_course.lessons.get(slug="lesson-1").tags.add("secret-plans")
    response = client.get(reverse("tag_detail", args=["secret-plans"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_tag_page_lists_only_visible_articles(client, article, hidden_articles):
    for tagged in (article, *hidden_articles):
        tagged.tags.add("access")
    html = client.get(reverse("tag_detail", args=["access"])).content.decode()
    assert article.title in html
    for hidden in hidden_articles:
        assert hidden.title not in html
