from django.urls import path

from articles import views
from articles.feeds import LatestArticlesFeed
from core.caching import cache_public_page

app_name = "articles"
urlpatterns = [
    path("", cache_public_page(views.ArticleListView.as_view()), name="article_list"),
    path(
        "dos-and-donts/", cache_public_page(views.DosAndDontsView.as_view()), name="dos_and_donts"
    ),
    path("faq/", cache_public_page(views.FaqView.as_view()), name="faq"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path(
        "<slug:slug>/", cache_public_page(views.ArticleDetailView.as_view()), name="article_detail"
    ),
]
