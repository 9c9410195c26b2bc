"""Every write of a scenario run: starting one and taking a decision, each in one transaction
(finishing a scenario that counts towards a course may complete the course)."""

import enum

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from courses import services
from courses.models import Enrollment
from scenarios.models import (
    DecisionPoint,
    Measure,
    RunStep,
    ScenarioChoice,
    ScenarioRun,
)


class Decision(enum.Enum):
    TAKEN = "taken"
    ALREADY_TAKEN = "already_taken"  # a replayed form or a page from the back button
    NOT_OFFERED = "not_offered"  # not a choice of the decision point the run is at


class ScenarioNotReady(Exception):
    """The scenario has no decision point to start from."""


@transaction.atomic
def start_run(*, user, scenario):
    start = DecisionPoint.objects.filter(scenario=scenario).order_by("position").first()
    if start is None:
        raise ScenarioNotReady(scenario.slug)
    return ScenarioRun.objects.create(
        user=user,
        scenario=scenario,
        current_point=start,
        measures=dict.fromkeys(Measure.values, 0),
    )


@transaction.atomic
def take_choice(*, run, step_number, choice_id):
    """Apply the choice as step ``step_number`` of the run, once.

    The run's row (only that row, not its scenario's) is locked for the transaction, and the
    step number must be the next one: a form answering a step already taken is ignored. The
    unique (run, number) constraint stops a concurrent duplicate where the database cannot
    lock rows (SQLite).
    Returns ``(run, decision)`` with the run as it now stands.
    """
    locked = ScenarioRun.objects.select_for_update(of=("self",)).select_related("scenario")
    run = locked.get(pk=run.pk)
    if run.is_finished or step_number != run.step_count + 1:
        return run, Decision.ALREADY_TAKEN
    choice = (
        ScenarioChoice.objects.filter(pk=choice_id, point_id=run.current_point_id)
        .filter(Q(leads_to__isnull=False) | Q(ending__isnull=False))
        .first()
    )
    if choice is None:
        return run, Decision.NOT_OFFERED
    changes = choice.effects
    try:
        with transaction.atomic():
            RunStep.objects.create(
                run=run,
                number=step_number,
                point_id=run.current_point_id,
                choice=choice,
                changes=changes,
            )
    except IntegrityError:
        return run, Decision.ALREADY_TAKEN
    run.measures = {m: run.measures.get(m, 0) + changes.get(m, 0) for m in Measure.values}
    run.step_count = step_number
    if choice.ending_id is not None:
        run.current_point = None
        run.ending_id = choice.ending_id
        run.finished_at = timezone.now()
    else:
        run.current_point_id = choice.leads_to_id
    run.save(update_fields=["measures", "step_count", "current_point", "ending", "finished_at"])
    if run.is_finished:
        _count_towards_course(run)
    return run, Decision.TAKEN


def _count_towards_course(run):
    scenario = run.scenario
    if scenario.course_id is None or not scenario.counts_towards_completion:
        return
    enrollment = (
        Enrollment.objects.filter(user=run.user_id, course=scenario.course_id)
        .select_related("course", "user")
        .first()
    )
    if enrollment is not None:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())
        services.complete_course_if_done(enrollment=enrollment)
