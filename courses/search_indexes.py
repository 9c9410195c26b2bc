"""How lessons are searched: see diplomacy_portal.search.

A lesson is public when its course is, so its entry carries the course's publication state
and is refreshed whenever the course is saved.
"""

from taggit.models import Tag

from courses.models import Course, Lesson, TaggedLesson
from search import api as search
from search.models import SearchKind


def lessons_of(course):
    return Lesson.objects.filter(course_id=course.pk).values_list("pk", flat=True)


class LessonIndexer(search.Indexer):
    kind = SearchKind.LESSON
    model = Lesson

    def get_queryset(self):
        return Lesson.objects.select_related("course").prefetch_related("tags")

    def document(self, lesson):
        return search.Document(
            object_id=lesson.pk,
            title=lesson.title,
            url=lesson.get_absolute_url(),
            status=lesson.course.status,
            published_at=lesson.course.published_at,
            summary=lesson.summary,
            tags=", ".join(tag.name for tag in lesson.tags.all()),
            body=search.text_from_html(lesson.body_html),
            context=lesson.course.title,
        )

    def dependencies(self):
        return [
            (Course, lessons_of),
            (TaggedLesson, lambda tagged: [tagged.content_object_id]),
            (Tag, lambda tag: Lesson.objects.filter(tags=tag).values_list("pk", flat=True)),
        ]


search.register(LessonIndexer())
