from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/<slug:slug>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<slug:slug>/enroll/", views.enroll, name="enroll"),
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
        "courses/<slug:course_slug>/lessons/<slug:slug>/",
        views.LessonDetailView.as_view(),
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
]
