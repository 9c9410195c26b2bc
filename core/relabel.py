"""Moving a model to another app keeps its table, its permissions and what refers to it.

Used by the migrations that moved models out of ``courses`` and out of the project package into
the apps that own them: each model's content type is relabelled (so its permissions, admin log
entries and groups' grants follow it) and ``load_content``'s record of loaded items names it by
its new label.
"""

from django.db import migrations


def relabel(old_app, new_app, models):
    """A ``RunPython`` operation moving ``models`` (lower-case names) from one label to another."""

    def forwards(apps, schema_editor):
        move(apps, schema_editor.connection.alias, old_app, new_app, models)

    def backwards(apps, schema_editor):
        move(apps, schema_editor.connection.alias, new_app, old_app, models)

    return migrations.RunPython(forwards, backwards, elidable=False)


def move(apps, using, old_app, new_app, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LoadedItem = apps.get_model("core", "LoadedItem")
    for model in models:
        old = ContentType.objects.using(using).filter(app_label=old_app, model=model)
        if not ContentType.objects.using(using).filter(app_label=new_app, model=model).exists():
            old.update(app_label=new_app)
        LoadedItem.objects.using(using).filter(model=f"{old_app}.{model}").update(
            model=f"{new_app}.{model}"
        )
