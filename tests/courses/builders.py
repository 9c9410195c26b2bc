"""Quizzes for tests, and a trainee's way of answering one through its page."""

import re

from model_bakery import baker

from courses.models import QuestionKind


def add_quiz(course, slug, *, after_lesson=None, questions=2, **fields):
    """A quiz whose first choice of every question is the correct one (before any shuffle)."""
    quiz = baker.make(
        "courses.Quiz",
        course=course,
        slug=slug,
        title=f"Quiz {slug}",
        after_lesson=after_lesson,
        **fields,
    )
    for position in range(1, questions + 1):
        question = baker.make(
            "courses.Question",
            quiz=quiz,
            position=position,
            kind=QuestionKind.SINGLE,
            prompt=f"Question {slug}-{position}?",
            explanation=f"Because of lesson {position}.",
        )
        baker.make(
            "courses.Choice",
            question=question,
            position=1,
            text=f"Right {slug}-{position}",
            is_correct=True,
            feedback="Well done.",
        )
        baker.make(
            "courses.Choice",
            question=question,
            position=2,
            text=f"Wrong {slug}-{position}",
            is_correct=False,
            feedback="Not quite.",
        )
    return quiz


OPTION = re.compile(
    r'<input type="(?:radio|checkbox)" name="(question_\d+)" value="(\d+)"[^>]*>\s*'
    r'<label for="[^"]+">([^<]*)</label>'
)


def answer_quiz(client, quiz, *, right=True, extra=None):
    """Open the quiz, pick the right (or wrong) choice of every question by its text, submit."""
    page = client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"token": token}
    for name, value, label in OPTION.findall(page):
        if label.startswith("Right" if right else "Wrong"):
            data.setdefault(name, value)
    data.update(extra or {})
    return client.post(quiz.get_absolute_url(), data), data
