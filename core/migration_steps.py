"""Steps the content migrations share."""

from django.db.models import F


def copy_into_default_language(app_label, fields_by_model, language="en"):
    """A ``RunPython`` step that fills each translated field's ``_<language>`` column from the
    field's own column, so that what a database held before its content was translated reads
    the same after (one statement per model)."""

    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            model._base_manager.using(schema_editor.connection.alias).update(
                **{f"{field}_{language}": F(field) for field in fields}
            )

    return forwards
