import re
from collections import defaultdict
from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from courses.models import (
    Answer,
    Attempt,
    Certificate,
    Choice,
    Course,
    DecisionPoint,
    Ending,
    Enrollment,
    Lesson,
    LessonCompletion,
    Objective,
    PackDownload,
    Question,
    Quiz,
    RunStep,
    Scenario,
    ScenarioChoice,
    ScenarioRun,
    User,
)
from courses.question_lint import question_warnings
from courses.scenarios import (
    GraphChoice,
    ScenarioGraph,
    check_graph,
    check_scenario,
    ending_key,
    load_scenario,
    point_key,
    scenario_map,
)
from diplomacy_portal.admin import HidesTraineeRecordsAdmin, MarkdownHelpMixin, markdown_preview
from diplomacy_portal.models import Status


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "date_joined"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["display_name"]}),
    ]


def kept_forms(formset):
    """The forms of a valid formset that will be saved: not deleted, not left empty."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class PositionsFormSet(BaseInlineFormSet):
    """Inline rows that each need their own position: a duplicate gets a plain message on the
    position field of each row that has it, instead of a message about the whole table."""

    def validate_unique(self):
        by_position = defaultdict(list)
        for form in kept_forms(self):
            if form.cleaned_data.get("position") is not None:
                by_position[form.cleaned_data["position"]].append(form)
        duplicates = [(p, rows) for p, rows in by_position.items() if len(rows) > 1]
        for position, rows in duplicates:
            for form in rows:
                form.add_error(
                    "position",
                    gettext(
                        "Another %(name)s here has position %(position)d too. Give each its own "
                        "position."
                    )
                    % {"name": self.model._meta.verbose_name, "position": position},
                )
        if not duplicates:  # the other unique checks once positions are sorted out
            super().validate_unique()


class OwnPagePositionForm(forms.ModelForm):
    """A record edited on its own page whose position must be free among its parent's: a taken
    position gets a plain message on the position field, instead of a message about the whole
    form (or, where the parent is read-only and so left out of the form's checks, a failed
    save)."""

    position_parent = None  # the foreign key within which each position is unique

    def clean(self):
        cleaned_data = super().clean()
        position, parent = cleaned_data.get("position"), self.position_parent
        if parent in self.fields:
            parent_id = getattr(cleaned_data.get(parent), "pk", None)
        else:
            parent_id = getattr(self.instance, f"{parent}_id")
        if position is None or parent_id is None:
            return cleaned_data
        model = self._meta.model
        others = model._default_manager.filter(**{parent: parent_id, "position": position})
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "position",
                gettext("Another %(name)s of this %(parent)s already has position %(position)d.")
                % {
                    "name": model._meta.verbose_name,
                    "parent": model._meta.get_field(parent).related_model._meta.verbose_name,
                    "position": position,
                },
            )
        return cleaned_data


class LessonAdminForm(OwnPagePositionForm):
    position_parent = "course"


class DecisionPointAdminForm(OwnPagePositionForm):
    position_parent = "scenario"


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


class LessonInline(admin.TabularInline):
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


class QuizInline(admin.TabularInline):
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
class CourseAdmin(MarkdownHelpMixin, HidesTraineeRecordsAdmin):
    list_display = ["title", "status", "lessons_in_order", "estimated_minutes", "published_at"]
    list_filter = ["status", "lessons_in_order"]
    search_fields = ["title", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["description_preview"]
    inlines = [LessonInline, QuizInline]
    ordering = ["title"]

    description_preview = markdown_preview("description")


class ObjectiveInline(admin.TabularInline):
    model = Objective
    formset = PositionsFormSet
    fields = ["position", "text", "section"]
    verbose_name = _("objective: after this lesson you can …")
    verbose_name_plural = _("objectives: after this lesson you can … (two to four)")

    def get_extra(self, request, obj=None, **kwargs):
        """Room for two objectives on a lesson that has none."""
        return 2 if obj is None or not obj.objectives.exists() else 0


@admin.register(Lesson)
class LessonAdmin(MarkdownHelpMixin, HidesTraineeRecordsAdmin):
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


class QuestionInline(MarkdownHelpMixin, admin.StackedInline):
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
class QuizAdmin(HidesTraineeRecordsAdmin):
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


class ChoiceInline(admin.TabularInline):
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
class QuestionAdmin(MarkdownHelpMixin, HidesTraineeRecordsAdmin):
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


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Trainee records are evidence of what people did: visible to admins, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyRecordAdmin):
    list_display = ["code", "name", "course", "issued_at"]
    list_filter = ["course"]
    list_select_related = ["course"]
    search_fields = ["code", "name", "user__username"]


# Scenarios. Each admin page stays small whatever the size of the scenario, since a browser
# posts every field of a page at once: the scenario's page holds its own fields and endings and
# lists its decision points; each decision point has its own page with its choices. A draft may
# be saved half-built; publishing, and saving any part of a published scenario, are refused
# while the map has a problem.


ADMIN_MAP_WIDTH = 760  # pixels: wide maps are scaled down to fit beside the field labels


def node_key(form, key):
    return key(form.instance.pk) if form.instance.pk is not None else ("new", form.prefix)


def graph_choice(key, text, at, data):
    """A choice of the graph from the cleaned data (or attributes) of a choice form."""
    leads_to, ending = data.get("leads_to"), data.get("ending")
    return GraphChoice(
        key=key,
        text=text,
        point=at,
        leads_to=point_key(leads_to.pk) if leads_to else None,
        ending=ending_key(ending.pk) if ending else None,
    )


def graph_with_endings(scenario, endings):
    """The scenario's graph once the submitted endings formset is saved."""
    graph = load_scenario(scenario).graph if scenario.pk else ScenarioGraph({}, {}, [])
    forms = sorted(kept_forms(endings), key=lambda form: form.cleaned_data["position"])
    graph.endings = {node_key(f, ending_key): f.cleaned_data["title"] for f in forms}
    return graph


def graph_with_point(point, choices):
    """The scenario's graph once the submitted decision point and its choices are saved."""
    loaded = load_scenario(point.scenario)
    key = point_key(point.pk) if point.pk is not None else ("new", "point")
    others = [(p.position, point_key(pk), p.title) for pk, p in loaded.points.items()]
    nodes = sorted([*(n for n in others if n[1] != key), (point.position, key, point.title)])
    kept = [
        graph_choice(form.prefix, form.cleaned_data["text"], key, form.cleaned_data)
        for form in kept_forms(choices)
    ]
    return ScenarioGraph(
        points={k: title for _, k, title in nodes},
        endings=loaded.graph.endings,
        choices=[c for c in loaded.graph.choices if c.point != key] + kept,
    )


def graph_without_point(point):
    """The scenario's graph once the decision point and its choices are deleted."""
    graph = load_scenario(point.scenario).graph
    key = point_key(point.pk)
    return ScenarioGraph(
        points={k: title for k, title in graph.points.items() if k != key},
        endings=graph.endings,
        choices=[choice for choice in graph.choices if choice.point != key],
    )


def refuse_if_published(scenario, problems, *, what):
    if problems and scenario.status == Status.PUBLISHED:
        raise ValidationError([what, *problems])


PUBLISHED_MAP_REFUSAL = _(
    "A published scenario must have a complete map, so nothing was saved. Fix the problems "
    "below, or set the scenario's status to draft to save your work and publish later."
)


class EndingFormSet(PositionsFormSet):
    """The scenario page's only inline: it checks the map the page will leave behind."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return  # their own errors come first
        refuse_if_published(
            self.instance,
            check_graph(graph_with_endings(self.instance, self)),
            what=PUBLISHED_MAP_REFUSAL,
        )


class ScenarioChoiceFormSet(PositionsFormSet):
    """The choices of one decision point, on its page: they complete the scenario's map."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.scenario_id = self.instance.scenario_id  # repeats point.scenario
        return form

    def clean(self):
        super().clean()
        point = self.instance
        if point.scenario_id is None or point.position is None:
            return  # the decision point's own errors come first
        if any(form.errors for form in self.forms):
            return
        refuse_if_published(
            point.scenario,
            check_graph(graph_with_point(point, self)),
            what=PUBLISHED_MAP_REFUSAL,
        )


def scenario_of_request(request):
    """The scenario whose decision point or endings the admin page edits (its id, or None)."""
    if not hasattr(request, "_admin_scenario_id"):
        match = request.resolver_match
        object_id = match.kwargs.get("object_id")
        scenario_id = None
        if match.url_name == "courses_scenario_change":
            scenario_id = object_id
        elif object_id is not None:
            scenario_id = (
                DecisionPoint.objects.filter(pk=object_id)
                .values_list("scenario_id", flat=True)
                .first()
            )
        else:  # adding a decision point: the scenario is chosen on the form or in the link
            scenario_id = request.POST.get("scenario") or request.GET.get("scenario")
        request._admin_scenario_id = str(scenario_id) if scenario_id else None
    scenario_id = request._admin_scenario_id
    return int(scenario_id) if scenario_id and scenario_id.isdigit() else None


class EndingInline(MarkdownHelpMixin, admin.StackedInline):
    model = Ending
    formset = EndingFormSet
    fields = ["position", "title", "slug", "outcome", "outcome_preview"]
    readonly_fields = ["outcome_preview"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0

    outcome_preview = markdown_preview("outcome")


class ScenarioChoiceInline(MarkdownHelpMixin, admin.StackedInline):
    model = ScenarioChoice
    fk_name = "point"
    formset = ScenarioChoiceFormSet
    autocomplete_fields = ["articles", "terms"]
    extra = 0
    fieldsets = [
        (None, {"fields": ["position", "text", ("leads_to", "ending")]}),
        (
            _("Effects (from -5 to +5)"),
            {
                "fields": [
                    ("access", "trust", "civilians"),
                    ("staff_safety", "local_staff_safety"),
                    ("agreement", "inclusion"),
                    ("humanity", "neutrality", "impartiality", "independence"),
                ]
            },
        ),
        (_("Debrief"), {"fields": ["debrief_note", "debrief_note_preview", "articles", "terms"]}),
    ]
    readonly_fields = ["debrief_note_preview"]

    debrief_note_preview = markdown_preview("debrief_note")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "leads_to":
            kwargs["queryset"] = DecisionPoint.objects.filter(scenario=scenario_of_request(request))
        elif db_field.name == "ending":
            kwargs["queryset"] = Ending.objects.filter(scenario=scenario_of_request(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


QUOTED = re.compile(r"“([^”]*)”")


def linked_problem(problem, targets, *, extra=None):
    """The problem in plain words, each decision point or ending it names (in “quotes”)
    linking to the place to fix it; ``extra`` is a (url, text) link put after it."""
    parts, last = [], 0
    for match in QUOTED.finditer(problem):
        url = targets.get(match.group(1))
        if url is not None:
            parts.append(problem[last : match.start()])
            parts.append(format_html('“<a href="{}">{}</a>”', url, match.group(1)))
            last = match.end()
    parts.append(problem[last:])
    if extra is not None:
        parts.append(format_html(' <a href="{}">{}</a>', *extra))
    return format_html_join("", "{}", ((part,) for part in parts))


def ending_rows(endings):
    """The anchor of each ending's row in the endings inline, by graph key."""
    return {node_key(form, ending_key): f"#{form.prefix}" for form in endings.forms}


@admin.register(Scenario)
class ScenarioAdmin(MarkdownHelpMixin, HidesTraineeRecordsAdmin):
    list_display = [
        "title",
        "course",
        "after_lesson",
        "counts_towards_completion",
        "status",
        "published_at",
    ]
    list_filter = ["status", "course", "counts_towards_completion"]
    list_select_related = ["course", "after_lesson"]
    search_fields = ["title", "slug", "summary", "briefing"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources"]
    readonly_fields = ["decision_points", "briefing_preview"]
    change_form_template = "admin/courses/scenario/change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "briefing",
                    "briefing_preview",
                    "estimated_minutes",
                    "sources",
                ]
            },
        ),
        (
            _("Place in a course"),
            {"fields": ["course", "after_lesson", "counts_towards_completion"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Decision points"), {"fields": ["decision_points"]}),
    ]
    inlines = [EndingInline]
    ordering = ["title"]

    briefing_preview = markdown_preview("briefing")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after_lesson":
            kwargs["queryset"] = Lesson.objects.select_related("course").order_by(
                "course__title", "position"
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "after_lesson":
            formfield.label_from_instance = lesson_label
        return formfield

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(self.map_context(obj, context.get("inline_admin_formsets", [])))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def map_context(self, scenario, inline_admin_formsets):
        """The map and its problems, worked out afresh on every view of the page: of the
        endings as submitted when the page comes back with them, else as saved."""
        endings = next(
            (f.formset for f in inline_admin_formsets if isinstance(f.formset, EndingFormSet)),
            None,
        )
        if endings is not None and endings.is_bound and not any(f.errors for f in endings.forms):
            graph = graph_with_endings(scenario, endings)
        else:
            graph = load_scenario(scenario).graph
        rows = ending_rows(endings) if endings is not None else {}
        # Where each name in the problems leads; a title used twice leads to its first holder.
        targets = {
            title: rows[key] for key, title in reversed(graph.endings.items()) if key in rows
        }
        targets.update(
            (title, reverse("admin:courses_decisionpoint_change", args=[key[1]]))
            for key, title in reversed(graph.points.items())
            if key[0] == "point"
        )
        no_points, no_endings = check_graph(ScenarioGraph({}, {}, []))
        add_point = (
            reverse("admin:courses_decisionpoint_add") + "?" + urlencode({"scenario": scenario.pk})
        )
        extras = {
            no_points: (add_point, gettext("Add a decision point")),
            no_endings: ("#endings-group", gettext("Add an ending")),
        }
        problems = [
            linked_problem(problem, targets, extra=extras.get(problem))
            for problem in check_graph(graph)
        ]
        return {
            "map_problems": problems,
            "scenario_map": scenario_map(graph, label=scenario.title, max_width=ADMIN_MAP_WIDTH),
        }

    @admin.display(description=_("decision points"))
    def decision_points(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the scenario to add its decision points.")
        points = obj.decision_points.annotate(choice_count=Count("choices")).order_by("position")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}. {}</a> ({})</li>',
            (
                (
                    reverse("admin:courses_decisionpoint_change", args=[point.pk]),
                    point.position,
                    point.title,
                    ngettext("%(count)d choice", "%(count)d choices", point.choice_count)
                    % {"count": point.choice_count},
                )
                for point in points
            ),
        )
        add_url = reverse("admin:courses_decisionpoint_add")
        return format_html(
            '<ul class="decision-points">{}</ul><p><a class="addlink" href="{}?{}">{}</a></p>',
            rows,
            add_url,
            urlencode({"scenario": obj.pk}),
            gettext("Add a decision point"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_of_map_problems(self, request, form.instance)


def warn_of_map_problems(model_admin, request, scenario):
    problems = check_scenario(scenario)
    if problems:
        model_admin.message_user(
            request,
            gettext("Saved as a draft. Before it can be published: %(problems)s")
            % {"problems": " ".join(problems)},
            messages.WARNING,
        )


@admin.register(DecisionPoint)
class DecisionPointAdmin(MarkdownHelpMixin, HidesTraineeRecordsAdmin):
    """A decision point and its choices, reached from its scenario's page."""

    form = DecisionPointAdminForm

    list_display = ["title", "scenario", "position"]
    list_filter = ["scenario"]
    list_select_related = ["scenario"]
    search_fields = ["title", "slug", "situation", "scenario__title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "scenario",
        "position",
        "title",
        "slug",
        "counterpart",
        "stakes",
        "situation",
        "situation_preview",
    ]
    inlines = [ScenarioChoiceInline]
    ordering = ["scenario", "position"]
    actions = None  # a decision point is deleted from its own page, where its map is checked

    def has_module_permission(self, request):
        return False  # listed on each scenario's page rather than in the admin's index

    def delete_view(self, request, object_id, extra_context=None):
        point = self.get_object(request, unquote(object_id))
        if request.method == "POST" and point is not None:
            problems = check_graph(graph_without_point(point))
            if problems and point.scenario.status == Status.PUBLISHED:
                self.message_user(
                    request,
                    gettext(
                        "A published scenario must have a complete map, so the decision point "
                        "was not deleted: %(problems)s Set the scenario's status to draft "
                        "first."
                    )
                    % {"problems": " ".join(problems)},
                    messages.ERROR,
                )
                return self._back_to_scenario(point)
        return super().delete_view(request, object_id, extra_context)

    situation_preview = markdown_preview("situation")

    def get_readonly_fields(self, request, obj=None):
        # Moving a decision point to another scenario would strand its choices.
        return ["scenario", "situation_preview"] if obj is not None else ["situation_preview"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scenario")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_of_map_problems(self, request, form.instance.scenario)

    def response_post_save_add(self, request, obj):
        return self._back_to_scenario(obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_scenario(obj)

    def _back_to_scenario(self, obj):
        return HttpResponseRedirect(
            reverse("admin:courses_scenario_change", args=[obj.scenario_id])
        )


class RunStepInline(admin.TabularInline):
    model = RunStep
    fields = ["number", "point", "choice", "changes", "taken_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScenarioRun)
class ScenarioRunAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "scenario", "started_at", "step_count", "ending", "finished_at"]
    list_filter = ["scenario", "ending"]
    list_select_related = ["user", "scenario", "ending"]
    search_fields = ["user__username", "scenario__title"]
    inlines = [RunStepInline]


@admin.register(PackDownload)
class PackDownloadAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "course", "version", "downloaded_at"]
    list_filter = ["course"]
    list_select_related = ["user", "course"]
    search_fields = ["user__username", "course__title"]
