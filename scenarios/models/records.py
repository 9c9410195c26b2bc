"""Trainees' runs through scenarios: where each run stands and the decisions it took."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from scenarios.models.scenario import DecisionPoint, Ending, Scenario, ScenarioChoice


class ScenarioRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)


class ScenarioRun(models.Model):
    """One trainee's pass through a scenario. Its state lives here, never in the browser.

    ``step_count`` is the number of decisions taken; a decision form answers step
    ``step_count + 1`` and any other step number is a replay, ignored. ``measures`` holds the
    running sums of the changes recorded on the steps.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="scenario_runs", verbose_name=_("user")
    )
    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="runs", verbose_name=_("scenario")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    current_point = models.ForeignKey(
        DecisionPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current decision point"),
    )
    ending = models.ForeignKey(
        Ending,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("ending"),
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

    run = models.ForeignKey(
        ScenarioRun, on_delete=models.CASCADE, related_name="steps", verbose_name=_("run")
    )
    number = models.PositiveSmallIntegerField(_("step"))
    point = models.ForeignKey(
        DecisionPoint, on_delete=models.PROTECT, related_name="+", verbose_name=_("decision point")
    )
    choice = models.ForeignKey(
        ScenarioChoice, on_delete=models.PROTECT, related_name="steps", verbose_name=_("choice")
    )
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
