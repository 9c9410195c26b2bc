"""How glossary terms are searched: see diplomacy_portal.search."""

from core.models import Status
from glossary.models import Term
from search import api as search
from search.models import SearchKind


class TermIndexer(search.Indexer):
    """Terms have no drafts: every term is public from the moment it is saved."""

    kind = SearchKind.TERM
    model = Term

    def document(self, term):
        return search.Document(
            object_id=term.pk,
            title=term.term,
            url=term.get_absolute_url(),
            status=Status.PUBLISHED,
            published_at=term.created_at,
            keywords=", ".join(term.alias_list),
            summary=term.short_definition,
            body=search.text_from_html(term.definition_html),
        )


search.register(TermIndexer())
