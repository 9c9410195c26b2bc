from django.urls import path

from cards import views
from core.caching import cache_public_page

app_name = "cards"
urlpatterns = [
    path("cards/", cache_public_page(views.card_list), name="card_list"),
    path("cards/<slug:card>/", cache_public_page(views.card_detail), name="card_detail"),
    path("cards/<slug:card>.pdf", views.card_pdf, name="card_pdf"),
    path(
        "courses/<slug:slug>/key-terms/",
        cache_public_page(views.course_terms_card),
        name="course_terms_card",
    ),
    path("courses/<slug:slug>/key-terms.pdf", views.course_terms_pdf, name="course_terms_pdf"),
]
