"""The search models that lived in the project package ("diplomacy_portal") now belong to the
search app: their content types follow them (the tables keep their names)."""

from django.db import migrations

from core.relabel import relabel


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("search", "0002_search_index_row"),
    ]

    operations = [relabel("diplomacy_portal", "search", ["searchentry", "searchindexrow"])]
