"""What scenarios lend the portal's shared pages and machinery (``core.registry``).

Scenarios are content; the runs trainees play through them are not.
"""

from accounts import personal_data
from core import registry
from scenarios.personal_data import scenario_runs
from scenarios.sitemaps import ScenarioSitemap


def register():
    registry.register_content(
        "scenarios.scenario",
        "scenarios.decisionpoint",
        "scenarios.ending",
        "scenarios.scenariochoice",
    )
    registry.register_sitemap("scenarios", ScenarioSitemap, position=50)
    registry.register_export(
        "scenarios.scenario",
        ["slug"],
        children=[
            ("scenarios.decisionpoint", "scenario"),
            ("scenarios.ending", "scenario"),
            ("scenarios.scenariochoice", "scenario"),
        ],
        file=lambda scenario: "40_scenarios.json",
    )
    registry.register_export("scenarios.decisionpoint", ["scenario", "slug"])
    registry.register_export("scenarios.ending", ["scenario", "slug"])
    registry.register_export("scenarios.scenariochoice", ["point", "position"])
    personal_data.register("scenario_runs", scenario_runs, position=40)
