from django.contrib import admin, messages
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
from diplomacy_portal.admin import HidesTraineeRecordsAdmin
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
class CourseAdmin(HidesTraineeRecordsAdmin):
    list_display = ["title", "status", "lessons_in_order", "estimated_minutes", "published_at"]
    list_filter = ["status", "lessons_in_order"]
    search_fields = ["title", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline, QuizInline]
    ordering = ["title"]


@admin.register(Lesson)
class LessonAdmin(HidesTraineeRecordsAdmin):
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
class QuizAdmin(HidesTraineeRecordsAdmin):
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
class QuestionAdmin(HidesTraineeRecordsAdmin):
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


# Scenarios. Each admin page stays small whatever the size of the scenario, since a browser
# posts every field of a page at once: the scenario's page holds its own fields and endings and
# lists its decision points; each decision point has its own page with its choices. A draft may
# be saved half-built; publishing, and saving any part of a published scenario, are refused
# while the map has a problem.


ADMIN_MAP_WIDTH = 760  # pixels: wide maps are scaled down to fit beside the field labels


def kept_forms(formset):
    """The forms of a valid formset that will be saved: not deleted, not left empty."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


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


def refuse_if_published(scenario, problems, *, what):
    if problems and scenario.status == Status.PUBLISHED:
        raise ValidationError([what, *problems])


PUBLISHED_MAP_REFUSAL = _(
    "A published scenario must have a complete map, so nothing was saved. Fix the problems "
    "below, or set the scenario's status to draft to save your work and publish later."
)


class EndingFormSet(BaseInlineFormSet):
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


class ScenarioChoiceFormSet(BaseInlineFormSet):
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


class EndingInline(admin.StackedInline):
    model = Ending
    formset = EndingFormSet
    fields = ["position", "title", "slug", "outcome"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0


class ScenarioChoiceInline(admin.StackedInline):
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
        (_("Debrief"), {"fields": ["debrief_note", "articles", "terms"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "leads_to":
            kwargs["queryset"] = DecisionPoint.objects.filter(scenario=scenario_of_request(request))
        elif db_field.name == "ending":
            kwargs["queryset"] = Ending.objects.filter(scenario=scenario_of_request(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Scenario)
class ScenarioAdmin(HidesTraineeRecordsAdmin):
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
    readonly_fields = ["decision_points", "map_check", "map"]
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
        (_("Decision points"), {"fields": ["decision_points"]}),
        (_("Map"), {"fields": ["map_check", "map"]}),
    ]
    inlines = [EndingInline]
    ordering = ["title"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after_lesson":
            kwargs["queryset"] = Lesson.objects.select_related("course")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
class DecisionPointAdmin(HidesTraineeRecordsAdmin):
    """A decision point and its choices, reached from its scenario's page."""

    list_display = ["title", "scenario", "position"]
    list_filter = ["scenario"]
    list_select_related = ["scenario"]
    search_fields = ["title", "slug", "situation", "scenario__title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["scenario", "position", "title", "slug", "counterpart", "stakes", "situation"]
    inlines = [ScenarioChoiceInline]
    ordering = ["scenario", "position"]

    def has_module_permission(self, request):
        return False  # listed on each scenario's page rather than in the admin's index

    def get_readonly_fields(self, request, obj=None):
        # Moving a decision point to another scenario would strand its choices.
        return ["scenario"] if obj is not None else []

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
