"""Editors also edit scenarios (with their decision points, endings and choices) and objectives.

Never what trainees did in them: runs and their steps stay out of the Editors group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MODELS = ["scenario", "decisionpoint", "ending", "scenariochoice", "objective"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("courses")
    # A migration's app configs are stubs without a models module, which create_permissions
    # would take for an app without models.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.add(*_permissions(Permission, using))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.using(using).filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(*_permissions(Permission, using))


def _permissions(Permission, using):
    return list(
        Permission.objects.using(using).filter(
            content_type__app_label="courses",
            content_type__model__in=MODELS,
            codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("courses", "0005_objectives"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
