from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from courses.models import (
    Answer,
    Attempt,
    Certificate,
    Choice,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    Question,
    Quiz,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "date_joined"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["display_name"]}),
    ]


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["position", "title", "slug", "estimated_minutes"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


class QuizInline(admin.TabularInline):
    model = Quiz
    fields = ["title", "slug", "after_lesson", "pass_mark", "reveal", "max_attempts"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after_lesson":
            course_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Lesson.objects.filter(course_id=course_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "lessons_in_order", "estimated_minutes", "published_at"]
    list_filter = ["status", "lessons_in_order"]
    search_fields = ["title", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline, QuizInline]
    ordering = ["title"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position", "estimated_minutes", "updated_at"]
    list_filter = ["course", "tags"]
    list_select_related = ["course"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources", "related_articles"]
    ordering = ["course", "position"]
    fields = [
        "course",
        "title",
        "slug",
        "position",
        "summary",
        "body",
        "estimated_minutes",
        "tags",
        "related_articles",
        "sources",
    ]


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ["position", "kind", "prompt", "explanation"]
    show_change_link = True
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "after_lesson", "pass_mark", "reveal", "max_attempts"]
    list_filter = ["course", "reveal"]
    list_select_related = ["course", "after_lesson"]
    search_fields = ["title", "slug", "course__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    ordering = ["course", "after_lesson__position"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "text", "is_correct", "feedback"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "position", "kind"]
    list_filter = ["kind", "quiz__course"]
    list_select_related = ["quiz"]
    search_fields = ["prompt", "explanation", "quiz__title"]
    inlines = [ChoiceInline]
    ordering = ["quiz", "position"]


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Trainee records are evidence of what people did: visible to admins, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "course", "enrolled_at", "last_activity_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    list_select_related = ["user", "course"]
    search_fields = ["user__username", "user__display_name", "course__title"]


@admin.register(LessonCompletion)
class LessonCompletionAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "lesson", "completed_at"]
    list_filter = ["lesson__course"]
    list_select_related = ["user", "lesson"]
    search_fields = ["user__username", "lesson__title"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "is_correct"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "quiz", "score", "passed", "submitted_at"]
    list_filter = ["passed", "quiz__course"]
    list_select_related = ["user", "quiz"]
    search_fields = ["user__username", "quiz__title"]
    inlines = [AnswerInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyRecordAdmin):
    list_display = ["code", "name", "course", "issued_at"]
    list_filter = ["course"]
    list_select_related = ["course"]
    search_fields = ["code", "name", "user__username"]
