from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models.functions import Greatest
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.content_languages import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, column, translated_fields
from core.markdown import markdown_problems, render_markdown


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key the content fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    """A document that portal content is drawn from, and that content pages cite."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author or publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = SlugManager()

    class Meta:
        db_table = "diplomacy_portal_source"
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1800, year__lte=2100),
                name="source_year_in_range",
            )
        ]

    def __str__(self):
        return self.citation

    def natural_key(self):
        return (self.slug,)

    @property
    def citation(self):
        parts = [self.author] if self.author else []
        parts.append(f"({self.year})" if self.year else "(n.d.)")
        parts.append(f"“{self.title}”")
        return " ".join(parts)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Published rows for everyone; drafts too for staff, who preview them."""
        if user.is_staff:
            return self.all()
        return self.published()


class Publishable(models.Model):
    """Draft/published status with a publication date, shared by articles and courses."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class RenderedMarkdownMixin:
    """Keeps each ``<field>_html`` rendered from its Markdown ``<field>``, in every language.

    A translated field is rendered per language (``body_fr`` into ``body_html_fr``), links to
    site paths pointing to that language's pages. The rendering happens in a ``pre_save``
    receiver rather than in ``save()`` so that fixtures, which Django saves raw, are rendered
    too.
    """

    markdown_fields: tuple[str, ...] = ()

    def _markdown_columns(self):
        """``(error key, Markdown column, HTML column, language)`` for each rendered text: the
        English text's errors go on the plain field, as forms show English there."""
        translated = translated_fields(type(self))
        for field in self.markdown_fields:
            if field not in translated:
                yield field, field, f"{field}_html", None
                continue
            for code in CONTENT_LANGUAGES:
                key = field if code == DEFAULT_LANGUAGE else column(field, code)
                yield key, column(field, code), column(f"{field}_html", code), code

    def clean_fields(self, exclude=None):
        """Refuse Markdown the renderer cannot take quickly, with the reason on its field.

        Checked with the fields rather than in ``clean()``, which models override.
        """
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for key, source, _html, _code in self._markdown_columns():
            if key in errors or (exclude and key in exclude):
                continue
            problems = markdown_problems(getattr(self, source))
            if problems:
                errors[key] = problems
        if errors:
            raise ValidationError(errors)

    def render_markdown_fields(self):
        for _key, source, html, code in self._markdown_columns():
            setattr(self, html, render_markdown(getattr(self, source), language=code))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            rendered = {html for _key, _source, html, _code in self._markdown_columns()}
            rendered.update(f"{field}_html" for field in self.markdown_fields)
            kwargs["update_fields"] = {*update_fields, *rendered}
        super().save(*args, **kwargs)


def _fill_english_defaults(instance):
    """An English column left unset (a row made without that field) gets the field's default,
    as the field itself would: NULL is for a translation not yet written."""
    for name in translated_fields(type(instance)):
        english = column(name, DEFAULT_LANGUAGE)
        if getattr(instance, english) is None:
            model_field = instance._meta.get_field(name)
            if not model_field.null:
                setattr(instance, english, model_field.get_default())


@receiver(pre_save)
def prepare_content_for_save(sender, instance, **kwargs):
    _fill_english_defaults(instance)
    if isinstance(instance, RenderedMarkdownMixin):
        instance.render_markdown_fields()
    if isinstance(instance, Timestamped):
        instance.updated_at = timezone.now()


class LoadedItem(models.Model):
    """A fixture item that ``load_content`` has added once; it is never added again.

    Remembering what was loaded lets a re-run add only items new in the fixtures, without
    re-creating what an editor deleted or overwriting what an editor changed.
    """

    model = models.CharField(_("model"), max_length=100)
    key = models.CharField(_("key"), max_length=500)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    # The row as ``load_content`` last wrote it (core.content.fingerprint): while the row still
    # matches, no editor has changed it, and translations added to the fixtures may reach it.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, editable=False)

    class Meta:
        db_table = "diplomacy_portal_loadeditem"
        verbose_name = _("loaded content item")
        verbose_name_plural = _("loaded content items")
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="loaded_item_unique_key")
        ]

    def __str__(self):
        return f"{self.model} {self.key}"


class ContentVersion(models.Model):
    """A number that grows whenever any public content changes, and never comes round again.

    Cached public pages carry it in their cache key, so one update makes every cached page
    stale at once, in every worker and on every host that shares the database.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        db_table = "diplomacy_portal_contentversion"
        verbose_name = _("content version")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        # Read on every view of a cached page, so a plain statement spares the ORM's work.
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} ORDER BY id LIMIT 1")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls):
        # Taken from the clock, not just one more: a change rolled back leaves no trace, and a
        # number it took must not come round again, or what was cached under it would show.
        now = timezone.now()
        clock = int(now.timestamp() * 1_000_000)
        number = Greatest(models.F("number") + 1, models.Value(clock))
        if not cls.objects.filter(pk=1).update(number=number, changed_at=now):
            cls.objects.get_or_create(pk=1, defaults={"number": clock})
