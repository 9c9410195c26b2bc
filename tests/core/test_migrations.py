"""Migrations match the models, and a database built from nothing takes the content."""

import json
import os
import subprocess
import sys
from collections import Counter
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from accounts.roles import EDITORS, STAFF_REPORT_VIEWERS, TRAINEES
from core.content import fixture_paths

BUILD_FROM_NOTHING = """
import json, django
django.setup()
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

def groups():
    return sorted(Group.objects.values_list("name", flat=True))

call_command("migrate", interactive=False, verbosity=0)
call_command("load_content", verbosity=0)
counts = {label: apps.get_model(label).objects.count() for label in LABELS}
after_migrate = groups()
call_command("migrate", "accounts", "0001", interactive=False, verbosity=0)
after_reverse = groups()
call_command("migrate", interactive=False, verbosity=0)
print(json.dumps({"counts": counts, "groups": [after_migrate, after_reverse, groups()]}))
"""


def fixture_counts():
    return Counter(
        item["model"]
        for path in fixture_paths()
        for item in json.loads(path.read_text(encoding="utf-8"))
    )


def test_makemigrations_finds_nothing_to_do(db):
    output = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=output)
    assert "No changes detected" in output.getvalue()


def test_a_database_migrated_from_nothing_takes_the_fixtures(tmp_path):
    expected = fixture_counts()
    env = {k: v for k, v in os.environ.items() if k not in {"PORTAL_ENV", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="diplomacy_portal.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    )
    script = f"LABELS = {sorted(expected)!r}\n{BUILD_FROM_NOTHING}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["counts"] == dict(expected)
    assert expected["articles.article"] > 40
    roles = {EDITORS, TRAINEES, STAFF_REPORT_VIEWERS}
    after_migrate, after_reverse, after_again = map(set, report["groups"])
    assert roles <= after_migrate
    assert not roles & after_reverse
    assert roles <= after_again
