from django.urls import path

from core.caching import cache_public_page
from courses import report_views, views

app_name = "courses"
urlpatterns = [
    path("courses/", cache_public_page(views.CourseListView.as_view()), name="course_list"),
    path(
        "courses/<slug:slug>/",
        cache_public_page(views.CourseDetailView.as_view()),
        name="course_detail",
    ),
    path("courses/<slug:slug>/enroll/", views.enroll, name="enroll"),
    path("reports/", report_views.ReportListView.as_view(), name="report_list"),
    path(
        "courses/<slug:slug>/report/",
        report_views.CourseReportView.as_view(),
        name="course_report",
    ),
    path(
        "courses/<slug:slug>/report/trainees.csv",
        report_views.CourseReportCsvView.as_view(),
        name="course_report_csv",
    ),
    path(
        "courses/<slug:slug>/report/questions.csv",
        report_views.HardestQuestionsCsvView.as_view(),
        name="hardest_questions_csv",
    ),
    path(
        "courses/<slug:slug>/report/items.csv",
        report_views.ItemAnalysisCsvView.as_view(),
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
]
