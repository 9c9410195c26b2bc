"""The page that checks a pack's code says each quiz and each problem once."""

from django.urls import reverse

from offline.receiving import OfflineResult
from tests.offline import test_packs as packs
from tests.offline.test_packs import ATTEMPT_ID, answers_from_pack, build, code_for, submit

rich_course = packs.rich_course  # the fixtures of the pack tests
enrolled_client = packs.enrolled_client


def check(client, code):
    return client.get(reverse("offline:offline_answers"), {"code": code}).content.decode()


def test_attempts_of_one_quiz_are_one_line_with_their_count(enrolled_client, rich_course, quiz):
    html = build(rich_course).html.decode()
    answers = answers_from_pack(html, quiz)
    first = {"q": quiz.slug, "i": ATTEMPT_ID, "r": answers}
    submit(enrolled_client, code_for(rich_course, attempts=[first]))
    second = {"q": quiz.slug, "i": "z" * 22, "r": answers}
    page = check(enrolled_client, code_for(rich_course, attempts=[first, second]))
    work = page.split('id="work-heading"', 1)[1]
    assert work.count(f"<li>{quiz.title}") == 1
    assert "2 attempts" in work
    assert "1 already submitted: not counted again" in work


def test_the_same_problem_is_said_once(enrolled_client, rich_course, quiz):
    answers = answers_from_pack(build(rich_course).html.decode(), quiz)
    gone = [
        {"q": "gone", "i": ATTEMPT_ID, "r": answers},
        {"q": "gone-too", "i": "y" * 22, "r": answers},
    ]
    page = check(enrolled_client, code_for(rich_course, attempts=gone, lessons=["lesson-1"]))
    assert page.count("A quiz answered in your pack is no longer part of the course.") == 1


def test_lessons_waiting_for_their_order_are_one_message(course):
    result = OfflineResult(lessons_waiting=list(course.lessons.order_by("position")))
    [(level, text)] = result.messages()
    assert level == "warning"
    assert text.startswith("“Lesson 1”, “Lesson 2” were not recorded")
