def scenario_runs(user):
    return [
        {
            "scenario": run.scenario.slug,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "ending": run.ending.title if run.ending else None,
            "measures": run.measures,
        }
        for run in user.scenario_runs.select_related("scenario", "ending")
    ]
