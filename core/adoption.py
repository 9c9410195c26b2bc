"""Databases made before the apps were redrawn: their migrations are adopted under new names.

The models of the project package ("diplomacy_portal") moved to ``core``, ``search`` and
``accounts`` with their migrations, and the account model moved from ``courses`` to
``accounts``. Their tables are unchanged, so on a database whose history records the old
migration, the new one that stands for it is recorded as applied without running it. Every
moved table keeps its name, and what refers to it is relabelled by ordinary migrations that do
run (``core.relabel``).
"""

from django.db.migrations.recorder import MigrationRecorder

# new migration: the old one it stands for
ADOPTED = {
    ("core", "0001_initial"): ("diplomacy_portal", "0001_initial"),
    ("search", "0001_initial"): ("diplomacy_portal", "0002_search_entry"),
    ("core", "0002_content_version"): ("diplomacy_portal", "0003_content_version"),
    ("accounts", "0002_roles"): ("diplomacy_portal", "0004_roles"),
    ("search", "0002_search_index_row"): ("diplomacy_portal", "0005_search_index_row"),
    ("accounts", "0003_editors_scenarios"): ("diplomacy_portal", "0006_editors_scenarios"),
    ("accounts", "0001_initial"): ("courses", "0001_initial"),
}


def adopt_moved_migrations(connection):
    """Record each new migration whose old counterpart is applied; return what was recorded."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    applied = set(recorder.applied_migrations())
    adopted = [new for new, old in ADOPTED.items() if old in applied and new not in applied]
    for app_label, name in adopted:
        recorder.record_applied(app_label, name)
    return adopted
