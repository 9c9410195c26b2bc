from collections import Counter, defaultdict

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin_translations import TranslatedAdmin
from core.markdown import markdown_problems, render_markdown
from core.models import LoadedItem, Source

admin.site.site_header = _("Diplomacy Portal administration")
admin.site.site_title = _("Diplomacy Portal")
admin.site.index_title = _("Diplomacy Portal")


# Markdown fields. Each is rendered and sanitised on save into ``<field>_html`` by the same
# renderer as the site (diplomacy_portal/markdown.py); the admin shows a short syntax help under
# the field and, once saved, a preview of that stored HTML.


def markdown_help():
    return format_html(
        "{}<br><code>## {}</code> · <code>*{}*</code> · <code>**{}**</code> · "
        "<code>[{}](https://…)</code> · <code>- {}</code> · <code>1. {}</code><br>{}",
        gettext("Markdown:"),
        gettext("Heading"),
        gettext("italics"),
        gettext("bold"),
        gettext("link text"),
        gettext("list item"),
        gettext("numbered item"),
        gettext(
            "In articles, lessons and glossary definitions a glossary term is linked on its "
            "first mention by itself; elsewhere, or to link it yourself, write "
            "[term](/glossary/its-slug/). A blank line starts a new paragraph. HTML other than "
            "simple formatting is removed."
        ),
    )


class MarkdownHelpMixin:
    """Adds the Markdown syntax help to every Markdown field of the admin's model."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        name = getattr(db_field, "translated_field", db_field).name  # body_fr is body too
        if formfield is not None and name in getattr(self.model, "markdown_fields", ()):
            own = formfield.help_text
            help_text = markdown_help()
            formfield.help_text = format_html("{}<br>{}", own, help_text) if own else help_text
        return formfield

    def get_fields(self, request, obj=None):
        """Each ``<field>_preview`` right under its field."""
        fields = list(super().get_fields(request, obj))
        for preview in [name for name in fields if str(name).endswith("_preview")]:
            field = preview.removesuffix("_preview")
            if field in fields:
                fields.remove(preview)
                fields.insert(fields.index(field) + 1, preview)
        return fields

    class Media:
        css = {"all": ["css/admin.css"]}
        js = [forms.Script("js/admin-preview.js", defer=True)]


def markdown_preview(field):
    """A read-only admin field showing ``field`` as the site shows it: its stored ``_html``."""

    @admin.display(description=_("preview as saved"))
    def preview(model_admin, obj):
        if obj is None or obj.pk is None:
            shown = gettext("Save and continue editing to see a preview of this text.")
        else:
            # Rendered by render_markdown on save and sanitised by nh3 against its allow-list;
            # the English text's (shown under the plain field) where the field is translated.
            html = getattr(obj, f"{field}_html_en", None) or getattr(obj, f"{field}_html")
            shown = mark_safe(html) or "-"  # noqa: S308
        # admin-preview.js adds a button that shows the text being edited here instead.
        return format_html(
            '<div class="markdown-preview" data-preview-url="{}">{}</div>',
            reverse("admin_markdown_preview"),
            shown,
        )

    return preview


@require_POST
def markdown_preview_view(request):
    """The Markdown posted as ``text``, rendered and sanitised as the site would store it.

    For staff only (the admin's login wraps it) and CSRF-protected like every admin form; text
    over the renderer's bounds gets a 400 saying why.
    """
    text = request.POST.get("text", "")
    problems = markdown_problems(text)
    if problems:
        return HttpResponseBadRequest(" ".join(problems), content_type="text/plain; charset=utf-8")
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")


@admin.register(Source)
class SourceAdmin(TranslatedAdmin):
    list_display = ["title", "author", "year", "slug"]
    search_fields = ["title", "author", "slug"]
    list_filter = ["year"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["title"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(LoadedItem)
class LoadedItemAdmin(admin.ModelAdmin):
    """Read-only record of what the content loader has added, so editors can see it."""

    list_display = ["model", "key", "loaded_at"]
    list_filter = ["model"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Editors see content, never trainees' records: what they may not view is neither named nor
# linked, on the admin's "view on site" shortcut or on a delete confirmation.


def may_view(user, model):
    """Whether the user may see rows of ``model`` in the admin (view or change permission)."""
    opts = model._meta
    if opts.auto_created:  # a many-to-many table: visible when both its ends are
        return all(
            may_view(user, field.related_model) for field in opts.fields if field.is_relation
        )
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def view_on_site(request, content_type_id, object_id):
    """Django's shortcut to an object's page, for objects the user may see in the admin."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is None or not may_view(request.user, model):
        raise Http404(gettext("There is no such page."))
    return contenttype_views.shortcut(request, content_type_id, object_id)


def _count_line(model, count):
    opts = model._meta
    return ngettext(
        "%(count)d %(name)s (a trainee's record, not shown)",
        "%(count)d %(name)s (trainees' records, not shown)",
        count,
    ) % {"count": count, "name": opts.verbose_name if count == 1 else opts.verbose_name_plural}


def _without_hidden(nested):
    """The nested list of ``NestedObjects.nested`` without the hidden items (None) and their
    own related items."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            if kept and kept[-1] is not None:
                kept.append(_without_hidden(item))
            continue
        kept.append(item)
    return [item for item in kept if item is not None]


def deleted_objects_for(objs, request, admin_site):
    """What Django's ``get_deleted_objects`` returns, with the objects of models the user may
    not view counted by model instead of listed by name."""
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(obj._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()
    hidden = Counter()

    def format_callback(obj):
        model, opts = type(obj), obj._meta
        registered = admin_site.is_registered(model)
        if registered and not admin_site.get_model_admin(model).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        if not may_view(request.user, model):
            return None
        if registered:
            try:
                url = reverse(
                    f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                )
            except NoReverseMatch:
                pass
            else:
                return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)
        return f"{capfirst(opts.verbose_name)}: {obj}"

    def count_hidden(objects):
        for obj in objects:
            if not may_view(request.user, type(obj)):
                hidden[type(obj)] += 1

    to_delete = _without_hidden(collector.nested(format_callback))
    for objects in collector.model_objs.values():
        count_hidden(objects)
    to_delete += [_count_line(model, count) for model, count in hidden.items()]
    protected_hidden = Counter(
        type(obj) for obj in collector.protected if not may_view(request.user, type(obj))
    )
    protected = [
        format_callback(obj) for obj in collector.protected if may_view(request.user, type(obj))
    ] + [_count_line(model, count) for model, count in protected_hidden.items()]
    model_count = {
        model._meta.verbose_name_plural: len(objects)
        for model, objects in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected


class HidesTraineeRecordsAdmin(admin.ModelAdmin):
    """A content admin whose delete confirmations count trainees' records without naming them."""

    def get_deleted_objects(self, objs, request):
        return deleted_objects_for(objs, request, self.admin_site)


def kept_forms(formset):
    """The forms of a valid formset that will be saved: not deleted, not left empty."""
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class PositionsFormSet(BaseInlineFormSet):
    """Inline rows that each need their own position: a duplicate gets a plain message on the
    position field of each row that has it, instead of a message about the whole table."""

    def validate_unique(self):
        by_position = defaultdict(list)
        for form in kept_forms(self):
            if form.cleaned_data.get("position") is not None:
                by_position[form.cleaned_data["position"]].append(form)
        duplicates = [(p, rows) for p, rows in by_position.items() if len(rows) > 1]
        for position, rows in duplicates:
            for form in rows:
                form.add_error(
                    "position",
                    gettext(
                        "Another %(name)s here has position %(position)d too. Give each its own "
                        "position."
                    )
                    % {"name": self.model._meta.verbose_name, "position": position},
                )
        if not duplicates:  # the other unique checks once positions are sorted out
            super().validate_unique()


class OwnPagePositionForm(forms.ModelForm):
    """A record edited on its own page whose position must be free among its parent's: a taken
    position gets a plain message on the position field, instead of a message about the whole
    form (or, where the parent is read-only and so left out of the form's checks, a failed
    save)."""

    position_parent = None  # the foreign key within which each position is unique

    def clean(self):
        cleaned_data = super().clean()
        position, parent = cleaned_data.get("position"), self.position_parent
        if parent in self.fields:
            parent_id = getattr(cleaned_data.get(parent), "pk", None)
        else:
            parent_id = getattr(self.instance, f"{parent}_id")
        if position is None or parent_id is None:
            return cleaned_data
        model = self._meta.model
        others = model._default_manager.filter(**{parent: parent_id, "position": position})
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "position",
                gettext("Another %(name)s of this %(parent)s already has position %(position)d.")
                % {
                    "name": model._meta.verbose_name,
                    "parent": model._meta.get_field(parent).related_model._meta.verbose_name,
                    "position": position,
                },
            )
        return cleaned_data


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Trainee records are evidence of what people did: visible to admins, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
