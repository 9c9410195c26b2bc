"""django-taggit as the portal installs it: under its own label, named "Tags" in the admin."""

from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = _("Tags")
