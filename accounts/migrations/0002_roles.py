"""The portal's roles as groups: Editors, Trainees and Staff report viewers.

Permissions are created here (rather than left to the post_migrate signal) so that the groups
can be given them in the same run that creates the tables, on a fresh database too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
TRAINEES = "Trainees"
STAFF_REPORT_VIEWERS = "Staff report viewers"

# The content editors add, change, delete and view in the admin. Not users, groups, or what
# trainees earn (enrollments, attempts, certificates).
EDITOR_MODELS = {
    "core": ["source"],
    "taggit": ["tag"],
    "articles": ["article", "taggedarticle"],
    "glossary": ["term"],
    "courses": ["course", "lesson", "taggedlesson", "quiz", "question", "choice"],
}
ACTIONS = ["add", "change", "delete", "view"]


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in [*EDITOR_MODELS, "auth"]:
        app_config = apps.get_app_config(label)
        # A migration's app configs are stubs without a models module, which
        # create_permissions would take for an app without models.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    wanted = [
        (app_label, model, f"{action}_{model}")
        for app_label, models in EDITOR_MODELS.items()
        for model in models
        for action in ACTIONS
    ]
    permissions = []
    for app_label, model, codename in wanted:
        permissions.append(
            Permission.objects.using(using).get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )
    editors.permissions.add(*permissions)

    Group.objects.using(using).get_or_create(name=TRAINEES)

    viewers, _ = Group.objects.using(using).get_or_create(name=STAFF_REPORT_VIEWERS)
    viewers.permissions.add(
        Permission.objects.using(using).get(
            content_type__app_label="courses", codename="view_staff_reports"
        )
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=[EDITORS, TRAINEES, STAFF_REPORT_VIEWERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("core", "0002_content_version"),
        ("accounts", "0001_initial"),
        ("articles", "0001_initial"),
        ("glossary", "0001_initial"),
        # The migration that adds Course's "view_staff_reports" permission.
        ("courses", "0002_trainee_records"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
