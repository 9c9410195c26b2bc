from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import (
    HidesTraineeRecordsAdmin,
    MarkdownHelpMixin,
    OwnPagePositionForm,
    PositionsFormSet,
    ReadOnlyRecordAdmin,
    kept_forms,
    markdown_preview,
)
from core.admin_translations import (
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
)
from core.models import Status
from courses.models import (
    Answer,
    Attempt,
    Choice,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    Objective,
    Question,
    Quiz,
)
from courses.question_lint import question_warnings


class LessonAdminForm(OwnPagePositionForm):
    position_parent = "course"


class ChoiceFormSet(PositionsFormSet):
    """A question's choices, refused when no answer to the question could be right."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return  # their own errors come first
        choices = [SimpleNamespace(**form.cleaned_data) for form in kept_forms(self)]
        problems = self.instance.choice_problems(choices)
        if problems:
            raise ValidationError(problems)


class LessonInline(TranslatedTabularInline):
    model = Lesson
    formset = PositionsFormSet
    fields = ["position", "title", "slug", "estimated_minutes"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


def quiz_label(quiz):
    """A quiz named with its course: quizzes of different courses often share a title."""
    return f"{quiz.course.title} · {quiz.title}"


def lesson_label(lesson):
    return f"{lesson.course.title} · {lesson.position}. {lesson.title}"


class QuizInline(TranslatedTabularInline):
    model = Quiz
    fields = ["title", "slug", "after_lesson", "pass_mark", "reveal", "max_attempts"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after_lesson":
            course_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Lesson.objects.filter(course_id=course_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Course)
class CourseAdmin(MarkdownHelpMixin, TranslatedAdmin, HidesTraineeRecordsAdmin):
    list_display = ["title", "status", "lessons_in_order", "estimated_minutes", "published_at"]
    list_filter = ["status", "lessons_in_order"]
    search_fields = ["title", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["description_preview"]
    inlines = [LessonInline, QuizInline]
    ordering = ["title"]

    description_preview = markdown_preview("description")


class ObjectiveInline(TranslatedTabularInline):
    model = Objective
    formset = PositionsFormSet
    fields = ["position", "text", "section"]
    verbose_name = _("objective: after this lesson you can …")
    verbose_name_plural = _("objectives: after this lesson you can … (two to four)")

    def get_extra(self, request, obj=None, **kwargs):
        """Room for two objectives on a lesson that has none."""
        return 2 if obj is None or not obj.objectives.exists() else 0


@admin.register(Lesson)
class LessonAdmin(MarkdownHelpMixin, TranslatedAdmin, HidesTraineeRecordsAdmin):
    form = LessonAdminForm
    list_display = ["title", "course", "position", "estimated_minutes", "updated_at"]
    list_filter = ["course", "tags"]
    list_select_related = ["course"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources", "related_articles"]
    ordering = ["course", "position"]
    fields = [
        "course",
        "title",
        "slug",
        "position",
        "summary",
        "body",
        "body_preview",
        "estimated_minutes",
        "tags",
        "related_articles",
        "sources",
    ]
    readonly_fields = ["body_preview"]
    inlines = [ObjectiveInline]

    body_preview = markdown_preview("body")


def objective_label(objective):
    lesson = objective.lesson
    return f"{lesson.position}. {lesson.title} · {objective.position}: {objective.text}"


def objectives_of_course(course_id):
    """The objectives a question of the course may assess, in lesson order (all of them when
    the course is not known yet: the form then checks the choice)."""
    objectives = Objective.objects.select_related("lesson").order_by(
        "lesson__course", "lesson__position", "position"
    )
    return objectives if course_id is None else objectives.filter(lesson__course_id=course_id)


class QuestionAdminForm(forms.ModelForm):
    """A question whose objective must be one of its own course's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "objective" in self.fields:
            self.fields["objective"].label_from_instance = objective_label
        if "quiz" in self.fields:
            self.fields["quiz"].label_from_instance = quiz_label

    def clean(self):
        cleaned_data = super().clean()
        quiz, objective = cleaned_data.get("quiz"), cleaned_data.get("objective")
        if quiz and objective and objective.lesson.course_id != quiz.course_id:
            self.add_error(
                "objective", gettext("Choose an objective of a lesson in this quiz's course.")
            )
        return cleaned_data


class QuestionFormSet(PositionsFormSet):
    """A quiz's questions, whose choices are edited on each question's page: a question must
    stay answerable with the choices it has."""

    def clean(self):
        super().clean()
        published = self.instance.course_id and self.instance.course.status == Status.PUBLISHED
        for form in kept_forms(self):
            question = form.instance
            if question.pk is None:
                if published:
                    form.add_error(
                        None,
                        gettext(
                            "A quiz of a published course takes new questions on the question "
                            "page, with their choices (Questions › Add question)."
                        ),
                    )
            elif "kind" in form.changed_data:
                for problem in question.choice_problems(question.choices.all()):
                    form.add_error("kind", problem)


class QuestionPageForm(OwnPagePositionForm, QuestionAdminForm):
    """A question on its own page (its quiz's inline checks positions across its rows)."""

    position_parent = "quiz"


QUESTION_FIELDS = [
    "position",
    "kind",
    "situation",
    "prompt",
    "objective",
    "explanation",
    "explanation_preview",
]


class QuestionInline(MarkdownHelpMixin, TranslatedStackedInline):
    model = Question
    formset = QuestionFormSet
    form = QuestionAdminForm
    fields = QUESTION_FIELDS
    readonly_fields = ["explanation_preview"]
    show_change_link = True
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "objective":
            quiz_id = request.resolver_match.kwargs.get("object_id")
            course_id = (
                Quiz.objects.filter(pk=quiz_id).values_list("course_id", flat=True).first()
                if quiz_id and str(quiz_id).isdigit()
                else None
            )
            kwargs["queryset"] = objectives_of_course(course_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    explanation_preview = markdown_preview("explanation")


@admin.register(Quiz)
class QuizAdmin(TranslatedAdmin, HidesTraineeRecordsAdmin):
    list_display = ["title", "course", "after_lesson", "pass_mark", "reveal", "max_attempts"]
    list_filter = ["course", "reveal"]
    list_select_related = ["course", "after_lesson"]
    search_fields = ["title", "slug", "course__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    ordering = ["course", "after_lesson__position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "after_lesson":
            formfield.queryset = formfield.queryset.select_related("course")
            formfield.label_from_instance = lesson_label
        return formfield


class ChoiceInline(TranslatedTabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["position", "text", "is_correct", "feedback"]

    def get_extra(self, request, obj=None, **kwargs):
        """Rows for four answers on a new question; one spare row on a saved one."""
        return 4 if obj is None else 1


class QuestionChecksFilter(admin.SimpleListFilter):
    title = _("checks")
    parameter_name = "checks"

    def lookups(self, request, model_admin):
        return [("warnings", _("has warnings")), ("clean", _("no warnings"))]

    def queryset(self, request, queryset):
        if self.value() not in ("warnings", "clean"):
            return None
        warned = [question.pk for question in queryset if question_warnings(question)]
        if self.value() == "warnings":
            return queryset.filter(pk__in=warned)
        return queryset.exclude(pk__in=warned)


@admin.register(Question)
class QuestionAdmin(MarkdownHelpMixin, TranslatedAdmin, HidesTraineeRecordsAdmin):
    form = QuestionPageForm
    list_display = ["__str__", "quiz_name", "position", "kind", "warning_count"]
    list_filter = ["kind", "quiz__course", QuestionChecksFilter]
    search_fields = ["prompt", "situation", "explanation", "quiz__title"]
    fields = ["quiz", *QUESTION_FIELDS]
    readonly_fields = ["checks", "explanation_preview"]
    inlines = [ChoiceInline]
    ordering = ["quiz", "position"]

    def get_fields(self, request, obj=None):
        return [*self.fields, "checks"] if obj is not None else self.fields

    def get_queryset(self, request):
        # What the checks read: the course, the objective's key and the choices.
        return (
            super()
            .get_queryset(request)
            .select_related("quiz__course", "objective__lesson__course")
            .prefetch_related("choices")
        )

    explanation_preview = markdown_preview("explanation")

    @admin.display(description=_("quiz"), ordering="quiz__course__title")
    def quiz_name(self, obj):
        return quiz_label(obj.quiz)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = Quiz.objects.select_related("course").order_by(
                "course__title", "title"
            )
        if db_field.name == "objective":
            question_id = request.resolver_match.kwargs.get("object_id")
            course_id = None
            if question_id and str(question_id).isdigit():
                course_id = (
                    Question.objects.filter(pk=question_id)
                    .values_list("quiz__course_id", flat=True)
                    .first()
                )
            elif str(request.GET.get("quiz", "")).isdigit():
                course_id = (
                    Quiz.objects.filter(pk=request.GET["quiz"])
                    .values_list("course_id", flat=True)
                    .first()
                )
            kwargs["queryset"] = objectives_of_course(course_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(question_warnings(obj)) or "–"

    @admin.display(description=_("checks"))
    def checks(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the question to check it against the question-bank rules.")
        warnings = question_warnings(obj, obj.choices.order_by("position"))
        if not warnings:
            return gettext("No warnings: this question keeps the question-bank rules.")
        return format_html(
            '<ul class="errorlist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings)),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warnings = question_warnings(form.instance, form.instance.choices.order_by("position"))
        if warnings:
            self.message_user(
                request,
                gettext("Saved. The question-bank checks warn: %(warnings)s")
                % {"warnings": " ".join(warnings)},
                messages.WARNING,
            )


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "course", "enrolled_at", "last_activity_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    list_select_related = ["user", "course"]
    search_fields = ["user__username", "user__display_name", "course__title"]


@admin.register(LessonCompletion)
class LessonCompletionAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "lesson", "completed_at"]
    list_filter = ["lesson__course"]
    list_select_related = ["user", "lesson"]
    search_fields = ["user__username", "lesson__title"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "is_correct"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "quiz", "score", "passed", "submitted_at"]
    list_filter = ["passed", "quiz__course"]
    list_select_related = ["user", "quiz"]
    search_fields = ["user__username", "quiz__title"]
    inlines = [AnswerInline]
