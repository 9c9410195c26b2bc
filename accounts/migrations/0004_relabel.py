"""The account model that lived in courses now belongs to accounts: its content type follows it,
with the permissions and admin history that point to it (the table keeps its name)."""

from django.db import migrations

from core.relabel import relabel


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("accounts", "0003_editors_scenarios"),
    ]

    operations = [relabel("courses", "accounts", ["user"])]
