"""Negotiation scenarios: decision points joined by choices, endings, and what they track."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import optional_link
from core.models import Publishable, PublishableQuerySet, RenderedMarkdownMixin, Source, Timestamped
from core.natural_keys import NaturalKeyManager, NaturalKeyMixin
from core.ordering import Positioned, ordered_within
from courses.models import Course, Lesson

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


class ScenarioManager(NaturalKeyManager.from_queryset(ScenarioQuerySet)):
    pass


class Scenario(NaturalKeyMixin, RenderedMarkdownMixin, Publishable, Timestamped):
    """A negotiation to practise. Runs start at its first decision point (lowest position)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    briefing = models.TextField(_("briefing (Markdown)"))
    briefing_html = models.TextField(editable=False, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    course = optional_link(
        Course,
        models.PROTECT,
        "scenarios",
        _("course"),
        help_text=_("Optional: the course whose outline shows this scenario."),
    )
    after_lesson = optional_link(
        Lesson,
        models.PROTECT,
        "scenarios",
        _("after lesson"),
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
    natural_key_fields = ("slug",)
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


class DecisionPoint(NaturalKeyMixin, RenderedMarkdownMixin, Positioned):
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
    natural_key_fields = ("scenario", "slug")
    objects = NaturalKeyManager()

    Meta = ordered_within(
        "scenario",
        _("decision point"),
        _("decision points"),
        models.UniqueConstraint(fields=["scenario", "slug"], name="decision_point_unique_slug"),
        name="decision_point",
        db_table="courses_decisionpoint",
    )

    def __str__(self):
        return self.title


class Ending(NaturalKeyMixin, RenderedMarkdownMixin, Positioned):
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="endings", verbose_name=_("scenario")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=120)
    outcome = models.TextField(_("outcome (Markdown)"))
    outcome_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("outcome",)
    natural_key_fields = ("scenario", "slug")
    objects = NaturalKeyManager()

    Meta = ordered_within(
        "scenario",
        _("ending"),
        _("endings"),
        models.UniqueConstraint(fields=["scenario", "slug"], name="ending_unique_slug"),
        name="ending",
        db_table="courses_ending",
    )

    def __str__(self):
        return self.title


def _effect_field(label):
    return models.SmallIntegerField(label, default=0)


class ScenarioChoice(NaturalKeyMixin, RenderedMarkdownMixin, Positioned):
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
    text = models.CharField(_("text"), max_length=400)
    leads_to = optional_link(
        DecisionPoint, models.PROTECT, "incoming", _("leads to decision point")
    )
    ending = optional_link(Ending, models.PROTECT, "incoming", _("or ends the scenario with"))
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
    natural_key_fields = ("point", "position")
    objects = NaturalKeyManager()

    Meta = ordered_within(
        "point",
        _("scenario choice"),
        _("scenario choices"),
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
        name="scenario_choice",
        db_table="courses_scenariochoice",
    )

    def __str__(self):
        return self.text

    @property
    def effects(self):
        """``{measure: change}`` for the measures this choice moves, in the order of Measure."""
        return {m: getattr(self, m) for m in Measure.values if getattr(self, m)}


@receiver([post_save, post_delete], sender=ScenarioChoice)
def keep_scenario_measures(sender, instance, **kwargs):
    Scenario.refresh_measures(instance.scenario_id)
