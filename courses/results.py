"""What a trainee is shown after a quiz or a finished course: the lesson to review for each
answer, and the certificate once every step is done (``courses.progress`` says when)."""

from dataclasses import dataclass

from certificates.models import Certificate
from core.site import site_url
from courses import progress
from courses.models import Course


@dataclass
class AnsweredQuestion:
    question: object
    is_correct: bool
    chosen_ids: set
    lesson: object = None  # the lesson that teaches the question's objective, if it has one
    objective: object = None  # that objective, which may name the section that teaches it

    @property
    def section(self):
        """The heading of the lesson's section that teaches the objective ("" if none is named)."""
        return self.objective.section if self.objective is not None else ""

    @property
    def review_url(self):
        """Where to review: the lesson, at the section that teaches the objective if it names
        one."""
        if self.lesson is None:
            return ""
        url = self.lesson.get_absolute_url()
        return f"{url}#{self.objective.section_id}" if self.section else url


def answers_with_lessons(course, answered):
    """``answered`` (``Attempt.answered_questions`` rows), each with the lesson to review and
    the objective, which names the section to review.

    The lessons come from the course's outline, which is read with its objectives, so this
    costs no query.
    """
    taught_by = {
        objective.pk: (step, objective)
        for step in course.outline
        if not step.is_quiz
        for objective in step.objectives.all()
    }
    return [
        AnsweredQuestion(
            question, is_correct, chosen, *taught_by.get(question.objective_id, (None, None))
        )
        for question, is_correct, chosen in answered
    ]


@dataclass
class Completion:
    certificate: Certificate

    @property
    def verification_url(self):
        """The address anyone can open to check the certificate, on the portal's origin."""
        return site_url(self.certificate.get_verification_url())


def completion_for(course, user, standing):
    """The trainee's :class:`Completion` of ``course`` once it is complete (else None)."""
    if not standing.is_complete:
        return None
    certificate = Certificate.objects.filter(user=user, course=course).first()
    return Completion(certificate) if certificate else None


def with_next_steps(enrollments, user):
    """``enrollments`` as a list, each unfinished one with ``next_step``: where "Continue" goes.

    The next step is :func:`courses.progress.next_step` over the course's outline, which each
    worker keeps with the course until the content changes, so a course in progress costs its
    standing and the content version (the outline too, the first time a worker reads it).
    """
    enrollments = list(enrollments)
    for enrollment in enrollments:
        enrollment.next_step = None
        if enrollment.completed_at is None:
            course = Course.objects.get_with_outline(enrollment.course.slug) or enrollment.course
            enrollment.next_step = progress.next_step(course, progress.progress_for(course, user))
    return enrollments
