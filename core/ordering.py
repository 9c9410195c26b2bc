"""Rows kept in order within the row they belong to: a course's lessons, a lesson's objectives,
a quiz's questions and their choices, a scenario's decision points, endings and choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Positioned(models.Model):
    """A row placed among its parent's rows by ``position``, lowest first.

    Each model orders by its parent, then position, and adds ``unique_position`` to its
    constraints, so that no two rows of one parent share a place.
    """

    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        abstract = True


def unique_position(parent, *, name):
    """The constraint that no two rows with the same ``parent`` share a position."""
    return models.UniqueConstraint(fields=[parent, "position"], name=name)


def ordered_within(parent, verbose_name, verbose_name_plural, *constraints, name, **options):
    """The ``Meta`` of a ``Positioned`` model whose rows are kept in order within ``parent``.

    Rows are ordered by parent, then position, and ``unique_position`` (named
    ``<name>_unique_position``) joins the model's other ``constraints``; ``options`` are any
    further Meta options (``db_table``...).
    """
    return type(
        "Meta",
        (),
        {
            "ordering": [parent, "position"],
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
            "constraints": [*constraints, unique_position(parent, name=f"{name}_unique_position")],
            **options,
        },
    )
