"""Scenario pages: the list, the briefing, a run's current decision and a finished run's debrief.

Every decision is a plain form POST answering one numbered step; the run's state lives on the
server, so the pages work without JavaScript and the back button cannot apply a choice twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenarios import debrief, services
from scenarios.models import MEASURE_SCALE, Scenario, ScenarioRun


def visible_scenarios(request):
    return Scenario.objects.visible_to(request.user).select_related("course")


def with_visible_course(scenario, user):
    """Give the scenario ``visible_course``: its course if the user may see it, else None.

    A published scenario may belong to a course still in draft, whose title stays unpublished.
    """
    course = scenario.course
    scenario.visible_course = course if course and course.is_visible_to(user) else None
    return scenario


def scenario_list(request):
    scenarios = [
        with_visible_course(scenario, request.user)
        for scenario in visible_scenarios(request).order_by("title")
    ]
    return render(request, "scenarios/scenario_list.html", {"scenarios": scenarios})


def scenario_detail(request, slug):
    scenario = get_object_or_404(visible_scenarios(request).prefetch_related("sources"), slug=slug)
    with_visible_course(scenario, request.user)
    runs = []
    if request.user.is_authenticated:
        runs = list(
            ScenarioRun.objects.filter(user=request.user, scenario=scenario).select_related(
                "ending"
            )
        )
        for run in runs:
            run.scenario = scenario
    return render(request, "scenarios/scenario_detail.html", {"scenario": scenario, "runs": runs})


@require_POST
@login_required
def scenario_start(request, slug):
    """Start a new run; an earlier run, finished or not, stays as it is."""
    scenario = get_object_or_404(visible_scenarios(request), slug=slug)
    try:
        run = services.start_run(user=request.user, scenario=scenario)
    except services.ScenarioNotReady:
        messages.error(request, _("This scenario cannot be started yet."))
        return redirect(scenario)
    run.scenario = scenario
    return redirect(run)


def own_run(request, slug, pk, *related):
    """The user's own run of this scenario; anyone else's is not found."""
    return get_object_or_404(
        ScenarioRun.objects.select_related("scenario", *related),
        pk=pk,
        user=request.user,
        scenario__slug=slug,
    )


def read_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def scenario_run(request, slug, pk):
    run = own_run(request, slug, pk, "current_point")
    if request.method == "POST":
        step = read_number(request.POST.get("step"))
        choice = read_number(request.POST.get("choice"))
        if step is None or choice is None:
            messages.error(request, _("Please choose one of the options."))
            return redirect(run)
        run, decision = services.take_choice(run=run, step_number=step, choice_id=choice)
        if decision is services.Decision.ALREADY_TAKEN:
            messages.info(
                request,
                _("That decision had already been taken. This is where your run stands now."),
            )
        elif decision is services.Decision.NOT_OFFERED:
            messages.error(request, _("That choice is not on offer here. Please choose again."))
        return redirect(run)
    if run.is_finished:
        return redirect(run)
    last_step = run.steps.select_related("choice").order_by("-number").first()
    context = {
        "scenario": run.scenario,
        "run": run,
        "point": run.current_point,
        "choices": run.current_point.choices.order_by("position"),
        "step_number": run.step_count + 1,
        "measures": debrief.measure_values(run.measures, run.scenario.tracked_measures),
        "last_step": last_step,
        "last_changes": debrief.changed_values(last_step.changes) if last_step else [],
        "scale": MEASURE_SCALE,
    }
    return render(request, "scenarios/run_detail.html", context)


@login_required
def scenario_debrief(request, slug, pk):
    run = own_run(request, slug, pk, "ending", "scenario__course")
    if not run.is_finished:
        return redirect(run)
    with_visible_course(run.scenario, request.user)
    context = {
        "scenario": run.scenario,
        "run": run,
        "debrief": debrief.build_debrief(run),
        "scale": MEASURE_SCALE,
    }
    return render(request, "scenarios/run_debrief.html", context)
