"""Anonymous views of public pages are served from the cache until content changes."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control, patch_vary_headers

from diplomacy_portal.models import ContentVersion

CONTENT_APPS = {"articles", "glossary", "taggit"}
CONTENT_MODELS = {
    "diplomacy_portal.source",
    "courses.course",
    "courses.lesson",
    "courses.taggedlesson",
    "courses.quiz",
    "courses.question",
    "courses.choice",
    "courses.scenario",
    "courses.decisionpoint",
    "courses.ending",
    "courses.scenariochoice",
}
PAGE_TIMEOUT = 300  # seconds: also bounds how late a scheduled publication date shows


def is_content(model):
    label = model._meta.label_lower
    if model._meta.auto_created:  # a many-to-many table between content models
        label = model._meta.auto_created._meta.label_lower
    return label in CONTENT_MODELS or model._meta.app_label in CONTENT_APPS


def content_changed(sender, **kwargs):
    if is_content(sender):
        ContentVersion.bump()


def connect_content_signals():
    post_save.connect(content_changed, dispatch_uid="content-version-save")
    post_delete.connect(content_changed, dispatch_uid="content-version-delete")
    m2m_changed.connect(content_changed, dispatch_uid="content-version-m2m")


def page_cache_key(request, version):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{request.LANGUAGE_CODE}:{path}"


def cacheable_request(request):
    """Anonymous GETs with no session and no pending messages: the same page for everyone."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_public_page(view):
    """Serve anonymous GETs of a public page from the cache, keyed by the content version."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cacheable_request(request):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True)
            return response
        key = page_cache_key(request, ContentVersion.current())
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                cache.set(key, response, PAGE_TIMEOUT)
        patch_vary_headers(response, ["Cookie"])
        patch_cache_control(response, max_age=0, must_revalidate=True)
        return response

    return wrapped
