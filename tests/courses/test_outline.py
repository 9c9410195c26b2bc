from http import HTTPStatus

import pytest
from django.db import IntegrityError
from model_bakery import baker

from core.models import Status


def test_lesson_position_is_unique_per_course(course):
    with pytest.raises(IntegrityError):
        baker.make("courses.Lesson", course=course, position=1, slug="again")


def test_pass_mark_is_a_percentage(course):
    with pytest.raises(IntegrityError):
        baker.make("courses.Quiz", course=course, slug="q", pass_mark=120)


def test_a_lesson_with_a_quiz_after_it_cannot_be_deleted(course):
    from django.db.models import ProtectedError

    lesson = course.lessons.first()
    baker.make("courses.Quiz", course=course, slug="q", after_lesson=lesson)
    with pytest.raises(ProtectedError):
        lesson.delete()


def test_course_list_shows_published_courses(client, course, django_assert_max_num_queries):
    baker.make("courses.Course", title="Hidden course", slug="hidden", status=Status.DRAFT)
    with django_assert_max_num_queries(4):
        html = client.get("/courses/").content.decode()
    assert "Foundations" in html
    assert "Hidden course" not in html
    assert "2 lessons" in html


def test_course_outline_places_quizzes_after_their_lessons(
    client, course, django_assert_max_num_queries
):
    first, second = course.lessons.all()
    baker.make("courses.Quiz", course=course, slug="check-1", title="Check one", after_lesson=first)
    baker.make("courses.Quiz", course=course, slug="final", title="Final quiz", after_lesson=None)
    with django_assert_max_num_queries(6):  # the lessons' objectives: one query
        html = client.get(course.get_absolute_url()).content.decode()
    assert html.index("Lesson 1") < html.index("Check one") < html.index("Lesson 2")
    assert html.index("Lesson 2") < html.index("Final quiz")


def test_lesson_page_has_body_sources_and_neighbours(client, course, django_assert_max_num_queries):
    lesson = course.lessons.get(position=1)
    with django_assert_max_num_queries(11):
        response = client.get(lesson.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Body of lesson 1." in html
    assert "NRC (2026)" in html
    assert 'rel="next" href="/courses/foundations/lessons/lesson-2/"' in html


def test_lessons_of_a_draft_course_are_404_for_visitors(client, course):
    course.status = Status.DRAFT
    course.save()
    lesson = course.lessons.first()
    assert client.get(course.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(lesson.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_lesson_of_another_course_is_404(client, course, source):
    other = baker.make("courses.Course", slug="other", status=Status.PUBLISHED)
    url = f"/courses/{other.slug}/lessons/lesson-1/"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
