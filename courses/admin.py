from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
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
    PackDownload,
    Question,
    Quiz,
    RunStep,
    Scenario,
    ScenarioChoice,
    ScenarioRun,
    User,
)
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
from diplomacy_portal.models import Status


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "date_joined"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["display_name"]}),
    ]


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["position", "title", "slug", "estimated_minutes"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


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
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "lessons_in_order", "estimated_minutes", "published_at"]
    list_filter = ["status", "lessons_in_order"]
    search_fields = ["title", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline, QuizInline]
    ordering = ["title"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
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
        "estimated_minutes",
        "tags",
        "related_articles",
        "sources",
    ]


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ["position", "kind", "prompt", "explanation"]
    show_change_link = True
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "after_lesson", "pass_mark", "reveal", "max_attempts"]
    list_filter = ["course", "reveal"]
    list_select_related = ["course", "after_lesson"]
    search_fields = ["title", "slug", "course__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    ordering = ["course", "after_lesson__position"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "text", "is_correct", "feedback"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "position", "kind"]
    list_filter = ["kind", "quiz__course"]
    list_select_related = ["quiz"]
    search_fields = ["prompt", "explanation", "quiz__title"]
    inlines = [ChoiceInline]
    ordering = ["quiz", "position"]


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


# Scenarios. Editors build the whole graph on the scenario's page: decision points, endings and
# choices (with their effects and links) are inlines. A draft may be saved half-built, since a
# new decision point can be chosen as a destination only once it is saved; publishing, and
# saving a published scenario, are refused while the map has a problem.


ADMIN_MAP_WIDTH = 760  # pixels: wide maps are scaled down to fit beside the field labels


class ScenarioGraphFormSet(BaseInlineFormSet):
    """An inline formset of the scenario page that registers itself with its siblings."""

    graph_group = None  # a dict shared by the formsets of one request; see ScenarioAdmin
    graph_role = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.graph_group is not None:
            self.graph_group[self.graph_role] = self


def kept_forms(formset):
    """The forms of a valid formset that will be saved: not deleted, not left empty."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def deleted_keys(formset, key):
    return {
        key(form.instance.pk)
        for form in formset.forms
        if form.cleaned_data.get("DELETE") and form.instance.pk is not None
    }


def graph_from_formsets(points, endings, choices):
    """The graph as it will be once the submitted forms are saved."""

    def node_key(form, key):
        return key(form.instance.pk) if form.instance.pk is not None else ("new", form.prefix)

    point_forms = sorted(kept_forms(points), key=lambda form: form.cleaned_data["position"])
    ending_forms = sorted(kept_forms(endings), key=lambda form: form.cleaned_data["position"])
    removed = deleted_keys(points, point_key)
    graph_choices = []
    for form in kept_forms(choices):
        data = form.cleaned_data
        at = point_key(data["point"].pk)
        if at in removed:
            continue  # deleted with its decision point
        graph_choices.append(
            GraphChoice(
                key=form.prefix,
                text=data["text"],
                point=at,
                leads_to=point_key(data["leads_to"].pk) if data.get("leads_to") else None,
                ending=ending_key(data["ending"].pk) if data.get("ending") else None,
            )
        )
    return ScenarioGraph(
        points={node_key(f, point_key): f.cleaned_data["title"] for f in point_forms},
        endings={node_key(f, ending_key): f.cleaned_data["title"] for f in ending_forms},
        choices=graph_choices,
    )


class DecisionPointFormSet(ScenarioGraphFormSet):
    graph_role = "points"


class EndingFormSet(ScenarioGraphFormSet):
    graph_role = "endings"


class ScenarioChoiceFormSet(ScenarioGraphFormSet):
    """The last inline on the page: it checks the graph that all three inlines describe."""

    graph_role = "choices"

    def clean(self):
        super().clean()
        group = self.graph_group or {}
        points, endings = group.get("points"), group.get("endings")
        if points is None or endings is None:
            return
        if not (points.is_valid() and endings.is_valid()) or any(f.errors for f in self.forms):
            return  # their own errors come first
        problems = check_graph(graph_from_formsets(points, endings, self))
        if problems and self.instance.status == Status.PUBLISHED:
            raise ValidationError(
                [
                    gettext(
                        "A published scenario must have a complete map, so nothing was saved. "
                        "Fix the problems below, or set the status to draft to save your work "
                        "and publish later."
                    ),
                    *problems,
                ]
            )


class ScenarioInline(admin.StackedInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scenario_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name in ("point", "leads_to"):
            kwargs["queryset"] = DecisionPoint.objects.filter(scenario_id=scenario_id)
        elif db_field.name == "ending":
            kwargs["queryset"] = Ending.objects.filter(scenario_id=scenario_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DecisionPointInline(ScenarioInline):
    model = DecisionPoint
    formset = DecisionPointFormSet
    fields = ["position", "title", "slug", "counterpart", "stakes", "situation"]
    prepopulated_fields = {"slug": ["title"]}


class EndingInline(ScenarioInline):
    model = Ending
    formset = EndingFormSet
    fields = ["position", "title", "slug", "outcome"]
    prepopulated_fields = {"slug": ["title"]}


class ScenarioChoiceInline(ScenarioInline):
    model = ScenarioChoice
    formset = ScenarioChoiceFormSet
    autocomplete_fields = ["articles", "terms"]
    fieldsets = [
        (None, {"fields": [("point", "position"), "text", ("leads_to", "ending")]}),
        (
            _("Effects (from -5 to +5)"),
            {
                "fields": [
                    ("access", "trust", "civilians"),
                    ("staff_safety", "local_staff_safety"),
                    ("humanity", "neutrality", "impartiality", "independence"),
                ]
            },
        ),
        (_("Debrief"), {"fields": ["debrief_note", "articles", "terms"]}),
    ]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
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
    readonly_fields = ["map_check", "map"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "briefing", "estimated_minutes", "sources"]},
        ),
        (
            _("Place in a course"),
            {"fields": ["course", "after_lesson", "counts_towards_completion"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Map"), {"fields": ["map_check", "map"]}),
    ]
    inlines = [DecisionPointInline, EndingInline, ScenarioChoiceInline]
    ordering = ["title"]

    def get_formsets_with_inlines(self, request, obj=None):
        """Give this request's scenario formsets one shared group, so they see one another."""
        group = {}
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if issubclass(formset, ScenarioGraphFormSet):
                formset = type(formset.__name__, (formset,), {"graph_group": group})
            yield formset, inline

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after_lesson":
            kwargs["queryset"] = Lesson.objects.select_related("course")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("check"))
    def map_check(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the scenario to start building its map.")
        problems = check_scenario(obj)
        if not problems:
            return gettext(
                "Complete: every decision point can be reached, every choice leads somewhere "
                "and every path can reach an ending."
            )
        return format_html(
            '<p class="errornote">{}</p><ul class="errorlist">{}</ul>',
            gettext("Not ready to publish:"),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    @admin.display(description=_("map"))
    def map(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        drawing = scenario_map(load_scenario(obj).graph, label=obj.title, max_width=ADMIN_MAP_WIDTH)
        return format_html('<div class="scenario-map">{}</div>', drawing)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        problems = check_scenario(form.instance)
        if problems:
            self.message_user(
                request,
                gettext("Saved as a draft. Before it can be published: %(problems)s")
                % {"problems": " ".join(problems)},
                messages.WARNING,
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
