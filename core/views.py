from http import HTTPStatus

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from taggit.models import Tag

from core import registry
from core.models import Source
from core.site import site_url


class HomeView(TemplateView):
    """The entry points: each app's section of the home page (``core.registry``)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update((name, section()) for name, section in registry.HOME_SECTIONS.items())
        return context


class SourceListView(TemplateView):
    template_name = "sources.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = Source.objects.all()
        return context


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE)
    return JsonResponse({"status": "ok"})


class TagDetailView(TemplateView):
    """Everything with one tag the visitor may see, as each app lists it (``core.registry``)."""

    template_name = "tag_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        listed = {
            name: list(listing.visible(tag, self.request.user))
            for name, listing in registry.TAG_LISTINGS.items()
        }
        if not any(listed.values()):
            raise Http404(_("Nothing visible has this tag."))
        context.update(listed, tag=tag)
        return context


def robots_txt(request):
    """Crawlers may read every public page; the admin and search results are off limits."""
    sitemap = site_url(reverse("sitemap"))
    searches = []
    for code, _name in settings.LANGUAGES:  # search results in every language
        with translation.override(code):
            searches.append(f"Disallow: {reverse('search')}")
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}", *searches]
    lines.append(f"Sitemap: {sitemap}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
