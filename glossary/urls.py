from django.urls import path

from core.caching import cache_public_page
from glossary import views

app_name = "glossary"
urlpatterns = [
    path("", cache_public_page(views.TermIndexView.as_view()), name="term_list"),
    path("<slug:slug>/", cache_public_page(views.TermDetailView.as_view()), name="term_detail"),
]
