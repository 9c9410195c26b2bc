"""Adding the content fixtures to a database without touching what editors have changed."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import transaction

from core.models import LoadedItem

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_paths(directory=FIXTURE_DIR):
    return sorted(directory.glob("*.json"))


class ContentRefused(CommandError):
    """Content a model says is unusable (``content_problems()``): nothing of the run is added.

    A ``CommandError``, so that ``load_content`` prints the reasons rather than a traceback.
    """

    def __init__(self, problems):
        self.problems = problems
        super().__init__("The content was not loaded:\n" + "\n".join(f"- {p}" for p in problems))


def _problems_of(objects):
    """What the added objects' models say is wrong with them, each message once."""
    problems = []
    for obj in objects:
        check = getattr(obj, "content_problems", None)
        for problem in check() if check else ():
            if problem not in problems:
                problems.append(problem)
    return problems


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    skipped: int = 0

    @property
    def total_added(self):
        return sum(self.added.values())


def _deserialize_one(item):
    """The item as a DeserializedObject, or None when an object it points to is gone."""
    try:
        (deserialized,) = serializers.deserialize(
            "json", json.dumps([item]), handle_forward_references=True
        )
    except (DeserializationError, ObjectDoesNotExist):
        return None
    return deserialized


@transaction.atomic
def add_new_content(paths=None):
    """Add every fixture item that has never been loaded into this database.

    An item already in the database (found by its natural key) is left as the editor has it,
    and an item loaded once before is never added again, even if an editor has deleted it
    (nor is anything that belonged to a deleted item). Everything is added in one
    transaction, so a broken fixture adds nothing, and neither does one whose items their
    models refuse (a quiz question nobody could answer right): ``ContentRefused`` says why.
    """
    report = LoadReport()
    deferred, added = [], []
    already_loaded = set(LoadedItem.objects.values_list("model", "key"))
    for path in paths or fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            deserialized = _deserialize_one(item)
            if deserialized is None:
                report.skipped += 1
                continue
            label = deserialized.object._meta.label_lower
            key = json.dumps(list(deserialized.object.natural_key()), ensure_ascii=False)
            if deserialized.object.pk is not None or (label, key) in already_loaded:
                report.skipped += 1
                if (label, key) not in already_loaded:
                    LoadedItem.objects.create(model=label, key=key)
                    already_loaded.add((label, key))
                continue
            deserialized.save()
            added.append(deserialized.object)
            if deserialized.deferred_fields:
                deferred.append(deserialized)
            LoadedItem.objects.create(model=label, key=key)
            already_loaded.add((label, key))
            report.added[label] = report.added.get(label, 0) + 1
    for deserialized in deferred:
        _link_forward_references(deserialized)
    problems = _problems_of(added)
    if problems:
        raise ContentRefused(problems)  # and the transaction adds nothing
    return report


def _link_forward_references(deserialized):
    """Add the links that named items loaded later, skipping any that are gone."""
    for relation, keys in deserialized.deferred_fields.items():
        manager = relation.remote_field.model._default_manager
        if not relation.many_to_many:  # a foreign key, e.g. a question's objective
            try:
                target = manager.get_by_natural_key(*keys)
            except ObjectDoesNotExist:
                continue  # an editor has deleted it: the reference stays empty
            setattr(deserialized.object, relation.name, target)
            deserialized.object.save(update_fields=[relation.name])
            continue
        related = []
        for key in keys:
            try:
                related.append(manager.get_by_natural_key(*key))
            except ObjectDoesNotExist:
                continue  # an editor has deleted it
        getattr(deserialized.object, relation.name).add(*related)
