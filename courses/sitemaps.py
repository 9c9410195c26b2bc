from django.contrib.sitemaps import Sitemap

from courses.models import Course, Lesson


class CourseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Course.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, course):
        return course.updated_at


class LessonSitemap(Sitemap):
    """Lessons of published courses (a lesson is public when its course is)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            Lesson.objects.filter(course__in=Course.objects.published())
            .select_related("course")
            .only("slug", "updated_at", "course__slug")
            .order_by("pk")
        )

    def lastmod(self, lesson):
        return lesson.updated_at
