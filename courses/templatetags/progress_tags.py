"""What the outline and the debrief show of a trainee's progress, asked of ``courses.progress``."""

from django import template

from courses import progress as course_progress
from courses import results

register = template.Library()


@register.simple_tag
def step_blocker(course, step, progress):
    """The lesson to finish before ``step`` opens, in a course taken in order (or None).

    Only for a trainee enrolled in the course; scenarios are never locked.
    """
    if not progress.is_enrolled or step.is_scenario or progress.is_done(step):
        return None
    return course_progress.blocking_lesson(course, step, progress.done_lesson_ids)


@register.simple_tag(takes_context=True)
def course_completion(context, course):
    """The trainee's :class:`courses.results.Completion` of ``course``, once complete."""
    user = context["request"].user
    if course is None or not user.is_authenticated:
        return None
    return results.completion_for(course, user, course_progress.progress_for(course, user))


@register.simple_tag
def completion_of(certificate):
    """A :class:`courses.results.Completion` of the ``certificate`` a page already read."""
    return results.Completion(certificate) if certificate else None
