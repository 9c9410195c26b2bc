"""One definition of a course's steps: lessons, quizzes and the published scenarios that count.

Every page that shows progress, and the service that completes the course, agree on it.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import Status
from courses.models import Enrollment
from tests.courses.builders import answer_quiz
from tests.scenarios.test_runs import build_scenario, play


@pytest.fixture
def required(course):
    return build_scenario(
        course=course, after_lesson=course.lessons.get(position=2), counts_towards_completion=True
    )


@pytest.fixture
def all_but_the_scenario(trainee_client, course, quiz, required):
    """The trainee has done both lessons and passed the quiz: three steps of four."""
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    for lesson in course.lessons.order_by("position"):
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    answer_quiz(trainee_client, quiz)
    return trainee_client


def page(client, url):
    return client.get(url).content.decode()


def test_a_required_scenario_unfinished_keeps_the_course_page_short_of_complete(
    all_but_the_scenario, course, required
):
    html = page(all_but_the_scenario, course.get_absolute_url())
    assert "Progress: 75%" in html
    assert '<progress id="progress-foundations" max="4" value="3">' in html
    assert "0 of 1 required scenarios finished" in html
    assert (
        f'href="{required.get_absolute_url()}">Continue where you left off: {required.title}'
        in html
    )
    assert "You have completed this course." not in html
    assert Enrollment.objects.get().completed_at is None


def test_a_required_scenario_unfinished_shows_on_the_lesson_result_and_dashboard_pages(
    all_but_the_scenario, course, quiz, required
):
    lesson = course.lessons.get(position=1)
    assert "Progress: 75%" in page(all_but_the_scenario, lesson.get_absolute_url())
    result = page(all_but_the_scenario, quiz.attempts.get().get_absolute_url())
    assert f'href="{required.get_absolute_url()}">Next: {required.title}' in result
    dashboard = page(all_but_the_scenario, reverse("courses:dashboard"))
    assert 'max="4" value="3">75%</progress>' in dashboard
    assert "0 of 1 required scenarios finished" in dashboard


def test_a_required_scenario_unfinished_shows_in_the_staff_report(
    all_but_the_scenario, client, course, django_user_model
):
    lead = django_user_model.objects.create_user(username="lead", password="a-long-test-pass-7")
    lead.user_permissions.add(Permission.objects.get(codename="view_staff_reports"))
    client.force_login(lead)
    assert "<td>75%</td>" in page(client, reverse("courses:course_report", args=[course.slug]))
    response = client.get(reverse("courses:course_report_csv", args=[course.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-2:] == ["progress (%)", "completed"]
    assert rows[1][-2:] == ["75", ""]


def test_finishing_the_required_scenario_completes_the_course_everywhere(
    all_but_the_scenario, trainee, course, required
):
    play(all_but_the_scenario, required, ["Leave the room"])
    assert Enrollment.objects.get().completed_at is not None
    assert trainee.certificates.filter(course=course).count() == 1
    html = page(all_but_the_scenario, course.get_absolute_url())
    assert "Progress: 100%" in html
    assert "You have completed “Foundations”" in html
    assert "1 of 1 required scenarios finished" in html
    dashboard = page(all_but_the_scenario, reverse("courses:dashboard"))
    assert 'max="4" value="4">100%</progress>' in dashboard


@pytest.mark.parametrize(
    "fields",
    [
        {"counts_towards_completion": False},
        {"counts_towards_completion": True, "status": Status.DRAFT},
    ],
    ids=["optional", "unpublished"],
)
def test_only_published_scenarios_that_count_are_steps(trainee_client, course, quiz, fields):
    build_scenario(course=course, **fields)
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    for lesson in course.lessons.order_by("position"):
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    answer_quiz(trainee_client, quiz)
    assert Enrollment.objects.get().completed_at is not None
    assert "Progress: 100%" in page(trainee_client, course.get_absolute_url())
    assert 'value="3">100%</progress>' in page(trainee_client, reverse("courses:dashboard"))
