"""The shipped courses keep the rules of the question bank (``courses.question_lint``).

Read from the fixture files themselves, so an editor's change to a course file is checked
before it is loaded anywhere. A failure lists every breach, one per line.
"""

import json

from core.content import fixture_paths
from courses.question_lint import bank_from_fixture_items, check_bank


def fixture_items(prefix):
    return [
        item
        for path in fixture_paths()
        if path.name.startswith(prefix)
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]


def test_the_shipped_question_bank_keeps_every_rule():
    bank = bank_from_fixture_items(fixture_items("3"))
    assert bank.questions, "no course fixtures found"
    breaches = check_bank(bank)
    assert not breaches, f"{len(breaches)} breaches of the question-bank rules:\n" + "\n".join(
        breaches
    )


def test_every_shipped_course_counts_a_scenario_placed_among_its_lessons():
    courses = [
        item["fields"]["slug"] for item in fixture_items("3") if item["model"] == "courses.course"
    ]
    counted = {
        item["fields"]["course"][0]
        for item in fixture_items("4")
        if item["model"] == "scenarios.scenario"
        and item["fields"].get("course")
        and item["fields"].get("counts_towards_completion")
        and item["fields"].get("status") == "published"
    }
    missing = [slug for slug in courses if slug not in counted]
    assert not missing, f"courses with no published scenario that counts: {missing}"
