from django.urls import path

from courses import field_views, scenario_views, views
from diplomacy_portal.caching import cache_public_page

app_name = "courses"
urlpatterns = [
    path("courses/", cache_public_page(views.CourseListView.as_view()), name="course_list"),
    path(
        "courses/<slug:slug>/",
        cache_public_page(views.CourseDetailView.as_view()),
        name="course_detail",
    ),
    path("courses/<slug:slug>/enroll/", views.enroll, name="enroll"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("courses/<slug:slug>/report/", views.CourseReportView.as_view(), name="course_report"),
    path(
        "courses/<slug:slug>/report/trainees.csv",
        views.CourseReportCsvView.as_view(),
        name="course_report_csv",
    ),
    path(
        "courses/<slug:slug>/report/questions.csv",
        views.HardestQuestionsCsvView.as_view(),
        name="hardest_questions_csv",
    ),
    path(
        "courses/<slug:slug>/report/items.csv",
        views.ItemAnalysisCsvView.as_view(),
        name="item_analysis_csv",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:slug>/",
        cache_public_page(views.LessonDetailView.as_view()),
        name="lesson_detail",
    ),
    path(
        "courses/<slug:course_slug>/lessons/<slug:slug>/complete/",
        views.complete_lesson,
        name="lesson_complete",
    ),
    path("courses/<slug:course_slug>/quizzes/<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path(
        "courses/<slug:course_slug>/quizzes/<slug:slug>/attempts/<int:pk>/",
        views.attempt_detail,
        name="attempt_detail",
    ),
    path("learning/", views.dashboard, name="dashboard"),
    path("learning/certificates/<str:code>/", views.certificate, name="certificate"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("accounts/signup/", views.SignUpView.as_view(), name="signup"),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/my-data.json", views.download_my_data, name="my_data"),
    path("accounts/delete/", views.delete_my_account, name="delete_account"),
    # the same address as django.contrib.auth's, which this one overrides
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("scenarios/", scenario_views.scenario_list, name="scenario_list"),
    path("scenarios/<slug:slug>/", scenario_views.scenario_detail, name="scenario_detail"),
    path("scenarios/<slug:slug>/start/", scenario_views.scenario_start, name="scenario_start"),
    path(
        "scenarios/<slug:slug>/runs/<int:pk>/",
        scenario_views.scenario_run,
        name="scenario_run",
    ),
    path(
        "scenarios/<slug:slug>/runs/<int:pk>/debrief/",
        scenario_views.scenario_debrief,
        name="scenario_debrief",
    ),
]

# In the field: offline packs and their codes, pocket cards, certificates that verify offline.
urlpatterns += [
    path("courses/<slug:slug>/offline/", field_views.pack_detail, name="pack_detail"),
    path("courses/<slug:slug>/offline/download/", field_views.pack_download, name="pack_download"),
    path("learning/offline-answers/", field_views.offline_answers, name="offline_answers"),
    path("cards/", cache_public_page(field_views.card_list), name="card_list"),
    path("cards/<slug:card>/", cache_public_page(field_views.card_detail), name="card_detail"),
    path("cards/<slug:card>.pdf", field_views.card_pdf, name="card_pdf"),
    path(
        "courses/<slug:slug>/key-terms/",
        cache_public_page(field_views.course_terms_card),
        name="course_terms_card",
    ),
    path(
        "courses/<slug:slug>/key-terms.pdf",
        field_views.course_terms_pdf,
        name="course_terms_pdf",
    ),
    # Before ``<code>.json``, which would otherwise take "public-key" for a code.
    path(
        "certificates/public-key.pem",
        field_views.public_key_pem,
        name="certificate_public_key",
    ),
    path(
        "certificates/public-key.json",
        field_views.public_key_json,
        name="certificate_public_key_json",
    ),
    path("certificates/<str:code>.json", field_views.certificate_json, name="certificate_json"),
]
