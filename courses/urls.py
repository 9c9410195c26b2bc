from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("", views.CourseListView.as_view(), name="course_list"),
    path("<slug:slug>/", views.CourseDetailView.as_view(), name="course_detail"),
    path(
        "<slug:course_slug>/lessons/<slug:slug>/",
        views.LessonDetailView.as_view(),
        name="lesson_detail",
    ),
    path(
        "<slug:course_slug>/quizzes/<slug:slug>/",
        views.QuizDetailView.as_view(),
        name="quiz_detail",
    ),
]
