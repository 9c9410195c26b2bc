"""Building a course's offline pack, keeping it, and telling a trainee when it changed.

A pack is one HTML file holding a whole course: its lessons, the glossary terms they use with
their definitions, the sources, the quizzes (without anything that tells a right answer from a
wrong one), its styles and a small script. Links are made to work offline by
``offline.pack_links``; options are named as ``offline.options`` says.

A pack is built on request and cached under the site's content version (which changes whenever
any content is saved); its *version* is a hash of what it holds, so a pack rebuilt from
unchanged content keeps its version, and a trainee is told of a newer one only when the course,
its quizzes or its terms really changed.
"""

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.cache_keys import OFFLINE_PACK
from courses import grading
from courses.models import Question, Quiz
from glossary.linker import link_terms
from glossary.models import Term
from offline.codes import CODE_PREFIX
from offline.models import PackDownload
from offline.options import input_name, questions_in_order, shown_options
from offline.pack_links import pack_links, portal_route, terms_used

PACK_TIMEOUT = 24 * 60 * 60
VERSION_PLACEHOLDER = "PACKVERSION0000000"
SUBMIT_URL_PLACEHOLDER = "https://portal.invalid/offline-answers/"
STORAGE_PREFIX = "diplomacy-portal-pack:"


@dataclass
class PackQuestion:
    question: Question
    name: str
    input_type: str
    options: list


@dataclass
class PackQuiz:
    quiz: Quiz
    questions: list


@dataclass
class PackLesson:
    lesson: object
    html: str
    sources: list
    quizzes: list = field(default_factory=list)


@dataclass(frozen=True)
class Pack:
    course_slug: str
    version: str
    content_date: datetime
    html: bytes
    gzip_size: int

    @property
    def size(self):
        return len(self.html)

    @property
    def filename(self):
        return f"{self.course_slug}-offline-{self.version}.html"


def _pack_context(course):
    lessons = list(course.lessons.prefetch_related("sources").order_by("position"))
    quizzes = list(
        course.quizzes.prefetch_related(questions_in_order()).order_by(
            "after_lesson__position", "slug"
        )
    )
    linked = {lesson.pk: link_terms(lesson.body_html) for lesson in lessons}
    slugs = terms_used([course.description_html, *(lesson.body_html for lesson in lessons)])
    terms = list(Term.objects.filter(slug__in=slugs).prefetch_related("sources").order_by("term"))
    term_slugs = {term.slug for term in terms}
    lesson_slugs = {lesson.slug for lesson in lessons}
    quiz_slugs = {quiz.slug for quiz in quizzes}

    def target_for(href):
        if href.startswith("#"):
            return href
        route = portal_route(href)
        if route is None:
            return None
        name, kwargs = route
        slug = kwargs.get("slug")
        same_course = kwargs.get("course_slug") == course.slug
        if name == "glossary:term_detail" and slug in term_slugs:
            return f"#term-{slug}"
        if name == "courses:lesson_detail" and same_course and slug in lesson_slugs:
            return f"#lesson-{slug}"
        if name == "courses:quiz_detail" and same_course and slug in quiz_slugs:
            return f"#quiz-{slug}"
        if name == "courses:course_detail" and slug == course.slug:
            return "#top"
        return None

    def pack_quiz(quiz):
        questions = []
        for question in quiz.questions.all():
            questions.append(
                PackQuestion(
                    question=question,
                    name=input_name(quiz, question),
                    input_type="checkbox" if grading.takes_several(question) else "radio",
                    options=shown_options(question, shuffle=quiz.shuffle_choices),
                )
            )
        return PackQuiz(quiz=quiz, questions=questions)

    sources = {}
    pack_lessons = []
    for lesson in lessons:
        lesson_sources = list(lesson.sources.all())
        for source in lesson_sources:
            sources.setdefault(source.slug, source)
        pack_lessons.append(
            PackLesson(
                lesson=lesson,
                html=pack_links(linked[lesson.pk], target_for),
                sources=lesson_sources,
                quizzes=[pack_quiz(q) for q in quizzes if q.after_lesson_id == lesson.pk],
            )
        )
    final_quizzes = [pack_quiz(q) for q in quizzes if q.after_lesson_id is None]
    pack_terms = []
    for term in terms:
        for source in term.sources.all():
            sources.setdefault(source.slug, source)
        pack_terms.append((term, pack_links(term.definition_html, target_for)))
    content_date = max(
        [course.updated_at, *(lesson.updated_at for lesson in lessons)]
        + [term.updated_at for term in terms]
    )
    return {
        "course": course,
        "description_html": pack_links(course.description_html, target_for),
        "lessons": pack_lessons,
        "final_quizzes": final_quizzes,
        "terms": pack_terms,
        "sources": sorted(sources.values(), key=lambda source: source.citation.casefold()),
        "content_date": content_date,
        "quiz_count": len(quizzes),
    }


def build_pack(course, *, submit_url):
    """Render the pack (uncached). ``submit_url`` is the portal's absolute confirmation URL."""
    context = _pack_context(course)
    context.update(
        version=VERSION_PLACEHOLDER,
        submit_url=SUBMIT_URL_PLACEHOLDER,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        language_bidi=translation.get_language_bidi(),
        content_date_text=formats.date_format(context["content_date"], "DATE_FORMAT"),
        data={
            "course": course.slug,
            "version": VERSION_PLACEHOLDER,
            "storageKey": STORAGE_PREFIX + course.slug,
            "codePrefix": CODE_PREFIX,
            "text": pack_script_text(
                quiz_total=context["quiz_count"], lesson_total=len(context["lessons"])
            ),
        },
    )
    html = render_to_string("offline/pack.html", context)
    digest = hashlib.sha256(html.encode()).hexdigest()
    version = f"{context['content_date']:%Y%m%d}-{digest[:8]}"
    html = html.replace(VERSION_PLACEHOLDER, version).replace(
        SUBMIT_URL_PLACEHOLDER, escape(submit_url)
    )
    raw = html.encode()
    return Pack(
        course_slug=course.slug,
        version=version,
        content_date=context["content_date"],
        html=raw,
        gzip_size=len(gzip.compress(raw, compresslevel=9, mtime=0)),
    )


def counted(words, total):
    """``words(count)`` (an ``ngettext``) for every count from 0 to ``total``, each in the
    language's own plural form (Arabic has six); beyond ``total``, the form for 100, with its
    placeholder."""
    forms = [words(count) % {"count": count} for count in range(total + 1)]
    return {"forms": forms, "beyond": words(100)}


def pack_script_text(*, quiz_total, lesson_total):
    """The pack script's words, translated here so that the pack needs no catalogue."""
    return {
        "unanswered": _("Answer every question first, then save."),
        "saved": _("Saved on this device. Submit your answers to the portal to have them scored."),
        "changed": _("You changed an answer: save again to keep it."),
        "draft": _(
            "Saved on this device: %(answered)s of %(total)s questions answered. Answer them "
            "all to submit this quiz."
        ),
        "nothing": _("Nothing to submit yet: save a quiz or mark a lesson complete first."),
        "summary": _("Saved on this device: %(quizzes)s, %(lessons)s."),
        "quizzes": counted(
            lambda count: ngettext("%(count)s quiz answered", "%(count)s quizzes answered", count),
            quiz_total,
        ),
        "lessons": counted(
            lambda count: ngettext(
                "%(count)s lesson completed", "%(count)s lessons completed", count
            ),
            lesson_total,
        ),
        "offline": _("You are offline. Submit when you have a connection, or copy the code."),
        "copied": _("Code copied."),
        "noStorage": _(
            "This browser does not let the pack keep your answers: they are lost when you "
            "close it. Submit before closing."
        ),
    }


def get_pack(course, *, submit_url, language=None):
    """The course's pack in ``language`` (the trainee's: ``User.language_or_current``; the
    active one when not given), built once per content version, language and portal address."""
    with translation.override(language or translation.get_language()):
        key = OFFLINE_PACK.key(course, address=submit_url)
        pack = caches["files"].get(key)
        if pack is None:
            pack = build_pack(course, submit_url=submit_url)
            caches["files"].set(key, pack, PACK_TIMEOUT)
    return pack


@transaction.atomic
def record_download(*, user, course, pack):
    download, _ = PackDownload.objects.update_or_create(
        user=user,
        course=course,
        defaults={"version": pack.version, "downloaded_at": timezone.now()},
    )
    return download


@dataclass
class PackStatus:
    downloaded: PackDownload | None
    current_version: str | None = None

    @property
    def newer_available(self):
        return (
            self.downloaded is not None
            and self.current_version is not None
            and self.downloaded.version != self.current_version
        )


def pack_status(course, user, *, submit_url):
    """What the trainee last downloaded and whether the pack has changed since. The pack is
    looked at only for trainees who downloaded one."""
    downloaded = PackDownload.objects.filter(user=user, course=course).first()
    if downloaded is None:
        return PackStatus(downloaded=None)
    return PackStatus(
        downloaded=downloaded,
        current_version=get_pack(
            course, submit_url=submit_url, language=user.language_or_current
        ).version,
    )
