from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from certificates.models import Certificate
from courses import progress, results, services
from courses.forms import AttemptForm, new_attempt_token, read_attempt_token
from courses.models import Attempt, Course, Enrollment


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
