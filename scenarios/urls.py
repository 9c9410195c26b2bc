from django.urls import path

from scenarios import views

app_name = "scenarios"
urlpatterns = [
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario_detail"),
    path("scenarios/<slug:slug>/start/", views.scenario_start, name="scenario_start"),
    path("scenarios/<slug:slug>/runs/<int:pk>/", views.scenario_run, name="scenario_run"),
    path(
        "scenarios/<slug:slug>/runs/<int:pk>/debrief/",
        views.scenario_debrief,
        name="scenario_debrief",
    ),
]
