"""Every cache key of the portal, built from what the cached thing declares it depends on.

A cached thing is a :class:`CacheSpec`: a name, what it depends on (the dependencies below),
and, for fragments of templates, how long it is kept. Its key is the name, one part per
dependency and one per object it is about (``LESSON_BODY.key(lesson, request=request)``), so
two visitors share a cached value exactly when everything it depends on is the same for both.
Templates cache through ``{% cached_fragment "lesson-body" lesson %}`` (``fragment_cache``),
which takes the request and the trainee's ``progress`` from the page's context.

The content version is read at most once per request (:func:`content_version`): the page
cache's middleware holds the request, so that every key built while it is answered, in a
template or in code that is not given the request, uses the same number.
"""

import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils import timezone, translation

from core.models import ContentVersion

_request = ContextVar("cache_keys_request", default=None)
_UNSET = object()


def content_version(request=None):
    """The content version, read once for ``request`` (the current one when not given)."""
    request = request if request is not None else _request.get()
    if request is None:
        return ContentVersion.current()
    version = request.__dict__.get("_content_version", _UNSET)
    if version is _UNSET:
        version = request._content_version = ContentVersion.current()
    return version


def seen_content_version(version):
    """Tell the current request the content version a caller read with something else (a
    course and the version in one statement), so that its keys need not read it again."""
    request = _request.get()
    if request is not None and "_content_version" not in request.__dict__:
        request._content_version = version


def forget_content_version():
    """The content changed while the request was answered: its keys read the version again."""
    request = _request.get()
    if request is not None:
        request.__dict__.pop("_content_version", None)


def hold_request(request):
    """Make ``request`` the current one for :func:`content_version`; returns a token for
    :func:`release_request`."""
    return _request.set(request)


def release_request(token):
    _request.reset(token)


class Unknown(ValueError):
    """Something a key depends on is not known where it is built (no visitor, no progress)."""


@dataclass(frozen=True)
class KeySource:
    """What a key is built from besides the objects a cached thing is about."""

    request: object = None
    progress: object = None  # a ``courses.progress.CourseProgress``
    content_version: int | None = None  # given by a caller that has just read it
    address: str | None = None  # where the portal was addressed, when not the request's host


@dataclass(frozen=True)
class Dependency:
    """Something a cached value may differ by; ``part`` renders it for one key."""

    name: str
    part: object  # callable(source: KeySource, objects: tuple) -> str

    def __repr__(self):
        return self.name


def _content(source, objects):
    if source.content_version is not None:
        return f"v{source.content_version}"
    return f"v{content_version(source.request)}"


def _publication(source, objects):
    """Whether each object that can be published is, now: a scheduled date passing changes it."""
    states = ["p" if obj.is_published else "d" for obj in objects if hasattr(obj, "is_published")]
    return "".join(states) or "-"


def _schedule(source, objects):
    """The current window of ``PAGE_TIMEOUT`` seconds: for values that list things with
    publication dates, which show that much late at most."""
    from core.caching import PAGE_TIMEOUT  # core.caching imports this module

    return f"t{int(timezone.now().timestamp() // PAGE_TIMEOUT)}"


def _user(source):
    user = getattr(source.request, "user", None)
    if user is None:
        raise Unknown("This key depends on the visitor: build it with the request.")
    return user


def _visitor_kind(source, objects):
    user = _user(source)
    if not user.is_authenticated:
        return "anonymous"
    return "staff" if user.is_staff else "trainee"


def _sees_drafts(source, objects):
    """Staff see drafts (``visible_to``); what is rendered for them is never shared."""
    return "drafts" if _user(source).is_staff else "published"


def _user_records(source, objects):
    progress = source.progress
    if progress is None:
        raise Unknown("This key depends on the trainee's records: build it with progress.")
    if not progress.is_enrolled:
        return "not-enrolled"
    records = (
        progress.is_complete,
        progress.done_step_ids,
        sorted(progress.lesson_ids),
        sorted(progress.quiz_ids),
        sorted(progress.scenario_ids),  # the published ones that count: a date may add one
    )
    return "r" + hashlib.sha256(repr(records).encode()).hexdigest()[:20]


def _host(source, objects):
    address = source.address if source.address is not None else source.request.get_host()
    return "h" + hashlib.sha256(address.encode()).hexdigest()[:16]


def _language(source, objects):
    request = source.request
    if request is not None and not hasattr(request, "LANGUAGE_CODE"):
        # Before LocaleMiddleware ran (the page cache): as it and the language middleware
        # will decide, from the address, the language cookie and the browser's languages.
        from core.languages import page_cache_language

        return page_cache_language(request)
    return translation.get_language() or "-"


CONTENT = Dependency("content version", _content)
PUBLICATION = Dependency("publication state", _publication)
SCHEDULE = Dependency("publication dates", _schedule)
VISITOR_KIND = Dependency("visitor kind", _visitor_kind)
SEES_DRAFTS = Dependency("sees drafts", _sees_drafts)
USER_RECORDS = Dependency("user's records", _user_records)
HOST = Dependency("host", _host)
LANGUAGE = Dependency("language", _language)

VISITOR_DEPENDENCIES = (VISITOR_KIND, SEES_DRAFTS)
_SAFE = re.compile(r"[\w.\-]{0,64}")


def identity(value):
    """One object a cached thing is about, as a part of its key."""
    if value is None:
        return "-"
    if getattr(value, "_meta", None) is not None and hasattr(value, "pk"):
        return f"{value._meta.label_lower}.{value.pk}"
    text = str(value)
    return text if _SAFE.fullmatch(text) else hashlib.sha256(text.encode()).hexdigest()[:32]


SPECS = {}


@dataclass(frozen=True)
class CacheSpec:
    """A cached thing: its name, what it depends on, and (fragments) how long it is kept."""

    name: str
    depends_on: tuple = ()
    timeout: int | None = None
    cache: str = "default"

    def __post_init__(self):
        if self.name in SPECS:
            raise ValueError(f"Two cached things are named {self.name!r}.")
        SPECS[self.name] = self

    def key(self, *objects, request=None, progress=None, content_version=None, address=None):
        source = KeySource(request, progress, content_version, address)
        parts = [dependency.part(source, objects) for dependency in self.depends_on]
        return ":".join([self.name, *parts, *(identity(obj) for obj in objects)])

    @property
    def varies_by_visitor(self):
        return any(dependency in VISITOR_DEPENDENCIES for dependency in self.depends_on)


DAY = 86400
FIVE_MINUTES = 300

# Values kept in a worker's memory (core.caching's built_once_per_version, keep_read): where
# each is kept (one place per language), and what it is valid for (the content version and
# the window in which a scheduled publication date shows).
IN_PROCESS_PLACE = CacheSpec("in-process-place", depends_on=(LANGUAGE,))
IN_PROCESS = CacheSpec("in-process", depends_on=(CONTENT, SCHEDULE))
# Anonymous GETs of public pages (``PublicPageCacheMiddleware``), by full path: the same
# whatever the host, since links to the portal use ``SITE_ORIGIN``.
PUBLIC_PAGE = CacheSpec("page", depends_on=(CONTENT, LANGUAGE))
# Staff's searches are never cached.
SEARCH_RESULTS = CacheSpec("search", depends_on=(CONTENT, LANGUAGE), cache="search")
LINKED_HTML = CacheSpec("glossary-linked", depends_on=(CONTENT, LANGUAGE))
GLOSSARY_MATCHER = CacheSpec("glossary-matcher", depends_on=(CONTENT, LANGUAGE))
CARD_PDF = CacheSpec("card-pdf", depends_on=(CONTENT, LANGUAGE), cache="files")
OFFLINE_PACK = CacheSpec("offline-pack", depends_on=(CONTENT, LANGUAGE, HOST), cache="files")
# A quiz's questions and choices: every language's text is on the same rows.
QUIZ_QUESTIONS = CacheSpec("quiz-questions", depends_on=(CONTENT,))
# The words of a language's index, valid while the index holds the same rows (its size and
# latest change are the objects of the key).
SEARCH_VOCABULARY = CacheSpec("search-vocabulary")

# Fragments of templates ({% cached_fragment %}); their CSRF tokens stay outside them.
SITE_HEADER = CacheSpec("site-header", depends_on=(LANGUAGE, VISITOR_KIND), timeout=FIVE_MINUTES)
SITE_FOOTER = CacheSpec("site-footer", depends_on=(LANGUAGE,), timeout=FIVE_MINUTES)
# A lesson's body lists its published articles, which have publication dates.
LESSON_BODY = CacheSpec(
    "lesson-body", depends_on=(CONTENT, SCHEDULE, SEES_DRAFTS, LANGUAGE), timeout=FIVE_MINUTES
)
# The lesson page holds the body, the draft banner and the trainee's standing.
LESSON_PAGE = CacheSpec(
    "lesson-page",
    depends_on=(CONTENT, SCHEDULE, PUBLICATION, SEES_DRAFTS, USER_RECORDS, LANGUAGE),
    timeout=FIVE_MINUTES,
)
LESSON_NEXT = CacheSpec(
    "lesson-next", depends_on=(CONTENT, VISITOR_KIND, USER_RECORDS, LANGUAGE), timeout=DAY
)
# The outline lists the course's published scenarios, which have publication dates.
COURSE_OUTLINE = CacheSpec(
    "course-outline",
    depends_on=(CONTENT, SCHEDULE, SEES_DRAFTS, USER_RECORDS, LANGUAGE),
    timeout=FIVE_MINUTES,
)
FRAGMENTS = {
    spec.name: spec
    for spec in (SITE_HEADER, SITE_FOOTER, LESSON_BODY, LESSON_PAGE, LESSON_NEXT, COURSE_OUTLINE)
}
