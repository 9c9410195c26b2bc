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
