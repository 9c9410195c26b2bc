"""Field declarations that several apps' models make the same way."""

from django.db import models


def optional_link(to, on_delete, related_name, verbose_name, **options):
    """A foreign key that may be left empty, in the database and in forms."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )
