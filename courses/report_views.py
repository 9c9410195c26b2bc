import csv
from itertools import chain

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from courses.models import Attempt, Enrollment, Question
from courses.reports import (
    EASY_SHARE,
    FEW_ANSWERS,
    TraineeTable,
    courses_for_reports,
    item_analysis,
    quizzes_in_outline,
)
from courses.views import visible_course


class StaffReportMixin(PermissionRequiredMixin):
    permission_required = "courses.view_staff_reports"
    raise_exception = True

    def get_course(self):
        """The course with its outline, if the viewer may see it: a draft course is for staff
        only."""
        return visible_course(self.request, self.kwargs["slug"])


class ReportListView(StaffReportMixin, ListView):
    template_name = "courses/report_list.html"
    context_object_name = "courses"
    paginate_by = 50

    def get_queryset(self):
        return courses_for_reports(self.request.user)


class CourseReportView(StaffReportMixin, ListView):
    template_name = "courses/course_report.html"
    context_object_name = "enrollments"
    paginate_by = 50

    def get_queryset(self):
        self.course = self.get_course()
        self.table = TraineeTable(self.course, self.request.GET.get("sort", ""))
        return self.table.rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for enrollment in context["enrollments"]:
            enrollment.best_scores = self.table.best_scores(enrollment)
        context.update(
            course=self.course,
            quizzes=self.table.quizzes,
            columns=self.table.columns(),
            totals=self.table.totals(),
            hardest_questions=Question.objects.filter(quiz__course=self.course).hardest_first()[
                :10
            ],
            items=item_analysis(self.course),
            few_answers=FEW_ANSWERS,
            easy_percent=round(EASY_SHARE * 100),
        )
        return context


class CourseReportCsvView(StaffReportMixin, View):
    def get(self, request, slug):
        course = self.get_course()
        quizzes = quizzes_in_outline(course)
        best = Attempt.objects.best_scores_in(course)
        header = [
            _("username"),
            _("display name"),
            _("enrolled"),
            _("lessons done"),
            _("quizzes passed"),
            *(_("best score: %(quiz)s") % {"quiz": quiz.title} for quiz in quizzes),
            _("last activity"),
            _("progress (%)"),
            _("completed"),
        ]
        rows = (
            [
                enrollment.user.username,
                enrollment.user.display_name,
                enrollment.enrolled_at.date().isoformat(),
                enrollment.lessons_done or 0,
                enrollment.quizzes_passed or 0,
                *(best.get((enrollment.user_id, quiz.pk), "") for quiz in quizzes),
                enrollment.last_activity_at.date().isoformat(),
                enrollment.progress.percent,
                enrollment.completed_at.date().isoformat() if enrollment.completed_at else "",
            ]
            for enrollment in Enrollment.objects.for_report(course).iterator(chunk_size=500)
        )
        return csv_response(f"{course.slug}-trainees.csv", header, rows)


class HardestQuestionsCsvView(StaffReportMixin, View):
    def get(self, request, slug):
        course = self.get_course()
        header = [
            _("quiz"),
            _("question"),
            _("prompt"),
            _("answered"),
            _("right"),
            _("share right (%)"),
        ]
        rows = (
            [q.quiz.title, q.position, q.prompt, q.answered, q.right, round(q.share_right)]
            for q in Question.objects.filter(quiz__course=course).hardest_first().iterator()
        )
        return csv_response(f"{course.slug}-questions.csv", header, rows)


class ItemAnalysisCsvView(StaffReportMixin, View):
    def get(self, request, slug):
        course = self.get_course()
        items = item_analysis(course)
        most = max((len(item.options) for item in items), default=0)
        header = [
            _("quiz"),
            _("question"),
            _("prompt"),
            _("answered (first attempts)"),
            _("right"),
            _("share right (%)"),
            _("discrimination (point-biserial, rest of quiz)"),
            _("flags"),
            _("correct options"),
            *(_("option %(number)s chosen") % {"number": n} for n in range(1, most + 1)),
        ]
        rows = (
            [
                item.question.quiz.title,
                item.question.position,
                item.question.prompt,
                item.answered,
                item.right,
                "" if item.share_right is None else round(item.share_right * 100),
                "" if item.discrimination is None else round(item.discrimination, 2),
                "; ".join(item_flags(item)),
                ", ".join(str(position) for position in item.correct_positions),
                *(option.chosen for option in item.options),
            ]
            for item in items
        )
        return csv_response(f"{course.slug}-items.csv", header, rows)


def item_flags(item):
    """What the report says of an item, in words."""
    flags = []
    if item.too_easy:
        flags.append(_("almost everyone gets it right"))
    if item.inverted:
        flags.append(_("strong trainees miss it more than weak ones"))
    if item.few_answers:
        flags.append(_("few answers: read with care"))
    return flags


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream a CSV file; cells that a spreadsheet would run as formulas are neutralised."""
    writer = csv.writer(_Echo())

    def safe(cell):
        if isinstance(cell, int | float):
            return cell  # a number, negative ones included, is no formula
        text = str(cell)
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else cell

    lines = (writer.writerow([safe(cell) for cell in row]) for row in chain([header], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
