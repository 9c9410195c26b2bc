from django.urls import path

from core.caching import cache_public_page
from search.views import SearchView

urlpatterns = [
    path("search/", cache_public_page(SearchView.as_view()), name="search"),
]
