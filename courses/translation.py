"""Which fields of courses, lessons and quizzes are translated (django-modeltranslation reads
this module)."""

from modeltranslation.translator import TranslationOptions, register

from courses.models import Choice, Course, Lesson, Objective, Question, Quiz


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "description_html")


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html")


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("text", "section")


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("situation", "prompt", "explanation", "explanation_html")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "feedback")
