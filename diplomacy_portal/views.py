from http import HTTPStatus

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles.models import Article, Kind
from courses.models import Course
from diplomacy_portal.models import Source
from glossary.models import Term


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = Article.objects.published().for_listing()
        context["principles"] = articles.of_kind(Kind.PRINCIPLE)[:7]
        context["case_studies"] = articles.of_kind(Kind.CASE_STUDY)[:4]
        context["courses"] = Course.objects.published().only("slug", "title", "summary")[:6]
        context["term_count"] = Term.objects.count()
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
