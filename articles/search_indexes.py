"""How articles are searched: see diplomacy_portal.search."""

from taggit.models import Tag

from articles.models import Article, TaggedArticle
from search import api as search
from search.models import SearchKind


class ArticleIndexer(search.Indexer):
    kind = SearchKind.ARTICLE
    model = Article

    def get_queryset(self):
        return Article.objects.prefetch_related("tags")

    def document(self, article):
        return search.Document(
            object_id=article.pk,
            title=article.numbered_title,
            url=article.get_absolute_url(),
            status=article.status,
            published_at=article.published_at,
            summary=article.summary,
            tags=", ".join(tag.name for tag in article.tags.all()),
            body=search.text_from_html(article.body_html),
        )

    def dependencies(self):
        return [
            (TaggedArticle, lambda tagged: [tagged.content_object_id]),
            (Tag, lambda tag: Article.objects.filter(tags=tag).values_list("pk", flat=True)),
        ]


search.register(ArticleIndexer())
