"""The result page: the course completed and its certificate, one clear next step, the lesson
section to review for a wrong answer and the trainee's own choice marked, within what the quiz
reveals."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from model_bakery import baker

from certificates.models import Certificate
from core.caching import forget_built
from core.site import site_url
from courses import services
from courses.models import Reveal
from tests.courses.builders import add_quiz, answer_quiz
from tests.scenarios.test_runs import build_scenario, play


@pytest.fixture
def enrolled(trainee_client, trainee, course):
    services.enroll(user=trainee, course=course)
    return trainee_client


def finish_lessons(trainee, course):
    for lesson in course.lessons.all():
        lesson.course = course
        services.complete_lesson(user=trainee, lesson=lesson)


def result_page(client, quiz, *, right):
    response, _ = answer_quiz(client, quiz, right=right)
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(response["Location"])
    assert page.status_code == HTTPStatus.OK
    return page.content.decode()


def test_passing_the_last_step_says_the_course_is_complete_and_links_the_certificate(
    enrolled, trainee, course
):
    final = add_quiz(course, "final")
    finish_lessons(trainee, course)
    page = result_page(enrolled, final, right=True)
    certificate = Certificate.objects.get(user=trainee, course=course)
    assert "You have completed “Foundations”" in page
    assert f'href="{certificate.get_absolute_url()}"' in page
    assert f'href="/certificates/{certificate.code}.json"' in page
    assert site_url(certificate.get_verification_url()) in page
    assert site_url(certificate.get_verification_url()).startswith("http")


def test_passing_a_step_that_is_not_the_last_says_nothing_of_completion(enrolled, course):
    quiz = add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))
    page = result_page(enrolled, quiz, right=True)
    assert "You have completed" not in page
    assert "Next: Lesson 1" in page  # lessons come first in the outline


def test_a_failed_attempt_offers_try_again_and_not_the_same_quiz_as_next_step(enrolled, course):
    quiz = add_quiz(course, "final")
    page = result_page(enrolled, quiz, right=False)
    assert "Try again" in page
    assert "Next: Quiz final" not in page
    assert "Or go on to: Lesson 1" in page


def test_no_try_again_once_every_attempt_is_used(enrolled, course):
    quiz = add_quiz(course, "final", max_attempts=1)
    page = result_page(enrolled, quiz, right=False)
    assert "Try again" not in page
    assert "You have used all the attempts this quiz allows." in page
    assert "Next: Quiz final" not in page


def with_objective(course, quiz):
    """Tie the quiz's first question to an objective of lesson 2."""
    lesson = course.lessons.get(position=2)
    objective = baker.make("courses.Objective", lesson=lesson, position=1, text="Tell X from Y")
    quiz.questions.filter(position=1).update(objective=objective)
    return lesson


def test_a_wrong_answer_links_the_top_of_the_lesson_when_its_objective_names_no_section(
    enrolled, course
):
    quiz = add_quiz(course, "final")
    lesson = with_objective(course, quiz)
    page = result_page(enrolled, quiz, right=False)
    assert f'<a href="{lesson.get_absolute_url()}">the lesson “Lesson 2”</a>' in page


SECTIONED_BODY = """Opening words.

## Why it matters

First part.

## Red lines and “fair” deals

Second part.
"""
REVIEW_LINK = re.compile(r'<p class="review-lesson">Review: <a href="([^"]*)">([^<]*)</a>')


def with_section(lesson, section):
    lesson.body = SECTIONED_BODY
    lesson.save()
    lesson.objectives.update(section=section)


def test_a_wrong_answer_links_the_section_of_the_lesson_that_teaches_its_objective(
    enrolled, course
):
    quiz = add_quiz(course, "final")
    lesson = with_objective(course, quiz)
    with_section(lesson, "Red lines and “fair” deals")
    page = result_page(enrolled, quiz, right=False)
    (href, label), *others = REVIEW_LINK.findall(page)
    assert others == []  # the second question has no objective
    assert label == "Red lines and “fair” deals (lesson 2)"
    address, section_id = href.split("#")
    assert address == lesson.get_absolute_url()
    lesson_page = enrolled.get(address).content.decode()
    heading = re.search(rf'<h2 id="{re.escape(section_id)}">([^<]*)<', lesson_page)
    assert heading is not None, section_id
    assert heading.group(1) == "Red lines and “fair” deals"
    assert lesson_page.count(f'id="{section_id}"') == 1


def test_a_right_answer_links_no_section(enrolled, course):
    quiz = add_quiz(course, "final")
    with_section(with_objective(course, quiz), "Why it matters")
    page = result_page(enrolled, quiz, right=True)
    assert REVIEW_LINK.findall(page) == []


def test_section_links_cost_no_query(enrolled, course):
    """The sections come with the outline's objectives, however many answers name one."""
    quiz = add_quiz(course, "final", questions=4)
    lesson = with_objective(course, quiz)
    for position in (2, 3, 4):
        objective = baker.make("courses.Objective", lesson=lesson, position=position, text="Z")
        quiz.questions.filter(position=position).update(objective=objective)
    response, _ = answer_quiz(enrolled, quiz, right=False)
    url = response["Location"]

    def cold_page():
        cache.clear()
        forget_built()
        with CaptureQueriesContext(connection) as queries:
            page = enrolled.get(url).content.decode()
        return len(queries), page

    without_sections, page = cold_page()
    assert "#section-" not in page
    with_section(lesson, "Why it matters")
    with_sections, page = cold_page()
    assert page.count(f'href="{lesson.get_absolute_url()}#section-why-it-matters"') == 4
    assert with_sections == without_sections


def test_a_right_answer_links_no_lesson(enrolled, course):
    quiz = add_quiz(course, "final")
    lesson = with_objective(course, quiz)
    page = result_page(enrolled, quiz, right=True)
    assert f'href="{lesson.get_absolute_url()}">the lesson' not in page


def test_the_wrong_choice_is_marked_as_the_trainees_and_not_right(enrolled, course):
    quiz = add_quiz(course, "final", questions=1)
    page = result_page(enrolled, quiz, right=False)
    assert 'class="chosen-wrong"' in page
    assert "Your answer · ✗ Not right" in page
    assert 'Correct answer</strong> <span class="choice-text">Right final-1' in page


def test_until_passed_a_quiz_that_reveals_after_pass_shows_no_choice(enrolled, course):
    quiz = add_quiz(course, "final", reveal=Reveal.AFTER_PASS)
    lesson = with_objective(course, quiz)
    page = result_page(enrolled, quiz, right=False)
    assert "✗ Wrong" in page
    assert "Your answer ·" not in page
    assert "Correct answer" not in page
    assert "Right final-1" not in page
    # which question was wrong is shown at this level, so its lesson may be too
    assert f'href="{lesson.get_absolute_url()}"' in page


def test_a_quiz_that_never_reveals_shows_no_question_and_no_lesson(enrolled, course):
    quiz = add_quiz(course, "final", reveal=Reveal.NEVER)
    lesson = with_objective(course, quiz)
    page = result_page(enrolled, quiz, right=False)
    assert "Question final-1?" not in page
    assert "Your answer ·" not in page
    assert f'href="{lesson.get_absolute_url()}">the lesson' not in page
    assert "Try again" in page


def test_a_debrief_that_finishes_the_course_shows_its_certificate(trainee_client, trainee, course):
    required = build_scenario(
        course=course, after_lesson=course.lessons.get(position=2), counts_towards_completion=True
    )
    services.enroll(user=trainee, course=course)
    finish_lessons(trainee, course)
    run = play(trainee_client, required, ["Leave the room"])
    html = trainee_client.get(run.get_absolute_url()).content.decode()
    certificate = Certificate.objects.get(user=trainee, course=course)
    assert "You have completed “Foundations”" in html
    assert f'href="{certificate.get_absolute_url()}"' in html


def test_a_debrief_short_of_completion_shows_no_certificate(trainee_client, trainee, course):
    required = build_scenario(
        course=course, after_lesson=course.lessons.get(position=2), counts_towards_completion=True
    )
    services.enroll(user=trainee, course=course)
    run = play(trainee_client, required, ["Leave the room"])
    html = trainee_client.get(run.get_absolute_url()).content.decode()
    assert "You have completed" not in html
