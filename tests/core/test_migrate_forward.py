"""A database made by the portal as it was before the apps were redrawn migrates forward with
nothing lost.

The code of that release is taken from this repository's history (``git archive``) and run in a
subprocess: it migrates a fresh database, loads the content and records what trainees and
editors do (accounts, enrollments, ticks, attempts, certificates, offline pack downloads,
scenario runs, an editor's change and the admin's history of it). Then today's ``migrate`` runs
on the same database, and today's models must show the same records, under their new apps.
On PostgreSQL (``tests/with_postgres.py``) the database is a fresh one on the same server.
"""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPOSITORY = Path(__file__).resolve().parents[2]
BEFORE_THE_REDRAW = "5a3216d"  # the last commit with models in courses and diplomacy_portal

RECORD = """
import json
from datetime import timedelta
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

m = apps.get_model
User, Course, Lesson = m("courses", "User"), m("courses", "Course"), m("courses", "Lesson")
Quiz, Enrollment = m("courses", "Quiz"), m("courses", "Enrollment")
course = Course.objects.get(slug="foundations-of-humanitarian-diplomacy")
lesson = course.lessons.order_by("position").first()
quiz = course.quizzes.order_by("pk").first()
trainee = User.objects.create_user(
    "amina", password="a-long-test-password-1", display_name="Amina K."
)
editor = User.objects.create_user("editor", password="a-long-test-password-2", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
now = timezone.now()
Enrollment.objects.create(user=trainee, course=course, enrolled_at=now - timedelta(days=3))
m("courses", "LessonCompletion").objects.create(user=trainee, lesson=lesson)
attempt = m("courses", "Attempt").objects.create(
    user=trainee, quiz=quiz, token="t-1", correct_count=1, question_count=2, score=50,
    passed=False, submitted_at=now - timedelta(days=1),
)
question = quiz.questions.order_by("position").first()
m("courses", "Answer").objects.create(attempt=attempt, question=question, is_correct=True)
m("courses", "Certificate").objects.create(
    user=trainee, course=course, code="ABCD-EFGH-JKLM-NPQR", name="Amina K."
)
m("courses", "PackDownload").objects.create(user=trainee, course=course, version="v1")
scenario = m("courses", "Scenario").objects.order_by("slug").first()
run = m("courses", "ScenarioRun").objects.create(
    user=trainee,
    scenario=scenario,
    current_point=scenario.decision_points.order_by("position").first(),
)
source = m("diplomacy_portal", "Source").objects.get(slug="{source}")
source.title = "Retitled by an editor"
source.save()
LogEntry.objects.create(
    user=editor,
    content_type=ContentType.objects.get_for_model(scenario),
    object_id=str(scenario.pk),
    object_repr=str(scenario),
    action_flag=CHANGE,
    change_message="Edited",
)
"""

SNAPSHOT = """
import json
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group

m = apps.get_model
L = {labels}
User = m(*L["user"])
trainee = User.objects.get(username="amina")
editor = User.objects.get(username="editor")
log = LogEntry.objects.get(user=editor)
print(json.dumps({{
    "trainee": [trainee.pk, trainee.display_name, trainee.check_password("a-long-test-password-1")],
    "groups": sorted(trainee.groups.values_list("name", flat=True)),
    "editor can change scenarios": editor.has_perm(L["scenario"][0] + ".change_scenario"),
    "editor can change sources": editor.has_perm(L["source"][0] + ".change_source"),
    "editor can see users": editor.has_perm(L["user"][0] + ".view_user"),
    "enrollments": list(trainee.enrollments.values_list("course__slug", "enrolled_at")),
    "ticks": list(trainee.lesson_completions.values_list("lesson__slug", flat=True)),
    "attempts": list(trainee.attempts.values_list("quiz__slug", "score", "passed")),
    "answers": list(m("courses", "Answer").objects.values_list("question__position", "is_correct")),
    "certificates": list(m(*L["certificate"]).objects.values_list("code", "name", "user_id")),
    "packs": list(m(*L["packdownload"]).objects.values_list("course__slug", "version", "user_id")),
    "runs": list(
        m(*L["scenariorun"]).objects.values_list("scenario__slug", "current_point__slug", "user_id")
    ),
    "source": m(*L["source"]).objects.get(slug="{source}").title,
    "logged object": [log.content_type.app_label, log.content_type.model, log.object_repr],
    "loaded items": m(*L["loadeditem"]).objects.count(),
}}, default=str, sort_keys=True))
"""

OLD_LABELS = {
    "user": ("courses", "User"),
    "scenario": ("courses", "Scenario"),
    "scenariorun": ("courses", "ScenarioRun"),
    "certificate": ("courses", "Certificate"),
    "packdownload": ("courses", "PackDownload"),
    "source": ("diplomacy_portal", "Source"),
    "loadeditem": ("diplomacy_portal", "LoadedItem"),
}
NEW_LABELS = {
    "user": ("accounts", "User"),
    "scenario": ("scenarios", "Scenario"),
    "scenariorun": ("scenarios", "ScenarioRun"),
    "certificate": ("certificates", "Certificate"),
    "packdownload": ("offline", "PackDownload"),
    "source": ("core", "Source"),
    "loadeditem": ("core", "LoadedItem"),
}
SOURCE = "nrc-dos-and-donts"


def old_release(tmp_path):
    """The code before the redraw, from this repository's history."""
    command = ["git", "-C", str(REPOSITORY), "archive", "--format=tar", BEFORE_THE_REDRAW]
    archive = subprocess.run(  # noqa: S603 - git from PATH, as a developer runs it
        command,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.fail(f"git archive {BEFORE_THE_REDRAW} failed: {archive.stderr.decode()}")
    target = tmp_path / "before"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def fresh_database_url(tmp_path):
    """A database of its own: a SQLite file, or a new database on the PostgreSQL test server."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'before.sqlite3'}"
    import psycopg

    name = f"forward_{uuid.uuid4().hex[:12]}"
    db = settings.DATABASES["default"]
    server = {key.lower(): db[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}
    # CREATE DATABASE cannot run in the test's transaction: a connection of its own, autocommit.
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as own:
        own.execute(f"CREATE DATABASE {name}")  # a name made above
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"


def manage(code_dir, database_url, *args, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "DJANGO_SETTINGS_MODULE": "diplomacy_portal.settings",
        "PYTHONPATH": str(code_dir),
    }
    env.pop("PORTAL_ENV", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def snapshot(code_dir, database_url, labels, tmp_path):
    script = SNAPSHOT.format(labels=repr(labels), source=SOURCE)
    out = manage(code_dir, database_url, "shell", "-c", script, tmp_path=tmp_path)
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.django_db
def test_a_database_made_before_the_redraw_migrates_forward_with_nothing_lost(tmp_path):
    before = old_release(tmp_path)
    url = fresh_database_url(tmp_path)
    manage(before, url, "migrate", "--no-input", tmp_path=tmp_path)
    manage(before, url, "load_content", tmp_path=tmp_path)
    manage(before, url, "shell", "-c", RECORD.replace("{source}", SOURCE), tmp_path=tmp_path)
    as_recorded = snapshot(before, url, OLD_LABELS, tmp_path)

    migrated = manage(REPOSITORY, url, "migrate", "--no-input", tmp_path=tmp_path)
    as_migrated = snapshot(REPOSITORY, url, NEW_LABELS, tmp_path)

    assert "Recorded as applied" in migrated
    records = ["enrollments", "ticks", "attempts", "answers", "certificates", "packs", "runs"]
    assert all(as_recorded[name] for name in records), as_recorded
    assert as_recorded["loaded items"] > 1000
    assert as_recorded["trainee"][2] is True
    assert as_recorded["editor can change scenarios"] is True
    assert as_recorded["editor can see users"] is False
    expected = {
        **as_recorded,
        "logged object": ["scenarios", "scenario", as_recorded["logged object"][2]],
    }
    assert as_migrated == expected
    assert as_migrated["source"] == "Retitled by an editor"

    loaded = manage(REPOSITORY, url, "load_content", tmp_path=tmp_path)
    assert "0 items added" in loaded, loaded
    relabelled = manage(
        REPOSITORY,
        url,
        "shell",
        "-c",
        "from django.contrib.contenttypes.models import ContentType as C;"
        "old = C.objects.filter(app_label='diplomacy_portal').values_list('model', flat=True);"
        "moved = ['user', 'scenario', 'certificate', 'packdownload'];"
        "gone = C.objects.filter(app_label='courses', model__in=moved);"
        "print(sorted(old), sorted(gone.values_list('model', flat=True)))",
        tmp_path=tmp_path,
    )
    assert relabelled.strip().splitlines()[-1] == "[] []"
