"""Negotiation scenarios: decision points joined by choices, endings, and trainees' runs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.models import (
    Publishable,
    PublishableQuerySet,
    RenderedMarkdownMixin,
    SlugManager,
    Source,
    Timestamped,
)
from courses.models.content import Course, Lesson

# Negotiation scenarios: a briefing, decision points joined by choices, and endings. Trainees
# take them in runs; each step of a run records the choice made and what it changed.


class Measure(models.TextChoices):
    """What a scenario tracks. Each choice moves some of them; a run's result is their sums."""

    ACCESS = "access", _("Humanitarian access")
    TRUST = "trust", _("Trust with the counterpart")
    STAFF_SAFETY = "staff_safety", _("Safety of staff")
    LOCAL_STAFF_SAFETY = "local_staff_safety", _("Safety of local staff")
    CIVILIANS = "civilians", _("Protection of civilians")
    # a mediator's measures, for scenarios where the trainee stands between the parties
    AGREEMENT = "agreement", _("Progress towards agreement")
    INCLUSION = "inclusion", _("Inclusion of those affected")
    HUMANITY = "humanity", _("Humanity")
    NEUTRALITY = "neutrality", _("Neutrality")
    IMPARTIALITY = "impartiality", _("Impartiality")
    INDEPENDENCE = "independence", _("Independence")


PRINCIPLE_MEASURES = (
    Measure.HUMANITY,
    Measure.NEUTRALITY,
    Measure.IMPARTIALITY,
    Measure.INDEPENDENCE,
)
EFFECT_LIMIT = 5  # one choice moves a measure by at most this much either way
MEASURE_SCALE = 10  # the bars run from -10 to +10; a run starts at 0 on every measure


class ScenarioQuerySet(PublishableQuerySet):
    pass


class ScenarioManager(SlugManager.from_queryset(ScenarioQuerySet)):
    pass


class Scenario(RenderedMarkdownMixin, Publishable, Timestamped):
    """A negotiation to practise. Runs start at its first decision point (lowest position)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    briefing = models.TextField(_("briefing (Markdown)"))
    briefing_html = models.TextField(editable=False, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("course"),
        help_text=_("Optional: the course whose outline shows this scenario."),
    )
    after_lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("after lesson"),
        help_text=_(
            "Where it appears in the course: after this lesson and its quizzes. Leave empty "
            "to place it after the last lesson, before the final quiz."
        ),
    )
    counts_towards_completion = models.BooleanField(
        _("counts towards completion"),
        default=False,
        help_text=_("When set, the course is complete only once the trainee has finished a run."),
    )
    sources = models.ManyToManyField(Source, related_name="scenarios", verbose_name=_("sources"))
    measures = models.JSONField(
        _("measures its choices move"), default=list, blank=True, editable=False
    )

    markdown_fields = ("briefing",)
    objects = ScenarioManager()
    is_quiz = False
    is_scenario = True

    class Meta:
        db_table = "courses_scenario"
        ordering = ["title"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False)
                | models.Q(after_lesson__isnull=True, counts_towards_completion=False),
                name="scenario_placement_needs_course",
                violation_error_message=_(
                    "Choose the course before placing the scenario after a lesson or counting "
                    "it towards completion."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scenarios:scenario_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def tracked_measures(self):
        """The measures some choice of this scenario moves, in the order of Measure."""
        return [m for m in Measure if m.value in self.measures]

    @classmethod
    def refresh_measures(cls, scenario_id):
        """Store which measures the scenario's choices move (pages read them without a query)."""
        moved = ScenarioChoice.objects.filter(scenario_id=scenario_id).aggregate(
            **{m: models.Count("pk", filter=~models.Q(**{m: 0})) for m in Measure.values}
        )
        cls.objects.filter(pk=scenario_id).update(measures=[m for m in Measure.values if moved[m]])

    def clean(self):
        super().clean()
        if (
            self.after_lesson_id is not None
            and self.course_id is not None
            and self.after_lesson.course_id != self.course_id
        ):
            raise ValidationError(
                {"after_lesson": _("Choose a lesson of the course the scenario is placed in.")}
            )

    natural_key.dependencies = ["courses.course", "courses.lesson"]


class ScenarioChildManager(models.Manager):
    def get_by_natural_key(self, scenario_slug, slug):
        return self.get(scenario__slug=scenario_slug, slug=slug)


class DecisionPoint(RenderedMarkdownMixin, models.Model):
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.CASCADE,
        related_name="decision_points",
        verbose_name=_("scenario"),
    )
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Order in the editor; the lowest is where every run starts.")
    )
    title = models.CharField(
        _("title"), max_length=120, help_text=_("A few words: it labels the box on the map.")
    )
    counterpart = models.CharField(_("across the table"), max_length=200)
    stakes = models.CharField(_("what is at stake"), max_length=300)
    situation = models.TextField(_("situation (Markdown)"))
    situation_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("situation",)
    objects = ScenarioChildManager()

    class Meta:
        db_table = "courses_decisionpoint"
        ordering = ["scenario", "position"]
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "slug"], name="decision_point_unique_slug"),
            models.UniqueConstraint(
                fields=["scenario", "position"], name="decision_point_unique_position"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.scenario.slug, self.slug)

    natural_key.dependencies = ["scenarios.scenario"]


class Ending(RenderedMarkdownMixin, models.Model):
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="endings", verbose_name=_("scenario")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=120)
    outcome = models.TextField(_("outcome (Markdown)"))
    outcome_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("outcome",)
    objects = ScenarioChildManager()

    class Meta:
        db_table = "courses_ending"
        ordering = ["scenario", "position"]
        verbose_name = _("ending")
        verbose_name_plural = _("endings")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "slug"], name="ending_unique_slug"),
            models.UniqueConstraint(fields=["scenario", "position"], name="ending_unique_position"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.scenario.slug, self.slug)

    natural_key.dependencies = ["scenarios.scenario"]


class ScenarioChoiceManager(models.Manager):
    def get_by_natural_key(self, scenario_slug, point_slug, position):
        return self.get(
            point__scenario__slug=scenario_slug, point__slug=point_slug, position=position
        )


def _effect_field(label):
    return models.SmallIntegerField(label, default=0)


class ScenarioChoice(RenderedMarkdownMixin, models.Model):
    """One option at a decision point: where it leads, what it changes and why it matters.

    ``scenario`` repeats ``point.scenario`` so that editors can build every choice of a
    scenario on one admin page; the graph check reports any choice that strays outside it.
    Leading nowhere is allowed in the database so that a draft can be saved half-built.
    """

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="choices", verbose_name=_("scenario")
    )
    point = models.ForeignKey(
        DecisionPoint,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("at decision point"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=400)
    leads_to = models.ForeignKey(
        DecisionPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("leads to decision point"),
    )
    ending = models.ForeignKey(
        Ending,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("or ends the scenario with"),
    )
    access = _effect_field(Measure.ACCESS.label)
    trust = _effect_field(Measure.TRUST.label)
    staff_safety = _effect_field(Measure.STAFF_SAFETY.label)
    local_staff_safety = _effect_field(Measure.LOCAL_STAFF_SAFETY.label)
    civilians = _effect_field(Measure.CIVILIANS.label)
    humanity = _effect_field(Measure.HUMANITY.label)
    neutrality = _effect_field(Measure.NEUTRALITY.label)
    impartiality = _effect_field(Measure.IMPARTIALITY.label)
    independence = _effect_field(Measure.INDEPENDENCE.label)
    agreement = _effect_field(Measure.AGREEMENT.label)
    inclusion = _effect_field(Measure.INCLUSION.label)
    debrief_note = models.TextField(
        _("debrief note (Markdown)"),
        help_text=_("Why this choice has these consequences, and what the linked pages teach."),
    )
    debrief_note_html = models.TextField(editable=False, blank=True)
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="scenario_choices",
        verbose_name=_("principles, dos, don'ts and cases"),
    )
    terms = models.ManyToManyField(
        "glossary.Term",
        blank=True,
        related_name="scenario_choices",
        verbose_name=_("glossary terms"),
    )

    markdown_fields = ("debrief_note",)
    objects = ScenarioChoiceManager()

    class Meta:
        db_table = "courses_scenariochoice"
        ordering = ["point", "position"]
        verbose_name = _("scenario choice")
        verbose_name_plural = _("scenario choices")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "position"], name="scenario_choice_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(leads_to__isnull=True) | models.Q(ending__isnull=True),
                name="scenario_choice_one_destination",
                violation_error_message=_(
                    "A choice leads either to a decision point or to an ending, not to both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        models.Q(**{f"{m}__gte": -EFFECT_LIMIT, f"{m}__lte": EFFECT_LIMIT})
                        for m in Measure.values
                    )
                ),
                name="scenario_choice_effects_in_range",
                violation_error_message=_("Each effect must be between -5 and +5."),
            ),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.point.scenario.slug, self.point.slug, self.position)

    natural_key.dependencies = ["scenarios.decisionpoint", "scenarios.ending"]

    @property
    def effects(self):
        """``{measure: change}`` for the measures this choice moves, in the order of Measure."""
        return {m: getattr(self, m) for m in Measure.values if getattr(self, m)}


@receiver([post_save, post_delete], sender=ScenarioChoice)
def keep_scenario_measures(sender, instance, **kwargs):
    Scenario.refresh_measures(instance.scenario_id)


class ScenarioRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)


class ScenarioRun(models.Model):
    """One trainee's pass through a scenario. Its state lives here, never in the browser.

    ``step_count`` is the number of decisions taken; a decision form answers step
    ``step_count + 1`` and any other step number is a replay, ignored. ``measures`` holds the
    running sums of the changes recorded on the steps.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scenario_runs")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="runs")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    current_point = models.ForeignKey(
        DecisionPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ending = models.ForeignKey(
        Ending, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    step_count = models.PositiveSmallIntegerField(_("decisions taken"), default=0)
    measures = models.JSONField(_("measures"), default=dict)

    objects = ScenarioRunQuerySet.as_manager()

    class Meta:
        db_table = "courses_scenariorun"
        ordering = ["-started_at"]
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    current_point__isnull=False, ending__isnull=True, finished_at__isnull=True
                )
                | models.Q(
                    current_point__isnull=True, ending__isnull=False, finished_at__isnull=False
                ),
                name="scenario_run_either_at_a_point_or_ended",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "scenario", "-started_at"], name="scenario_run_user")
        ]

    def __str__(self):
        return f"{self.user} · {self.scenario}"

    def get_absolute_url(self):
        name = "scenarios:scenario_debrief" if self.is_finished else "scenarios:scenario_run"
        return reverse(name, kwargs={"slug": self.scenario.slug, "pk": self.pk})

    @property
    def is_finished(self):
        return self.finished_at is not None


class RunStep(models.Model):
    """One decision of a run, with the changes it made as they were when it was taken."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    point = models.ForeignKey(DecisionPoint, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(ScenarioChoice, on_delete=models.PROTECT, related_name="steps")
    changes = models.JSONField(_("changes"), default=dict)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        db_table = "courses_runstep"
        ordering = ["run", "number"]
        verbose_name = _("run step")
        verbose_name_plural = _("run steps")
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="run_step_once_per_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="run_step_from_one"),
        ]

    def __str__(self):
        return f"{self.run} · {self.number}"
