"""Anonymous views of public pages are served from the cache until content changes.

Every cache key, these pages' included, is built in ``core.cache_keys``.
"""

from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from core import cache_keys, registry
from core.cache_keys import IN_PROCESS, IN_PROCESS_PLACE, PUBLIC_PAGE
from core.models import ContentVersion

PAGE_TIMEOUT = 300  # seconds: also bounds how late a scheduled publication date shows


def is_content(model):
    """Whether changes to ``model`` change content: the apps say which (``core.registry``)."""
    label = model._meta.label_lower
    if model._meta.auto_created:  # a many-to-many table between content models
        label = model._meta.auto_created._meta.label_lower
    return registry.is_content_label(model._meta.app_label, label)


_built = {}
_read = {}


def in_process_version(content_version):
    """What a value kept in this process is valid for: the content version, and the current
    ``PAGE_TIMEOUT`` window (which bounds how late a scheduled publication date shows)."""
    return IN_PROCESS.key(content_version=content_version)


def built_once_per_version(name, build, content_version=None):
    """``build()``, kept in this process until the content changes (or ``PAGE_TIMEOUT`` ends).

    For values derived from all the content that are too costly to build per request and to
    unpickle from a shared cache, such as the glossary's synonym table. ``content_version``
    spares a caller that has just read it reading it again.
    """
    if content_version is None:
        content_version = cache_keys.content_version()
    version = in_process_version(content_version)
    place = IN_PROCESS_PLACE.key(name)
    held = _built.get(place)
    if held is None or held[0] != version:
        held = _built[place] = (version, build())
    return held[1]


def keep_read(name, key, value, content_version):
    """Keep ``value``, read from the database at ``content_version``, in this process."""
    place = IN_PROCESS_PLACE.key(name)
    _read.setdefault(place, {})[key] = (in_process_version(content_version), value)


def kept_read(name, key):
    """What ``keep_read`` kept, if the content has not changed since; else None. The check is
    the request's content version (one small query, once per request).

    For objects read one by one on every request, such as a course and its outline: unlike the
    shared cache, nothing is unpickled. Only what was found is kept, so memory stays bounded
    by the content itself.
    """
    held = _read.get(IN_PROCESS_PLACE.key(name), {}).get(key)
    if held is None or held[0] != in_process_version(cache_keys.content_version()):
        return None
    return held[1]


def forget_built():
    """Drop every value kept in this process (tests start from nothing)."""
    _built.clear()
    _read.clear()


def content_changed(sender, **kwargs):
    if is_content(sender):
        ContentVersion.bump()
        cache_keys.forget_content_version()  # the request's keys read the new one


def connect_content_signals():
    post_save.connect(content_changed, dispatch_uid="content-version-save")
    post_delete.connect(content_changed, dispatch_uid="content-version-delete")
    m2m_changed.connect(content_changed, dispatch_uid="content-version-m2m")


def page_cache_key(request, version):
    return PUBLIC_PAGE.key(request.get_full_path(), request=request, content_version=version)


def page_cache(request):
    """Where a page is kept: pages addressed with a query string (searches, filters, and any
    parameter a visitor cares to add) in the ``search`` cache, so that however many of them are
    asked for, they never push the site's own pages out of the ``default`` one."""
    return caches["search" if request.META.get("QUERY_STRING") else "default"]


def cacheable_request(request):
    """Anonymous GETs with no session and no pending messages: the same page for everyone
    (of a language: the key says which, ``core.languages.page_cache_language``)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cache_public_page(view):
    """Mark ``view`` as a public page: what it shows an anonymous visitor may be cached.

    ``PublicPageCacheMiddleware`` stores and serves those responses; pages for a signed-in
    user are marked private so that no shared cache keeps them either.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        else:
            response.is_public_page = True
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, max_age=0, must_revalidate=True)
        return response

    return wrapped


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, keyed by the content version.

    It sits before the session, CSRF and authentication middleware, so a cached page costs
    one query (the content version) and none of their work. It holds the request while it is
    answered, so that every cache key built meanwhile uses the content version read once
    (``core.cache_keys.content_version``). Only responses the view marked
    public (``cache_public_page``), complete (200) and setting no cookie but the language's
    (the same for every request of the key: ``core.languages``) are stored, after the
    inner middleware added their headers. Pages are the same whatever the Host header (links
    to the portal itself use ``SITE_ORIGIN``), but a host that is not allowed gets a 400 here
    as it would from a view, never a cached page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost (400) for a host not in ALLOWED_HOSTS
        held = cache_keys.hold_request(request)
        try:
            return self.answer(request)
        finally:
            cache_keys.release_request(held)

    def answer(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            version = cache_keys.content_version(request)
        except DatabaseError:  # the view answers as it can (the health check with a 503)
            return self.get_response(request)
        key = page_cache_key(request, version)
        cache = page_cache(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self.should_store(response):
            set_response_etag(response)
            cache.set(key, response, PAGE_TIMEOUT)
        return response

    @staticmethod
    def should_store(response):
        return (
            getattr(response, "is_public_page", False)
            and response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= {settings.LANGUAGE_COOKIE_NAME}
        )
