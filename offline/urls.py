from django.urls import path

from offline import views

app_name = "offline"
urlpatterns = [
    path("courses/<slug:slug>/offline/", views.pack_detail, name="pack_detail"),
    path("courses/<slug:slug>/offline/download/", views.pack_download, name="pack_download"),
    path("learning/offline-answers/", views.offline_answers, name="offline_answers"),
]
