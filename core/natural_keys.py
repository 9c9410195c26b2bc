"""Natural keys made of a row's own fields and the keys of the rows it belongs to.

The content fixtures name rows by these keys rather than by id. A model lists the fields of its
key in ``natural_key_fields``: a plain field stands for its value, a foreign key for the key of
the row it points to. A question is ``("quiz", "position")``: its quiz's key (the course's slug,
the quiz's slug), then its position. The key and the lookup that finds a row by it are both
read from that one list, so they cannot drift apart.

Django's serializers already put the rows a foreign key points to before the rows that point to
them, so no ``natural_key.dependencies`` are needed.
"""

from django.db import models


def natural_key_lookups(model):
    """The lookups that find a row of ``model`` by its natural key, in the key's order."""
    lookups = []
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            parent_lookups = natural_key_lookups(field.related_model)
            lookups.extend(f"{name}__{lookup}" for lookup in parent_lookups)
        else:
            lookups.append(name)
    return lookups


class NaturalKeyManager(models.Manager):
    """Finds a row by the natural key its model's ``natural_key_fields`` make."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(natural_key_lookups(self.model), key, strict=True)))


class NaturalKeyMixin:
    """Gives a model ``natural_key()`` from its ``natural_key_fields``; pair with
    ``NaturalKeyManager``."""

    natural_key_fields: tuple[str, ...] = ()

    def natural_key(self):
        key = []
        for name in self.natural_key_fields:
            value = getattr(self, name)
            key.extend(value.natural_key() if self._meta.get_field(name).is_relation else [value])
        return tuple(key)
