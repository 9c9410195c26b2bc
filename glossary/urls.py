from django.urls import path

from glossary import views

app_name = "glossary"
urlpatterns = [
    path("", views.TermIndexView.as_view(), name="term_list"),
    path("<slug:slug>/", views.TermDetailView.as_view(), name="term_detail"),
]
