"""What courses lend the portal's shared pages and machinery (``core.registry``).

Courses, lessons and quizzes are content; enrollments, attempts and completions are records
of what trainees did, and changing them changes no public page.
"""

from django.db.models import Q

from accounts import personal_data
from core import registry
from courses import personal_data as course_records
from courses.models import Course, Lesson
from courses.sitemaps import CourseSitemap, LessonSitemap


def published_courses():
    return Course.objects.published().only("slug", "title", "summary")[:6]


def tagged_lessons(tag, user):
    return (
        Lesson.objects.filter(tags=tag, course__in=Course.objects.visible_to(user))
        .select_related("course")
        .only("slug", "title", "summary", "position", "course__slug", "course__title")
        .order_by("course__title", "position")
    )


def published_tags():
    return Q(courses_taggedlesson_items__content_object__course__in=Course.objects.published())


def register():
    registry.register_content(
        "courses.course",
        "courses.lesson",
        "courses.objective",
        "courses.taggedlesson",
        "courses.quiz",
        "courses.question",
        "courses.choice",
    )
    registry.register_sitemap("courses", CourseSitemap, position=30)
    registry.register_sitemap("lessons", LessonSitemap, position=40)
    registry.register_sitemap_pages("courses:course_list", position=30)
    registry.register_home_section("courses", published_courses)
    registry.register_tag_listing("lessons", visible=tagged_lessons, published_tags=published_tags)
    # A course keeps the file the fixtures give it; a new one gets its own.
    registry.register_export(
        "courses.course",
        ["slug"],
        children=[("courses.lesson", "course"), ("courses.quiz", "course")],
        file=lambda course: f"39_course_{course.slug}.json",
    )
    registry.register_export(
        "courses.lesson",
        ["course", "slug"],
        children=[("courses.taggedlesson", "content_object"), ("courses.objective", "lesson")],
    )
    registry.register_export("courses.taggedlesson", ["content_object", "tag"])
    registry.register_export("courses.objective", ["lesson", "position"])
    registry.register_export(
        "courses.quiz", ["course", "slug"], children=[("courses.question", "quiz")]
    )
    registry.register_export(
        "courses.question", ["quiz", "position"], children=[("courses.choice", "question")]
    )
    registry.register_export("courses.choice", ["question", "position"])
    personal_data.register("enrollments", course_records.enrollments, position=10)
    personal_data.register("lessons_completed", course_records.lessons_completed, position=20)
    personal_data.register("quiz_attempts", course_records.quiz_attempts, position=30)
