"""A deterministic synthetic data set on top of the real content, for measuring at size.

Every synthetic row is marked by the ``scale-`` prefix of its slug or username, so that it
can be told apart from editors' content and removed again.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from articles.models import Article, Kind, TaggedArticle
from core.markdown import render_markdown
from core.models import ContentVersion, LoadedItem, Source, Status
from courses.models import (
    Attempt,
    Choice,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    Question,
    QuestionKind,
    Quiz,
)
from glossary.models import Term

PREFIX = "scale-"
BATCH = 2000
WORDS = [
    "access",
    "negotiation",
    "counterpart",
    "principle",
    "neutrality",
    "impartiality",
    "independence",
    "humanity",
    "protection",
    "civilians",
    "ceasefire",
    "mediation",
    "dialogue",
    "trust",
    "leverage",
    "authorities",
    "convoy",
    "checkpoint",
    "ministry",
    "envoy",
    "agreement",
    "monitoring",
    "accountability",
    "harm",
    "assessment",
    "community",
    "partner",
    "security",
    "staff",
    "visa",
    "permit",
    "donor",
    "coordination",
    "cluster",
    "report",
    "evidence",
]


@dataclass(frozen=True)
class ScaleSize:
    articles: int
    terms: int
    courses: int
    lessons_per_course: int
    trainees: int
    attempts: int

    @classmethod
    def for_factor(cls, factor):
        def scaled(count):
            return max(1, round(count * factor))

        return cls(
            articles=scaled(10_000),
            terms=scaled(2_000),
            courses=scaled(100),
            lessons_per_course=20,
            trainees=scaled(10_000),
            attempts=scaled(100_000),
        )


class EditorContentPresent(Exception):
    """The database holds content or accounts that did not come from the fixtures."""


def editor_content_present():
    """True when the database holds anything an editor or a person made."""
    loaded = set(LoadedItem.objects.values_list("model", "key"))
    for model in (Article, Term, Course):
        label = model._meta.label_lower
        for slug in model.objects.exclude(slug__startswith=PREFIX).values_list("slug", flat=True):
            if (label, f'["{slug}"]') not in loaded:
                return True
    return User.objects.exclude(username__startswith=PREFIX).exists()


def remove_scale_data():
    with transaction.atomic():
        Attempt.objects.filter(user__username__startswith=PREFIX).delete()
        LessonCompletion.objects.filter(user__username__startswith=PREFIX).delete()
        Enrollment.objects.filter(user__username__startswith=PREFIX).delete()
        User.objects.filter(username__startswith=PREFIX).delete()
        Quiz.objects.filter(course__slug__startswith=PREFIX).update(after_lesson=None)
        Course.objects.filter(slug__startswith=PREFIX).delete()
        Article.objects.filter(slug__startswith=PREFIX).delete()
        Term.objects.filter(slug__startswith=PREFIX).delete()


class ScaleDataBuilder:
    def __init__(self, factor, seed=1):
        self.size = ScaleSize.for_factor(factor)
        self.random = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.now = timezone.now().replace(microsecond=0)

    def text(self, words):
        return " ".join(self.random.choice(WORDS) for _ in range(words))

    def markdown_body(self, paragraphs=4):
        parts = [f"## {self.text(3).capitalize()}"]
        parts += [self.text(60).capitalize() + "." for _ in range(paragraphs)]
        return "\n\n".join(parts)

    @transaction.atomic
    def build(self):
        sources = list(Source.objects.all()[:5])
        self.build_articles(sources)
        self.build_terms(sources)
        lessons_by_course, quizzes = self.build_courses(sources)
        self.build_trainees(lessons_by_course, quizzes)
        ContentVersion.bump()  # bulk inserts send no signals: cached pages must go stale here
        return self.size

    def build_articles(self, sources):
        kinds = [Kind.CASE_STUDY, Kind.EXPLAINER]
        articles = []
        for number in range(self.size.articles):
            body = self.markdown_body()
            articles.append(
                Article(
                    title=f"{self.text(4).capitalize()} {number}",
                    slug=f"{PREFIX}article-{number}",
                    kind=kinds[number % 2],
                    position=0,
                    summary=self.text(25).capitalize() + ".",
                    body=body,
                    body_html=render_markdown(body),
                    status=Status.PUBLISHED,
                    published_at=self.now - timedelta(days=number % 700),
                )
            )
        Article.objects.bulk_create(articles, batch_size=BATCH)
        articles = list(Article.objects.filter(slug__startswith=PREFIX).only("pk"))
        source_links = Article.sources.through
        source_links.objects.bulk_create(
            [
                source_links(article_id=a.pk, source_id=sources[i % len(sources)].pk)
                for i, a in enumerate(articles)
            ],
            batch_size=BATCH,
        )
        tags = list(Tag.objects.all())
        if tags:
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object_id=a.pk, tag_id=tags[i % len(tags)].pk)
                    for i, a in enumerate(articles)
                ],
                batch_size=BATCH,
            )

    def build_terms(self, sources):
        terms = []
        for number in range(self.size.terms):
            definition = self.text(80).capitalize() + "."
            terms.append(
                Term(
                    term=f"Scale term {number:05d}",
                    slug=f"{PREFIX}term-{number}",
                    aliases=f"ST{number:05d}",
                    short_definition=self.text(15).capitalize() + ".",
                    definition=definition,
                    definition_html=render_markdown(definition),
                )
            )
        Term.objects.bulk_create(terms, batch_size=BATCH)
        links = Term.sources.through
        links.objects.bulk_create(
            [
                links(term_id=pk, source_id=sources[i % len(sources)].pk)
                for i, pk in enumerate(
                    Term.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True)
                )
            ],
            batch_size=BATCH,
        )

    def build_courses(self, sources):
        Course.objects.bulk_create(
            [
                Course(
                    title=f"Scale course {number}",
                    slug=f"{PREFIX}course-{number}",
                    summary=self.text(20).capitalize() + ".",
                    description=self.text(60),
                    description_html=render_markdown(self.text(60)),
                    status=Status.PUBLISHED,
                    published_at=self.now - timedelta(days=1),
                )
                for number in range(self.size.courses)
            ]
        )
        courses = list(Course.objects.filter(slug__startswith=PREFIX).order_by("pk"))
        lessons = []
        for course in courses:
            for position in range(1, self.size.lessons_per_course + 1):
                body = self.markdown_body(6)
                lessons.append(
                    Lesson(
                        course=course,
                        title=f"Lesson {position}: {self.text(3)}",
                        slug=f"lesson-{position}",
                        position=position,
                        body=body,
                        body_html=render_markdown(body),
                        estimated_minutes=15,
                    )
                )
        Lesson.objects.bulk_create(lessons, batch_size=BATCH)
        lessons_by_course = {}
        for lesson in Lesson.objects.filter(course__in=courses).order_by("position"):
            lessons_by_course.setdefault(lesson.course_id, []).append(lesson)
        quizzes = []
        for course in courses:
            course_lessons = lessons_by_course[course.pk]
            for index, lesson in enumerate(course_lessons[4::5], 1):
                quizzes.append(
                    Quiz(
                        course=course,
                        title=f"Check {index}",
                        slug=f"check-{index}",
                        after_lesson=lesson,
                    )
                )
            quizzes.append(Quiz(course=course, title="Final quiz", slug="final-quiz"))
        Quiz.objects.bulk_create(quizzes, batch_size=BATCH)
        quizzes = list(Quiz.objects.filter(course__in=courses))
        questions = [
            Question(
                quiz=quiz,
                position=position,
                kind=QuestionKind.SINGLE,
                prompt=self.text(12).capitalize() + "?",
                explanation_html="",
            )
            for quiz in quizzes
            for position in range(1, 6)
        ]
        Question.objects.bulk_create(questions, batch_size=BATCH)
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    position=position,
                    text=self.text(6),
                    is_correct=position == 1,
                )
                for question in Question.objects.filter(quiz__in=quizzes)
                for position in range(1, 5)
            ],
            batch_size=BATCH,
        )
        return lessons_by_course, quizzes

    def build_trainees(self, lessons_by_course, quizzes):
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    username=f"{PREFIX}trainee-{number}",
                    display_name=f"Trainee {number}",
                    password=unusable,
                )
                for number in range(self.size.trainees)
            ],
            batch_size=BATCH,
        )
        users = list(User.objects.filter(username__startswith=PREFIX).values_list("pk", flat=True))
        course_ids = list(lessons_by_course)
        quizzes_by_course = {}
        for quiz in quizzes:
            quizzes_by_course.setdefault(quiz.course_id, []).append(quiz.pk)
        enrollments, completions, pairs = [], [], []
        for index, user_id in enumerate(users):
            for course_id in {course_ids[(index + k * 7) % len(course_ids)] for k in range(3)}:
                enrollments.append(Enrollment(user_id=user_id, course_id=course_id))
                for lesson in lessons_by_course[course_id][: 1 + index % 5]:
                    completions.append(LessonCompletion(user_id=user_id, lesson_id=lesson.pk))
                pairs.extend((user_id, quiz_id) for quiz_id in quizzes_by_course[course_id])
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
        LessonCompletion.objects.bulk_create(completions, batch_size=BATCH)
        attempts = []
        for number in range(self.size.attempts):
            user_id, quiz_id = pairs[number % len(pairs)]
            correct = self.random.randint(0, 5)
            attempts.append(
                Attempt(
                    user_id=user_id,
                    quiz_id=quiz_id,
                    token=f"{PREFIX}{number}",
                    correct_count=correct,
                    question_count=5,
                    score=correct * 20,
                    passed=correct >= 4,
                    submitted_at=self.now - timedelta(minutes=number),
                )
            )
        Attempt.objects.bulk_create(attempts, batch_size=BATCH)
