"""The admin of translated content: English in the plain fields, each translation beside it.

An editor sees "title" (the English text, as in the fixtures), then "title [fr]" and
"title [ar]", on one page, with no tabs and no JavaScript. The plain field always means English,
whatever language the admin itself is shown in: the form reads and writes the ``_en`` column
for it. Change lists say which languages each item is complete in, and filter the items that
miss a translation.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.content_languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    TRANSLATION_LANGUAGES,
    column,
    complete_languages,
    text_fields,
    translated_fields,
)


class EnglishInPlainFields:
    """Form mixin: a translated field's plain name is its English text, the ``_en`` column.

    Without it the plain field would name the active language's column, so an editor using
    the admin in French would read and overwrite the French text in the English field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        for name in self._plain_translated_fields():
            if name not in given:
                self.initial[name] = getattr(self.instance, column(name, DEFAULT_LANGUAGE))

    def _plain_translated_fields(self):
        return [name for name in translated_fields(self._meta.model) if name in self.fields]

    def _post_clean(self):
        for name in self._plain_translated_fields():
            if name in self.cleaned_data:
                setattr(self.instance, column(name, DEFAULT_LANGUAGE), self.cleaned_data[name])
        # The form then sets the plain fields too: with _mt_disable, modeltranslation leaves
        # the language columns alone, and the English one keeps what was just put there.
        self.instance._mt_disable = True
        try:
            super()._post_clean()
        finally:
            self.instance._mt_disable = False


def english_in_plain_fields(form):
    if issubclass(form, EnglishInPlainFields):
        return form
    return type(form.__name__, (EnglishInPlainFields, form), {})


class TranslatedFieldsMixin:
    """For modeltranslation's admin classes: each translated field stays where the admin lists
    it, in English, followed by its translations; the English column is not shown twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = english_in_plain_fields(self.form)

    def replace_orig_field(self, option):
        if not option:
            return option
        names = []
        for name in option:
            if isinstance(name, (list, tuple)):
                names.append(type(name)(self.replace_orig_field(name)))
                continue
            expanded = [name]
            if name in self.trans_opts.all_fields:
                expanded += [column(name, code) for code in TRANSLATION_LANGUAGES]
            names += [each for each in expanded if each not in names]
        for name in [n for n in names if isinstance(n, str) and n.endswith("_preview")]:
            field = name.removesuffix("_preview")  # the English text's preview, under it
            if field in names and field in self.trans_opts.all_fields:
                names.remove(name)
                names.insert(names.index(field) + 1, name)
        return names

    def _exclude_original_fields(self, exclude=None):
        english = [column(name, DEFAULT_LANGUAGE) for name in self.trans_opts.all_fields]
        return (*(exclude or ()), *english)

    def _patch_prepopulated_fields(self):
        """Slugs stay made from the plain (English) field, as declared."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        """A translation's box says its language, and Arabic is written right to left."""
        language = getattr(db_field, "language", None)
        if language is None:
            return
        widget = getattr(field.widget, "widget", field.widget)
        widget.attrs["lang"] = language
        if get_language_info(language)["bidi"]:
            widget.attrs["dir"] = "rtl"


def missing_translation(model, language):
    """Rows of ``model`` with some English text that has no ``language`` translation."""
    condition = Q()
    for name in text_fields(model):
        english, translated = column(name, DEFAULT_LANGUAGE), column(name, language)
        has_english = Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})
        condition |= has_english & (Q(**{f"{translated}__isnull": True}) | Q(**{translated: ""}))
    return condition


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [(code, LANGUAGE_NAMES[code]) for code in TRANSLATION_LANGUAGES]

    def queryset(self, request, queryset):
        if self.value() not in TRANSLATION_LANGUAGES:
            return None
        return queryset.filter(missing_translation(queryset.model, self.value()))


class TranslatedAdmin(TranslatedFieldsMixin, TranslationAdmin):
    """A content model's admin: its translations, the languages each item is complete in, and
    a filter for the items that miss one."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "complete_in"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    @admin.display(description=_("complete in"))
    def complete_in(self, obj):
        return ", ".join(str(LANGUAGE_NAMES[code]) for code in complete_languages(obj)) or "–"


class TranslatedTabularInline(TranslatedFieldsMixin, TranslationTabularInline):
    pass


class TranslatedStackedInline(TranslatedFieldsMixin, TranslationStackedInline):
    pass
