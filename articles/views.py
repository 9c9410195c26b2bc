from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import KIND_PLURALS, Article, Kind


class VisibleArticlesMixin:
    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)


class ArticleListView(VisibleArticlesMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        articles = super().get_queryset().for_listing()
        self.kind = self.request.GET.get("kind", "")
        if self.kind in Kind.values:
            articles = articles.of_kind(self.kind)
        else:
            self.kind = ""
        self.tag = None
        if tag_slug := self.request.GET.get("tag"):
            # a tag only hidden articles carry is as unknown as one nobody uses
            self.tag = get_object_or_404(super().get_queryset().tags_used(), slug=tag_slug)
            articles = articles.filter(tags=self.tag)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [(kind, KIND_PLURALS[kind]) for kind in Kind]
        context["current_kind"] = self.kind
        context["current_kind_label"] = KIND_PLURALS.get(self.kind, "")
        context["current_tag"] = self.tag
        context["tags"] = super().get_queryset().tags_used()
        return context


class ArticleDetailView(VisibleArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_articles"] = self.object.related_for(self.request.user)
        return context


class DosAndDontsView(VisibleArticlesMixin, ListView):
    template_name = "articles/dos_and_donts.html"

    def get_queryset(self):
        return super().get_queryset().for_listing().filter(kind__in=[Kind.DO, Kind.DONT])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(context["object_list"])
        context["dos"] = [a for a in articles if a.kind == Kind.DO]
        context["donts"] = [a for a in articles if a.kind == Kind.DONT]
        return context


class FaqView(VisibleArticlesMixin, ListView):
    template_name = "articles/faq.html"
    context_object_name = "questions"

    def get_queryset(self):
        return super().get_queryset().of_kind(Kind.FAQ).prefetch_related("sources")
