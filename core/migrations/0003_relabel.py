"""The models that lived in the project package ("diplomacy_portal") now belong to core: their
content types and load_content's records follow them (the tables keep their names)."""

from django.db import migrations

from core.relabel import relabel


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_content_version"),
    ]

    operations = [relabel("diplomacy_portal", "core", ["source", "loadeditem", "contentversion"])]
