import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Lower, NullIf, Substr, Upper
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import RenderedMarkdownMixin, SlugManager, Source, Timestamped


def split_aliases(text):
    return [alias.strip() for alias in text.split(",") if alias.strip()]


def term_in_language():
    """The term as the current language names it (English where it has no translation), so
    the index sorts and groups by the names it shows."""
    name = f"term_{translation.get_language() or 'en'}"
    return Coalesce(NullIf(name, models.Value("")), "term")


class TermQuerySet(models.QuerySet):
    def with_sources(self):
        return self.prefetch_related("sources")

    def starting_with(self, letter):
        return self.filter(term__istartswith=letter)

    def alphabetical(self):
        return self.order_by(Lower(term_in_language()), term_in_language())

    def letter_pages(self, per_page):
        """``[(letter, page number)]``: where each initial letter starts in the paged index."""
        counts = (
            self.annotate(first=Upper(Substr(term_in_language(), 1, 1)))
            .values("first")
            .annotate(count=models.Count("pk"))
            .order_by("first")
        )
        pages, seen = [], 0
        for row in counts:
            letter = row["first"] if re.match(r"[A-Z]", row["first"] or "") else "#"
            if not pages or pages[-1][0] != letter:
                pages.append((letter, seen // per_page + 1))
            seen += row["count"]
        return pages


class TermManager(SlugManager.from_queryset(TermQuerySet)):
    pass


class Term(RenderedMarkdownMixin, Timestamped):
    term = models.CharField(_("term"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    aliases = models.CharField(
        _("aliases and abbreviations"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, for example: IHL, law of armed conflict"),
    )
    short_definition = models.CharField(
        _("short definition"), max_length=300, help_text=_("One sentence, shown on hover.")
    )
    definition = models.TextField(_("definition (Markdown)"))
    definition_html = models.TextField(editable=False, blank=True)
    related_terms = models.ManyToManyField("self", blank=True, verbose_name=_("related terms"))
    sources = models.ManyToManyField(Source, related_name="terms", verbose_name=_("sources"))

    markdown_fields = ("definition",)
    objects = TermManager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("glossary:term_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def alias_list(self):
        return split_aliases(self.aliases)

    @property
    def names(self):
        """The term and all its aliases: every way the text may name it."""
        return [self.term, *self.alias_list]

    @property
    def initial(self):
        first = self.term[:1].upper()
        return first if re.match(r"[A-Z]", first) else "#"

    def clean(self):
        names = {name.casefold() for name in self.names}
        clashes = [
            other.term
            for other in Term.objects.exclude(pk=self.pk).only("term", "aliases")
            if names & {name.casefold() for name in other.names}
        ]
        if clashes:
            raise ValidationError(
                {"aliases": _("Already used by: %(terms)s") % {"terms": ", ".join(clashes)}}
            )
