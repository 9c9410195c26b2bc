from itertools import groupby

from django.views.generic import DetailView, ListView

from glossary.linker import name_pattern
from glossary.models import Term
from search import api as search
from search.models import SearchKind

APPEARANCES_LIMIT = 30


class TermIndexView(ListView):
    template_name = "glossary/term_list.html"
    context_object_name = "terms"
    paginate_by = 150

    def get_queryset(self):
        return Term.objects.alphabetical().only("slug", "term", "aliases", "short_definition")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = [
            (letter, list(terms))
            for letter, terms in groupby(context["terms"], key=lambda term: term.initial)
        ]
        context["jump_links"] = Term.objects.letter_pages(self.paginate_by)
        return context


class TermDetailView(DetailView):
    template_name = "glossary/term_detail.html"
    context_object_name = "term"

    def get_queryset(self):
        return Term.objects.with_sources().prefetch_related("related_terms")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appearances"] = self.appearances(self.object)
        return context

    @staticmethod
    def appearances(term):
        """Published articles and lessons that name the term, found with the search index in
        one query. The index matches word forms too, so each candidate is checked for one of
        the term's names as whole words, the same rule the glossary links follow."""
        candidates = search.entries_mentioning(
            term.names, kinds=[SearchKind.ARTICLE, SearchKind.LESSON], limit=APPEARANCES_LIMIT * 2
        )
        pattern = name_pattern(term.names)
        found = [
            entry
            for entry in candidates
            if pattern.search(" ".join((entry.title, entry.summary, entry.body)))
        ]
        return found[:APPEARANCES_LIMIT]
