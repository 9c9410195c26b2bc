"""The dashboard's Continue button and the course outline's numbers and locks."""

import re

from django.urls import reverse

from courses import services
from tests.courses.builders import add_quiz


def enroll(trainee, course):
    services.enroll(user=trainee, course=course)


def test_dashboard_continue_goes_to_the_next_step(trainee_client, trainee, course):
    quiz = add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))
    enroll(trainee, course)
    lesson = course.lessons.get(position=1)
    lesson.course = course
    services.complete_lesson(user=trainee, lesson=lesson)
    html = trainee_client.get(reverse("courses:dashboard")).content.decode()
    quiz.course = course
    assert re.search(
        rf'<a class="button" href="{re.escape(quiz.get_absolute_url())}">Continue', html
    )
    assert "Next: Quiz check-1" in html


def test_dashboard_has_no_continue_for_a_completed_course(trainee_client, trainee, course):
    enroll(trainee, course)
    for lesson in course.lessons.all():
        lesson.course = course
        services.complete_lesson(user=trainee, lesson=lesson)
    html = trainee_client.get(reverse("courses:dashboard")).content.decode()
    assert ">Continue<" not in html
    assert "completed" in html


def test_outline_numbers_lessons_as_the_lesson_page_does(client, course):
    add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))
    html = client.get(course.get_absolute_url()).content.decode()
    outline = html.split('class="outline"', 1)[1]
    assert "Lesson 1</span>" in outline and "Lesson 2</span>" in outline
    assert not outline.lstrip(">").lstrip().startswith("<ol")
    lesson_page = client.get(course.lessons.get(position=2).get_absolute_url()).content.decode()
    assert "Lesson 2" in lesson_page


def test_outline_marks_lessons_locked_in_a_course_taken_in_order(trainee_client, trainee, course):
    course.lessons_in_order = True
    course.save()
    enroll(trainee, course)
    html = trainee_client.get(course.get_absolute_url()).content.decode()
    assert "Locked: finish “Lesson 1” first" in html
    assert html.count("Locked:") == 1


def test_outline_marks_nothing_locked_in_a_free_course(trainee_client, trainee, course):
    enroll(trainee, course)
    html = trainee_client.get(course.get_absolute_url()).content.decode()
    assert "Locked:" not in html
