from http import HTTPStatus

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from taggit.models import Tag

from core import registry
from core.models import Source
from core.site import site_url
from search import api as search
from search.forms import SearchForm


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


class SearchView(TemplateView):
    """Full-text search over articles, glossary terms and lessons (``?q=…&kind=…&page=…``)."""

    template_name = "search.html"
    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        context.update(form=form, max_length=search.MAX_QUERY_LENGTH)
        if not form.is_valid():
            return context
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        results = search.search(text, kind=kind, user=self.request.user)
        page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            query=results.query,
            query_text=text,
            kind=kind,
            kind_label=search.KIND_PLURALS[kind] if kind else "",
            truncated=form.truncated,
            results=results,
            page_obj=page,
            hits=page.object_list,
        )
        if text and not results.query.is_empty and not results.count():
            context["suggestions"] = search.suggest(results.query, names=results.term_names)
        return context


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
            raise Http404("Nothing visible has this tag.")
        context.update(listed, tag=tag)
        return context


def robots_txt(request):
    """Crawlers may read every public page; the admin and search results are off limits."""
    sitemap = site_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('search')}",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
