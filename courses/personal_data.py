"""A trainee's course records in their personal data download (``accounts.personal_data``)."""

from courses.models import RevealLevel


def answer_data(answer, reveal):
    """One answer of an attempt, telling right from wrong only where the quiz's results do."""
    data = {
        "question": answer.question.prompt,
        "chosen": [choice.text for choice in answer.choices.all()],
    }
    if reveal != RevealLevel.SCORE_ONLY:
        data["right"] = answer.is_correct
    return data


def enrollments(user):
    return [
        {
            "course": enrollment.course.slug,
            "enrolled_at": enrollment.enrolled_at.isoformat(),
            "last_activity_at": enrollment.last_activity_at.isoformat(),
            "completed_at": enrollment.completed_at.isoformat()
            if enrollment.completed_at
            else None,
        }
        for enrollment in user.enrollments.select_related("course")
    ]


def lessons_completed(user):
    return [
        {
            "course": completion.lesson.course.slug,
            "lesson": completion.lesson.slug,
            "completed_at": completion.completed_at.isoformat(),
        }
        for completion in user.lesson_completions.select_related("lesson__course")
    ]


def quiz_attempts(user):
    """Answers say whether they were right only as far as each quiz's results pages do."""
    attempts = list(
        user.attempts.select_related("quiz__course").prefetch_related(
            "answers__question", "answers__choices"
        )
    )
    passed = {attempt.quiz_id for attempt in attempts if attempt.passed}
    reveal = {
        attempt.quiz_id: attempt.quiz.reveal_level(has_passed=attempt.quiz_id in passed)
        for attempt in attempts
    }
    return [
        {
            "course": attempt.quiz.course.slug,
            "quiz": attempt.quiz.slug,
            "submitted_at": attempt.submitted_at.isoformat(),
            "score": attempt.score,
            "passed": attempt.passed,
            "answers": [
                answer_data(answer, reveal[attempt.quiz_id]) for answer in attempt.answers.all()
            ],
        }
        for attempt in attempts
    ]
