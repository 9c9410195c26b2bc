import csv
from http import HTTPStatus
from itertools import chain

from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from courses import progress, results, services
from courses.forms import (
    AttemptForm,
    DeleteAccountForm,
    PasswordChangeForm,
    ProfileForm,
    SignUpForm,
    new_attempt_token,
    read_attempt_token,
)
from courses.models import Attempt, Certificate, Course, Enrollment, Question
from courses.reports import (
    EASY_SHARE,
    FEW_ANSWERS,
    TraineeTable,
    courses_for_reports,
    item_analysis,
    quizzes_in_outline,
)


class CourseListView(ListView):
    template_name = "courses/course_list.html"
    context_object_name = "courses"
    paginate_by = 20

    def get_queryset(self):
        return Course.objects.visible_to(self.request.user).with_outline_counts().order_by("title")


class CourseDetailView(DetailView):
    template_name = "courses/course_detail.html"
    context_object_name = "course"

    def get_object(self, queryset=None):
        return visible_course(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.object
        standing = course.progress_for(self.request.user)
        context["outline"] = course.outline
        context["progress"] = standing
        context["next_step"] = course.next_step_for(standing) if standing.is_enrolled else None
        if standing.is_complete:
            context["certificate"] = Certificate.objects.filter(
                user=self.request.user, course=course
            ).first()
        return context


def visible_course(request, slug):
    """The course, if the user may see it; otherwise a 404."""
    course = Course.objects.get_with_outline(slug)
    if course is None or not course.is_visible_to(request.user):
        raise Http404(_("No such course."))
    return course


@require_POST
@login_required
def enroll(request, slug):
    course = visible_course(request, slug)
    services.enroll(user=request.user, course=course)
    messages.success(request, _("You are enrolled. Welcome to the course."))
    return redirect(course)


class LessonDetailView(DetailView):
    template_name = "courses/lesson_detail.html"
    context_object_name = "lesson"

    def get_object(self, queryset=None):
        self.course = visible_course(self.request, self.kwargs["course_slug"])
        lesson = self.course.lesson_in_outline(self.kwargs["slug"])
        if lesson is None:
            raise Http404(_("No such lesson."))
        return lesson

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lesson = self.object
        standing = self.course.progress_for(self.request.user)
        context["course"] = self.course
        context["progress"] = standing
        context["previous_lesson"], context["next_lesson"] = self.course.lessons_around(lesson)
        context["quizzes_after"] = self.course.quizzes_after(lesson)
        context["is_done"] = lesson.pk in standing.done_lesson_ids
        context["blocking_lesson"] = progress.blocking_lesson(
            self.course, lesson, standing.done_lesson_ids
        )
        return context


@require_POST
@login_required
def complete_lesson(request, course_slug, slug):
    course = visible_course(request, course_slug)
    lesson = course.lesson_in_outline(slug)
    if lesson is None:
        raise Http404(_("No such lesson."))
    try:
        services.complete_lesson(user=request.user, lesson=lesson)
    except progress.StepLocked as locked:
        messages.error(
            request,
            _("Finish “%(lesson)s” first: this course is taken in order.")
            % {"lesson": locked.lesson},
        )
        return redirect(locked.lesson)
    messages.success(request, _("Lesson marked as done."))
    following = course.lessons_around(lesson)[1]
    quizzes = course.quizzes_after(lesson)
    return redirect(quizzes[0] if quizzes else following or course)


@login_required
def quiz_detail(request, course_slug, slug):
    course = visible_course(request, course_slug)
    quiz = get_object_or_404(course.quizzes, slug=slug)
    quiz.course = course
    attempts = list(Attempt.objects.filter(user=request.user, quiz=quiz).order_by("-submitted_at"))
    for attempt in attempts:
        attempt.quiz = quiz
    limit_reached = quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts
    blocker = None
    if course.lessons_in_order:
        done = course.progress_for(request.user).done_lesson_ids
        blocker = progress.blocking_lesson(course, quiz, done)
    questions = course.questions_of(quiz)
    status = HTTPStatus.OK
    form = None
    if request.method == "POST" and not limit_reached and blocker is None:
        token = request.POST.get("token", "")
        nonce = read_attempt_token(token, quiz=quiz, user=request.user)
        if nonce is None:
            messages.error(
                request, _("This quiz form was altered or has expired. Please answer again.")
            )
            status = HTTPStatus.BAD_REQUEST
        else:
            form = AttemptForm(
                request.POST, quiz=quiz, questions=questions, token=token, nonce=nonce
            )
            if form.is_valid():
                try:
                    attempt, created = services.submit_attempt(
                        user=request.user,
                        quiz=quiz,
                        token=nonce,
                        graded_answers=form.graded_answers(),
                    )
                except services.AttemptLimitReached:
                    limit_reached, form = True, None
                except progress.StepLocked as locked:
                    blocker, form = locked.lesson, None
                else:
                    if created:
                        messages.success(request, _("Your answers were recorded."))
                    attempt.quiz = quiz
                    return redirect(attempt)
            status = HTTPStatus.BAD_REQUEST
    elif request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
    if form is None and not limit_reached and blocker is None:
        token = new_attempt_token(quiz=quiz, user=request.user)
        nonce = read_attempt_token(token, quiz=quiz, user=request.user)
        form = AttemptForm(quiz=quiz, questions=questions, token=token, nonce=nonce)
    if limit_reached:
        form = None
    context = {
        "course": course,
        "quiz": quiz,
        "form": form,
        "attempts": attempts,
        "best_score": max((a.score for a in attempts), default=None),
        "has_passed": any(a.passed for a in attempts),
        "limit_reached": limit_reached,
        "blocking_lesson": blocker,
        "attempts_left": None
        if quiz.max_attempts is None
        else max(quiz.max_attempts - len(attempts), 0),
        "question_count": len(questions),
    }
    return render(request, "courses/quiz_detail.html", context, status=status)


@login_required
def attempt_detail(request, course_slug, slug, pk):
    course = visible_course(request, course_slug)
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz"),
        pk=pk,
        user=request.user,
        quiz__course=course,
        quiz__slug=slug,
    )
    quiz = attempt.quiz
    quiz.course = course
    standing = course.progress_for(request.user)
    reveal = quiz.reveal_level(has_passed=quiz.pk in standing.passed_quiz_ids)
    next_step = course.next_step_for(standing)
    can_retry = not attempt.passed and (
        quiz.max_attempts is None
        or Attempt.objects.filter(user=request.user, quiz=quiz).count() < quiz.max_attempts
    )
    context = {
        "course": course,
        "quiz": quiz,
        "attempt": attempt,
        "answers": results.answers_with_lessons(
            course, attempt.answered_questions(course.questions_of(quiz))
        ),
        "reveal": reveal,
        "can_retry": can_retry,
        # The same quiz again is "Try again", not a next step.
        "next_step": None if next_step == quiz else next_step,
        "completion": results.completion_for(course, request.user, standing),
    }
    return render(request, "courses/attempt_detail.html", context)


@login_required
def dashboard(request):
    enrollments = results.with_next_steps(
        Enrollment.objects.for_dashboard(request.user), request.user
    )
    certificates = Certificate.objects.filter(user=request.user).select_related("course")
    return render(
        request,
        "courses/dashboard.html",
        {"enrollments": enrollments, "certificates": certificates},
    )


@login_required
def certificate(request, code):
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"), code=code, user=request.user
    )
    return render(request, "courses/certificate.html", {"certificate": certificate})


def certificate_verify(request, code):
    another = " ".join(request.GET.get("code", "").split()).upper()
    if another and another != code.upper() and "/" not in another and len(another) <= 64:
        return redirect("courses:certificate_verify", code=another)
    certificate = Certificate.objects.select_related("course").filter(code=code.upper()).first()
    status = HTTPStatus.OK if certificate else HTTPStatus.NOT_FOUND
    return render(
        request,
        "courses/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "registration/signup.html"

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="courses.backends.AccountBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        next_url = self.request.POST.get("next") or self.request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return reverse("courses:dashboard")


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "registration/profile.html"
    success_url = reverse_lazy("courses:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        return super().form_valid(form)


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


@login_required
def download_my_data(request):
    response = JsonResponse(services.personal_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-diplomacy-portal-data.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def refuse_when_locked_out(form):
    """The lock-out page, as a locked-out login gets, while the form's password checks are
    locked out; None otherwise (even the right password is refused until the lock ends)."""
    if form.request.method == "POST" and form.is_locked_out():
        return get_lockout_response(form.request, None, form.credentials())
    return None


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        return refuse_when_locked_out(self.get_form()) or super().post(request, *args, **kwargs)


@login_required
def delete_my_account(request):
    form = DeleteAccountForm(request.user, request.POST or None, request=request)
    if refused := refuse_when_locked_out(form):
        return refused
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything about it have been deleted."))
        return redirect("home")
    context = {"form": form, "certificate_count": request.user.certificates.count()}
    return render(request, "registration/delete_account.html", context)
