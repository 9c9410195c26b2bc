from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import (
    HidesTraineeRecordsAdmin,
    MarkdownHelpMixin,
    OwnPagePositionForm,
    ReadOnlyRecordAdmin,
    markdown_preview,
)
from core.admin_translations import TranslatedAdmin, TranslatedStackedInline
from core.models import Status
from courses.admin import lesson_label
from courses.models import Lesson
from scenarios.admin_checks import (
    EndingFormSet,
    ScenarioChoiceFormSet,
    ending_rows,
    graph_with_endings,
    graph_without_point,
    linked_problem,
    warn_of_map_problems,
)
from scenarios.drawing import scenario_map
from scenarios.graph import ScenarioGraph, check_graph, load_scenario
from scenarios.models import DecisionPoint, Ending, RunStep, Scenario, ScenarioChoice, ScenarioRun


class DecisionPointAdminForm(OwnPagePositionForm):
    position_parent = "scenario"


# Scenarios. Each admin page stays small whatever the size of the scenario, since a browser
# posts every field of a page at once: the scenario's page holds its own fields and endings and
# lists its decision points; each decision point has its own page with its choices. A draft may
# be saved half-built; publishing, and saving any part of a published scenario, are refused
# while the map has a problem.


ADMIN_MAP_WIDTH = 760  # pixels: wide maps are scaled down to fit beside the field labels


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


class EndingInline(MarkdownHelpMixin, TranslatedStackedInline):
    model = Ending
    formset = EndingFormSet
    fields = ["position", "title", "slug", "outcome", "outcome_preview"]
    readonly_fields = ["outcome_preview"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0

    outcome_preview = markdown_preview("outcome")


class ScenarioChoiceInline(MarkdownHelpMixin, TranslatedStackedInline):
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


@admin.register(Scenario)
class ScenarioAdmin(MarkdownHelpMixin, TranslatedAdmin, HidesTraineeRecordsAdmin):
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
    change_form_template = "admin/scenarios/scenario/change_form.html"
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
            (title, reverse("admin:scenarios_decisionpoint_change", args=[key[1]]))
            for key, title in reversed(graph.points.items())
            if key[0] == "point"
        )
        no_points, no_endings = check_graph(ScenarioGraph({}, {}, []))
        add_point = (
            reverse("admin:scenarios_decisionpoint_add")
            + "?"
            + urlencode({"scenario": scenario.pk})
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
            "scenario_map": scenario_map(
                graph,
                label=scenario.title,
                max_width=ADMIN_MAP_WIDTH,
                right_to_left=translation.get_language_bidi(),
            ),
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
                    reverse("admin:scenarios_decisionpoint_change", args=[point.pk]),
                    point.position,
                    point.title,
                    ngettext("%(count)d choice", "%(count)d choices", point.choice_count)
                    % {"count": point.choice_count},
                )
                for point in points
            ),
        )
        add_url = reverse("admin:scenarios_decisionpoint_add")
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


@admin.register(DecisionPoint)
class DecisionPointAdmin(MarkdownHelpMixin, TranslatedAdmin, HidesTraineeRecordsAdmin):
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
            reverse("admin:scenarios_scenario_change", args=[obj.scenario_id])
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
