from django.core.paginator import Paginator
from django.views.generic import TemplateView

from search import api as search
from search.forms import SearchForm


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
