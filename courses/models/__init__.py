"""The courses app's models, one module per topic; import them from here."""

from courses.models.course import Course, CourseManager, CourseQuerySet
from courses.models.lesson import Lesson, Objective, TaggedLesson
from courses.models.quiz import (
    Choice,
    Question,
    QuestionKind,
    QuestionManager,
    QuestionQuerySet,
    Quiz,
    Reveal,
    RevealLevel,
)
from courses.models.records import (
    Answer,
    Attempt,
    AttemptQuerySet,
    Enrollment,
    EnrollmentQuerySet,
    LessonCompletion,
)

__all__ = [
    "CourseQuerySet",
    "CourseManager",
    "Course",
    "TaggedLesson",
    "Lesson",
    "Objective",
    "Reveal",
    "RevealLevel",
    "Quiz",
    "QuestionKind",
    "QuestionQuerySet",
    "QuestionManager",
    "Question",
    "Choice",
    "EnrollmentQuerySet",
    "Enrollment",
    "LessonCompletion",
    "AttemptQuerySet",
    "Attempt",
    "Answer",
]
