from itertools import groupby

from django.views.generic import DetailView, ListView

from glossary.models import Term


class TermIndexView(ListView):
    template_name = "glossary/term_list.html"
    context_object_name = "terms"

    def get_queryset(self):
        return Term.objects.only("slug", "term", "aliases", "short_definition")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = [
            (letter, list(terms))
            for letter, terms in groupby(context["terms"], key=lambda term: term.initial)
        ]
        return context


class TermDetailView(DetailView):
    template_name = "glossary/term_detail.html"
    context_object_name = "term"

    def get_queryset(self):
        return Term.objects.with_sources().prefetch_related("related_terms")
