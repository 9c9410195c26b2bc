"""Offline course packs, and the codes that bring work done offline back to the portal.

A pack is one HTML file holding a whole course: its lessons, the glossary terms they use with
their definitions, the sources, the quizzes (without anything that tells a right answer from a
wrong one), its styles and a small script. Opened from disk it asks no host for anything: links
point at the pack's own sections, and a link the pack cannot hold is kept as text.

The script keeps the trainee's answers and finished lessons in the browser's ``localStorage``
and turns them into a *code*: ``DP1.<base64url of JSON>.<CRC-32 of that text>``. The pack's
"Submit my answers" opens the portal's confirmation page with the code in the query string;
the trainee confirms with an ordinary same-origin POST (a cross-origin POST from a ``file://``
page would carry ``Origin: null`` and fail the CSRF check). The portal decodes and validates
the code, scores each quiz on the server with :func:`courses.services.submit_attempt`, and
records finished lessons with :func:`courses.services.complete_lesson`. Each quiz attempt in a
pack has a random id made by the browser; the attempt's token is derived from it, so the same
code submitted twice is recorded once. The checksum only tells a damaged or altered code from
one that does not fit the course any more: scoring never trusts the code.

Options are named by an opaque key: a hash of the option's own text, which the pack shows
anyway. Keys and their order (by key when the quiz shuffles its choices, else by position) are
the same whichever choices are correct, so the pack is byte-identical either way.

A pack is built on request and cached under the site's content version (which changes whenever
any content is saved); its *version* is a hash of what it holds, so a pack rebuilt from
unchanged content keeps its version, and a trainee is told of a newer one only when the course,
its quizzes or its terms really changed.
"""

import base64
import binascii
import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.cache import caches
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import ContentVersion
from courses import services
from courses.models import Attempt, Choice, Question, QuestionKind, Quiz
from courses.progress import StepLocked
from glossary.linker import NO_LINK_INSIDE, VOID_ELEMENTS, get_matcher, glossary_version, link_terms
from glossary.models import Term
from offline.models import PackDownload

CODE_PREFIX = "DP1"
MAX_CODE_LENGTH = 20_000
MAX_PAYLOAD_LENGTH = MAX_CODE_LENGTH  # characters of JSON, once decoded
# The pack's payload nests five deep: {"a": [{"r": {"1": [...]}}]}.
MAX_PAYLOAD_DEPTH = 5
PACK_TIMEOUT = 24 * 60 * 60
VERSION_PLACEHOLDER = "PACKVERSION0000000"
SUBMIT_URL_PLACEHOLDER = "https://portal.invalid/offline-answers/"
ATTEMPT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
OPTION_KEY = re.compile(r"[0-9a-f]{8}")
STORAGE_PREFIX = "diplomacy-portal-pack:"


class InvalidCode(Exception):
    """The code cannot be read; the message says why, for the trainee."""


# Options


def option_keys(question):
    """``{key: choice}`` for a question's choices. A key is made from the choice's text alone
    (a repeated text gets a counter), so it says nothing the pack does not show anyway."""
    keys, seen = {}, {}
    for choice in sorted(question.choices.all(), key=lambda choice: choice.position):
        n = seen[choice.text] = seen.get(choice.text, 0) + 1
        material = choice.text if n == 1 else f"{choice.text}\x1f{n}"
        keys[hashlib.sha256(material.encode()).hexdigest()[:8]] = choice
    return keys


def shown_options(question, *, shuffle):
    """``[(key, text)]`` in the order the pack shows them."""
    pairs = list(option_keys(question).items())
    if shuffle:
        pairs.sort(key=lambda pair: pair[0])
    return [(key, choice.text) for key, choice in pairs]


def input_name(quiz, question):
    return f"q-{quiz.slug}-{question.position}"


# Links inside the pack


class _TermReader(HTMLParser):
    """Reads sanitised HTML as the glossary linker does: the text where it looks for terms
    (not in headings, links, code…) and the targets of the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_elements, self.text, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag not in VOID_ELEMENTS:
            self.open_elements.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass

    def handle_data(self, data):
        if not any(tag in NO_LINK_INSIDE for tag in self.open_elements):
            self.text.append(data)


def portal_route(href):
    """``(view name, kwargs)`` for a link to a portal page (``/glossary/x/``), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def terms_used(htmls):
    """Slugs of the glossary terms that sanitised ``htmls`` mention (by name or alias, where
    the glossary linker would link them) or link to. One query, whatever the number of texts."""
    matcher = get_matcher(glossary_version())
    slugs = set()
    for html in htmls:
        reader = _TermReader()
        reader.feed(html)
        reader.close()
        for href in reader.hrefs:
            route = portal_route(href)
            if route and route[0] == "glossary:term_detail":
                slugs.add(route[1]["slug"])
        if matcher.pattern is not None:
            # A separator that is neither a word character nor a space: no match spans two
            # pieces of text, as none spans two text nodes in the linker.
            text = "\x00".join(reader.text)
            for match in matcher.pattern.finditer(text):
                target = matcher.target(match.group())
                if target is not None:
                    slugs.add(target.slug)
    return slugs


class _PackHtml(HTMLParser):
    """Copies sanitised HTML, pointing each link at a section of the pack or, when the pack
    does not hold its target, keeping only its text (and an outside address as plain text)."""

    def __init__(self, target_for):
        super().__init__(convert_charrefs=True)
        self.target_for = target_for
        self.links = []
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            self.out.append(self.get_starttag_text())
            return
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        target = self.target_for(href)
        self.links.append(None if target else href)
        if target:
            kept = {"href": target, "class": attrs.get("class"), "title": attrs.get("title")}
            rendered = "".join(
                f' {name}="{escape(value)}"' for name, value in kept.items() if value
            )
            self.out.append(f"<a{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            dropped = self.links.pop()
            if dropped is not None:
                if dropped.startswith(("http://", "https://")):
                    self.out.append(f' <span class="url">({escape(dropped)})</span>')
                return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        return "".join(self.out)


def pack_links(html, target_for):
    parser = _PackHtml(target_for)
    parser.feed(html)
    return parser.result()


# Building a pack


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


def course_terms(course, lessons=None):
    """The glossary terms a course's lessons use: every term their text mentions (by name or
    alias, as the glossary linker finds them) and every term they link to."""
    lessons = course.lessons.only("body_html") if lessons is None else lessons
    slugs = terms_used(lesson.body_html for lesson in lessons)
    return Term.objects.filter(slug__in=slugs).prefetch_related("sources").order_by("term")


def _pack_context(course):
    lessons = list(course.lessons.prefetch_related("sources").order_by("position"))
    quizzes = list(
        course.quizzes.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("position"))
                ),
            )
        ).order_by("after_lesson__position", "slug")
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
            multiple = question.kind == QuestionKind.MULTIPLE
            questions.append(
                PackQuestion(
                    question=question,
                    name=input_name(quiz, question),
                    input_type="checkbox" if multiple else "radio",
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
        language=translation.get_language() or "en",
        content_date_text=formats.date_format(context["content_date"], "j F Y"),
        data={
            "course": course.slug,
            "version": VERSION_PLACEHOLDER,
            "storageKey": STORAGE_PREFIX + course.slug,
            "codePrefix": CODE_PREFIX,
            "text": pack_script_text(),
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


def pack_script_text():
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
        "quizOne": _("1 quiz answered"),
        "quizMany": _("%(count)s quizzes answered"),
        "lessonOne": _("1 lesson completed"),
        "lessonMany": _("%(count)s lessons completed"),
        "offline": _("You are offline. Submit when you have a connection, or copy the code."),
        "copied": _("Code copied."),
        "noStorage": _(
            "This browser does not let the pack keep your answers: they are lost when you "
            "close it. Submit before closing."
        ),
    }


def get_pack(course, *, submit_url):
    """The course's pack, built once per content version, language and portal address."""
    where = hashlib.sha256(submit_url.encode()).hexdigest()[:16]
    language = translation.get_language()
    key = f"courses:pack:{course.pk}:{ContentVersion.current()}:{language}:{where}"
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
        downloaded=downloaded, current_version=get_pack(course, submit_url=submit_url).version
    )


# Codes


def crc(text):
    return f"{zlib.crc32(text.encode('ascii')) & 0xFFFFFFFF:08x}"


def encode_code(payload):
    """The code for ``payload``, as the pack's script makes it (used by tests and tools)."""
    body = base64.urlsafe_b64encode(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    )
    body = body.decode("ascii").rstrip("=")
    return f"{CODE_PREFIX}.{body}.{crc(body)}"


def _damaged():
    return InvalidCode(
        _("This code is damaged and cannot be read. Copy it again from your offline pack.")
    )


def decode_code(code):
    """The code's payload as a checked dict, or :class:`InvalidCode` saying what is wrong."""
    code = "".join((code or "").split())
    if not code:
        raise InvalidCode(_("Paste the code from your offline pack."))
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidCode(_("This code is too long to come from an offline pack."))
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != CODE_PREFIX:
        raise InvalidCode(
            _("This is not a code from an offline pack. It starts with “%(prefix)s.”.")
            % {"prefix": CODE_PREFIX}
        )
    body, checksum = parts[1], parts[2]
    if not re.fullmatch(r"[A-Za-z0-9_-]+", body) or crc(body) != checksum.lower():
        raise InvalidCode(
            _(
                "This code is incomplete or was altered after the pack made it. Copy the whole "
                "code again from your offline pack."
            )
        )
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    except (binascii.Error, ValueError):  # UnicodeDecodeError included
        raise _damaged() from None
    if len(text) > MAX_PAYLOAD_LENGTH or json_depth(text) > MAX_PAYLOAD_DEPTH:
        raise _damaged()
    try:
        payload = json.loads(text)
    except ValueError:
        raise _damaged() from None
    check_payload(payload)
    return payload


def json_depth(text):
    """How deeply arrays and objects nest in JSON ``text``, counted without parsing it, so
    that a code nesting thousands deep is refused before the parser recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def _is_str_list(value, *, limit, pattern):
    return (
        isinstance(value, list)
        and len(value) <= limit
        and all(isinstance(item, str) and pattern.fullmatch(item) for item in value)
    )


def check_payload(payload):
    """Refuse anything that is not the shape the pack's script makes."""
    if not isinstance(payload, dict) or set(payload) - {"c", "v", "l", "a"}:
        raise _damaged()
    if not isinstance(payload.get("c"), str) or not SLUG.fullmatch(payload["c"]):
        raise _damaged()
    if not isinstance(payload.get("v", ""), str) or len(payload.get("v", "")) > 20:
        raise _damaged()
    if not _is_str_list(payload.get("l", []), limit=200, pattern=SLUG):
        raise _damaged()
    attempts = payload.get("a", [])
    if not isinstance(attempts, list) or len(attempts) > 200:
        raise _damaged()
    for attempt in attempts:
        if not isinstance(attempt, dict) or set(attempt) != {"q", "i", "r"}:
            raise _damaged()
        if not isinstance(attempt["q"], str) or not SLUG.fullmatch(attempt["q"]):
            raise _damaged()
        if not isinstance(attempt["i"], str) or not ATTEMPT_ID.fullmatch(attempt["i"]):
            raise _damaged()
        responses = attempt["r"]
        if not isinstance(responses, dict) or not 0 < len(responses) <= 200:
            raise _damaged()
        for position, keys in responses.items():
            if not position.isdigit() or not _is_str_list(keys, limit=50, pattern=OPTION_KEY):
                raise _damaged()


@dataclass
class OfflineAttempt:
    quiz: Quiz
    attempt_id: str
    graded_answers: list | None  # None when the answers do not fit the quiz as it is now
    token: str = ""
    recorded: Attempt | None = None


@dataclass
class OfflineWork:
    """A decoded code matched against the course as it is now."""

    course: object
    version: str
    lessons: list
    attempts: list
    problems: list

    @property
    def is_empty(self):
        return not self.lessons and not self.attempts

    @property
    def quiz_groups(self):
        """The attempts quiz by quiz, in the order first met: ``QuizGroup`` each."""
        groups = {}
        for attempt in self.attempts:
            group = groups.setdefault(attempt.quiz.pk, QuizGroup(attempt.quiz))
            group.count += 1
            group.already += attempt.recorded is not None
        return list(groups.values())


@dataclass
class QuizGroup:
    quiz: Quiz
    count: int = 0  # attempts of the quiz in the code
    already: int = 0  # of which were submitted before

    @property
    def new(self):
        return self.count - self.already


def attempt_token(*, user, quiz, attempt_id):
    """The attempt's token: the same pack attempt by the same trainee always gives the same."""
    digest = hashlib.sha256(f"{user.pk}:{quiz.pk}:{attempt_id}".encode()).hexdigest()
    return f"offline-{digest[:56]}"


def _grade(quiz, responses):
    """``(question, chosen, is_correct)`` for every question, or None if they do not fit."""
    questions = {str(question.position): question for question in quiz.questions.all()}
    if set(responses) != set(questions):
        return None
    graded = []
    for position, question in sorted(questions.items(), key=lambda item: int(item[0])):
        keys = option_keys(question)
        picked = responses[position]
        if not picked or len(set(picked)) != len(picked) or any(k not in keys for k in picked):
            return None
        if question.kind != QuestionKind.MULTIPLE and len(picked) != 1:
            return None
        chosen = [keys[key] for key in picked]
        graded.append((question, chosen, question.is_answered_by(chosen)))
    return graded


def read_work(code, *, user, courses):
    """Decode ``code`` and match it against the course it names among ``courses`` (a queryset
    of the courses ``user`` may see). Raises :class:`InvalidCode`."""
    payload = decode_code(code)
    course = courses.filter(slug=payload["c"]).first()
    if course is None:
        raise InvalidCode(_("The course this code belongs to is not on the portal."))
    problems = []
    wanted_lessons = list(dict.fromkeys(payload.get("l", [])))
    lessons = list(course.lessons.filter(slug__in=wanted_lessons).order_by("position"))
    for lesson in lessons:
        lesson.course = course
    if len(lessons) < len(wanted_lessons):
        problems.append(
            _("Some lessons marked complete in your pack are no longer part of the course.")
        )
    quizzes = {
        quiz.slug: quiz
        for quiz in course.quizzes.filter(
            slug__in={a["q"] for a in payload.get("a", [])}
        ).prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("position"))
                ),
            )
        )
    }
    attempts, seen = [], set()
    for entry in payload.get("a", []):
        quiz = quizzes.get(entry["q"])
        if quiz is None:
            problems.append(_("A quiz answered in your pack is no longer part of the course."))
            continue
        if (quiz.pk, entry["i"]) in seen:
            continue
        seen.add((quiz.pk, entry["i"]))
        quiz.course = course
        graded = _grade(quiz, entry["r"])
        if graded is None:
            problems.append(
                _(
                    "Your answers to “%(quiz)s” do not fit the quiz as it is now: it has changed "
                    "since you downloaded the pack. Take it again on the portal or in a new pack."
                )
                % {"quiz": quiz.title}
            )
            continue
        attempts.append(
            OfflineAttempt(
                quiz=quiz,
                attempt_id=entry["i"],
                graded_answers=graded,
                token=attempt_token(user=user, quiz=quiz, attempt_id=entry["i"]),
            )
        )
    recorded = {
        attempt.token: attempt
        for attempt in Attempt.objects.filter(token__in=[a.token for a in attempts])
    }
    for attempt in attempts:
        attempt.recorded = recorded.get(attempt.token)
    return OfflineWork(
        course=course,
        version=payload.get("v", ""),
        lessons=lessons,
        attempts=attempts,
        problems=list(dict.fromkeys(problems)),  # each problem said once
    )


@dataclass
class OfflineResult:
    lessons_recorded: list = field(default_factory=list)
    lessons_waiting: list = field(default_factory=list)
    attempts_recorded: list = field(default_factory=list)
    attempts_already: list = field(default_factory=list)
    attempts_refused: list = field(default_factory=list)
    quizzes_waiting: list = field(default_factory=list)  # (quiz, lesson to finish first)

    def messages(self):
        """``(level, text)`` pairs for the trainee, level being ``success`` or ``warning``."""
        said = []
        if self.lessons_recorded:
            n = len(self.lessons_recorded)
            said.append(
                (
                    "success",
                    ngettext(
                        "%(count)s lesson recorded as complete.",
                        "%(count)s lessons recorded as complete.",
                        n,
                    )
                    % {"count": n},
                )
            )
        for attempt in self.attempts_recorded:
            verdict = _("passed") if attempt.passed else _("not passed")
            said.append(
                (
                    "success",
                    _("“%(quiz)s”: %(score)s%%, %(verdict)s.")
                    % {"quiz": attempt.quiz.title, "score": attempt.score, "verdict": verdict},
                )
            )
        if self.attempts_already:
            n = len(self.attempts_already)
            said.append(
                (
                    "info",
                    ngettext(
                        "%(count)s quiz attempt in this code was already recorded: it was not "
                        "counted again.",
                        "%(count)s quiz attempts in this code were already recorded: they were "
                        "not counted again.",
                        n,
                    )
                    % {"count": n},
                )
            )
        for quiz in self.attempts_refused:
            said.append(
                (
                    "warning",
                    _("“%(quiz)s”: you have used all the attempts this quiz allows.")
                    % {"quiz": quiz.title},
                )
            )
        waiting = {}  # quizzes waiting for the same lesson are said together
        for quiz, lesson in self.quizzes_waiting:
            waiting.setdefault(lesson, []).append(quiz)
        for lesson, quizzes in waiting.items():
            said.append(
                (
                    "warning",
                    ngettext(
                        "%(quizzes)s was not recorded: this course is taken in order, so "
                        "finish “%(lesson)s” first.",
                        "%(quizzes)s were not recorded: this course is taken in order, so "
                        "finish “%(lesson)s” first.",
                        len(quizzes),
                    )
                    % {"quizzes": _quoted_list(q.title for q in quizzes), "lesson": lesson.title},
                )
            )
        if self.lessons_waiting:
            said.append(
                (
                    "warning",
                    ngettext(
                        "%(lessons)s was not recorded: this course is taken in order, so finish "
                        "the lessons before it first.",
                        "%(lessons)s were not recorded: this course is taken in order, so "
                        "finish the lessons before them first.",
                        len(self.lessons_waiting),
                    )
                    % {"lessons": _quoted_list(lesson.title for lesson in self.lessons_waiting)},
                )
            )
        return said


def _quoted_list(titles):
    return _(", ").join(f"“{title}”" for title in titles)


@transaction.atomic
def submit_offline_work(*, user, work):
    """Record the lessons and score the attempts of ``work``; what was recorded before is not
    recorded again. Lessons first, in course order, so that an in-order course accepts them;
    the services refuse what the course's order or a quiz's attempt limit does not allow."""
    result = OfflineResult()
    for lesson in work.lessons:
        try:
            _completion, created = services.complete_lesson(user=user, lesson=lesson)
        except StepLocked:
            result.lessons_waiting.append(lesson)
            continue
        if created:
            result.lessons_recorded.append(lesson)
    refused = set()
    for offline in work.attempts:
        quiz = offline.quiz
        if offline.recorded is not None:
            result.attempts_already.append(offline)
            continue
        if quiz.pk in refused:
            continue
        try:
            attempt, created = services.submit_attempt(
                user=user, quiz=quiz, token=offline.token, graded_answers=offline.graded_answers
            )
        except services.AttemptLimitReached:
            refused.add(quiz.pk)
            result.attempts_refused.append(quiz)
            continue
        except StepLocked as locked:
            refused.add(quiz.pk)
            result.quizzes_waiting.append((quiz, locked.lesson))
            continue
        attempt.quiz = quiz
        (result.attempts_recorded if created else result.attempts_already).append(attempt)
    return result
