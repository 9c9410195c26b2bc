from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from courses.models import Course


class CourseListView(ListView):
    template_name = "courses/course_list.html"
    context_object_name = "courses"
    paginate_by = 20

    def get_queryset(self):
        return Course.objects.visible_to(self.request.user).with_outline_counts().order_by("title")


class CourseDetailView(DetailView):
    template_name = "courses/course_detail.html"
    context_object_name = "course"

    def get_queryset(self):
        return Course.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outline"] = self.object.outline()
        return context


class CourseChildMixin:
    """Looks the object up within a course the user may see."""

    def get_course(self):
        courses = Course.objects.visible_to(self.request.user)
        return get_object_or_404(courses, slug=self.kwargs["course_slug"])


class LessonDetailView(CourseChildMixin, DetailView):
    template_name = "courses/lesson_detail.html"
    context_object_name = "lesson"

    def get_queryset(self):
        self.course = self.get_course()
        return self.course.lessons.prefetch_related("sources", "related_articles")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lesson = self.object
        context["course"] = self.course
        context["previous_lesson"], context["next_lesson"] = lesson.neighbours()
        context["quizzes_after"] = lesson.quizzes.all()
        return context


class QuizDetailView(CourseChildMixin, DetailView):
    template_name = "courses/quiz_detail.html"
    context_object_name = "quiz"

    def get_queryset(self):
        self.course = self.get_course()
        return self.course.quizzes.select_related("after_lesson")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["question_count"] = self.object.questions.count()
        return context
