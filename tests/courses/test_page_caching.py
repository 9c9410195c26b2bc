"""Course pages keep what every trainee sees in the cache, and never what only one should."""

from datetime import timedelta
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from core import caching
from core.models import Status
from courses.models import Course


def test_an_edited_lesson_body_shows_at_once(trainee_client, course):
    lesson = course.lessons.get(position=1)
    assert "Body of lesson 1." in trainee_client.get(lesson.get_absolute_url()).content.decode()
    lesson.body = "A rewritten body."
    lesson.save()
    page = trainee_client.get(lesson.get_absolute_url()).content.decode()
    assert "A rewritten body." in page
    assert "Body of lesson 1." not in page


def test_outline_ticks_are_each_trainees_own(client, course, trainee, django_user_model):
    lesson = course.lessons.get(position=1)
    client.force_login(trainee)
    client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    assert "✓ done" in client.get(course.get_absolute_url()).content.decode()
    other = django_user_model.objects.create_user(username="other", password="a-long-test-pass-9")
    client.force_login(other)
    assert "✓ done" not in client.get(course.get_absolute_url()).content.decode()


def test_a_course_scheduled_for_later_opens_on_time(trainee_client, course, monkeypatch):
    course.published_at = timezone.now() + timedelta(hours=1)
    course.save()
    response = trainee_client.get(course.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert trainee_client.get(course.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_draft_lesson_staff_previewed_stays_hidden_from_trainees(
    client, course, staff_user, trainee
):
    course.status = Status.DRAFT
    course.save()
    lesson = course.lessons.get(position=1)
    client.force_login(staff_user)
    assert "Body of lesson 1." in client.get(lesson.get_absolute_url()).content.decode()
    client.force_login(trainee)
    assert client.get(lesson.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_lesson_page_shows_each_trainee_their_own_progress(
    client, course, trainee, django_user_model
):
    first, second = course.lessons.order_by("position")
    course.lessons_in_order = True
    course.save()
    other = django_user_model.objects.create_user(username="other", password="a-long-test-pass-9")
    for user in (trainee, other):
        client.force_login(user)
        client.post(reverse("courses:enroll", args=[course.slug]))
        page = client.get(second.get_absolute_url()).content.decode()
        assert "0 of 2 lessons done" in page
        assert "This course is taken in order." in page
    client.force_login(trainee)
    client.post(reverse("courses:lesson_complete", args=[course.slug, first.slug]))
    page = client.get(second.get_absolute_url()).content.decode()
    assert "1 of 2 lessons done" in page
    assert "This course is taken in order." not in page
    assert "Body of lesson 2." in page
    client.force_login(other)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "0 of 2 lessons done" in page
    assert "This course is taken in order." in page


def test_the_end_of_a_lesson_shows_each_visitor_their_own_next_step(
    client, course, trainee, django_user_model
):
    lesson = course.lessons.order_by("position").first()
    other = django_user_model.objects.create_user(username="other", password="a-long-test-pass-9")
    client.force_login(trainee)
    client.post(reverse("courses:enroll", args=[course.slug]))
    client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "You have completed this lesson." in page
    assert "Mark this lesson complete" not in page
    client.force_login(other)
    client.post(reverse("courses:enroll", args=[course.slug]))
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Mark this lesson complete" in page
    assert "You have completed this lesson." not in page
    client.logout()
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "to record your progress." in page
    assert "Mark this lesson complete" not in page
    assert 'rel="next"' in page


def test_a_course_read_once_is_kept_until_content_changes(course, django_assert_num_queries):
    Course.objects.get_with_outline(course.slug)
    with django_assert_num_queries(1):  # the content version, nothing else
        kept = Course.objects.get_with_outline(course.slug)
        assert [step.slug for step in kept.outline][:1] == ["lesson-1"]
    course.title = "A renamed course"
    course.save()
    assert Course.objects.get_with_outline(course.slug).title == "A renamed course"


def test_a_slug_that_names_no_course_takes_no_memory(db):
    assert Course.objects.get_with_outline("no-such-course") is None
    assert "no-such-course" not in caching._read.get("course", {})


def test_a_scheduled_course_previewed_by_staff_loses_its_draft_banner_once_published(
    client, course, staff_user
):
    """The publication time passes with no content edit: no signal, no new content version."""
    course.published_at = timezone.now() + timedelta(minutes=1)
    course.save()
    lesson = course.lessons.get(position=1)
    client.force_login(staff_user)
    assert "draft-banner" in client.get(lesson.get_absolute_url()).content.decode()
    assert "draft-banner" in client.get(course.get_absolute_url()).content.decode()
    Course.objects.filter(pk=course.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert "draft-banner" not in client.get(lesson.get_absolute_url()).content.decode()
    assert "draft-banner" not in client.get(course.get_absolute_url()).content.decode()


def test_a_scheduled_course_opens_on_time_without_a_draft_banner(
    client, course, staff_user, monkeypatch
):
    course.published_at = timezone.now() + timedelta(minutes=1)
    course.save()
    lesson = course.lessons.get(position=1)
    client.force_login(staff_user)
    assert "draft-banner" in client.get(lesson.get_absolute_url()).content.decode()
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "draft-banner" not in client.get(lesson.get_absolute_url()).content.decode()
