from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("dos-and-donts/", views.DosAndDontsView.as_view(), name="dos_and_donts"),
    path("faq/", views.FaqView.as_view(), name="faq"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
