"""Which language a page is read in, and how a reader's choice is remembered.

English pages keep their addresses; French and Arabic ones are the same paths under ``/fr/``
and ``/ar/`` (``i18n_patterns`` in the root URLconf). The language of a page is its address's.
A reader's choice is the language cookie: every page read under a language prefix, or in
another language than the cookie's, sets it, so following a link of the switcher remembers it
(and saves it on a signed-in reader's profile). A first visit with no cookie is sent to the
language the reader wants: a signed-in reader's saved one, else, for an English address, the
browser's (``Accept-Language``). English at its own address is what a reader with no cookie
gets by default, so it sets no cookie, and the page cache can keep it for everyone.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGE_CODES = tuple(code for code, _ in settings.LANGUAGES)


def supported(code):
    """``code`` as one of the portal's languages (``fr-CA`` is ``fr``), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def path_prefix_language(path_info):
    """The language named by the address's prefix (``/fr/...``), or None for no prefix."""
    return translation.get_language_from_path(path_info)


def path_language(path_info):
    """The language a page at ``path_info`` is in: its prefix's, English without one."""
    return path_prefix_language(path_info) or settings.LANGUAGE_CODE


def bare_path(path_info):
    """``path_info`` without its language prefix: ``/fr/articles/x/`` is ``/articles/x/``."""
    language = path_prefix_language(path_info)
    if language is None:
        return path_info
    return path_info[len(language) + 1 :] or "/"


def localized_path(path_info, language):
    """The same page in ``language``: English unprefixed, the others under their prefix."""
    bare = bare_path(path_info)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"


def chosen_language(request):
    """The language this reader has chosen here (the page's prefix, else the language cookie),
    or "" when they have chosen none (their browser decides)."""
    return path_prefix_language(request.path_info) or cookie_language(request) or ""


def language_url(request, language, *, query=True):
    """The address of the page ``request`` asked for, in ``language``, query string kept."""
    path = get_script_prefix().rstrip("/") + localized_path(request.path_info, language)
    query = request.META.get("QUERY_STRING", "") if query else ""
    return f"{path}?{query}" if query else path


def is_page(path_info):
    """Whether ``path_info`` is a page that exists in every language (not the health check,
    robots.txt, the sitemap or the admin, which have no prefix and are English)."""
    if path_prefix_language(path_info) is not None:
        return True
    other = next(code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE)
    with translation.override(other):  # a prefix matches only its language's
        return is_valid_path(localized_path(path_info, other))


def cookie_language(request):
    """The language the reader last chose (the language cookie), or None."""
    return supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def browser_language(request):
    """The first of the browser's languages (``Accept-Language``) the portal has, else English."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code != "*" and (language := supported(code)):
            return language
    return settings.LANGUAGE_CODE


def saved_language(user):
    """The language a signed-in reader saved on their profile, or None (follow the browser)."""
    if user is None or not user.is_authenticated:
        return None
    return supported(getattr(user, "language", ""))


def wanted_on_first_visit(request, user=None):
    """Where a request with no language cookie is sent, if not to the page it asked for: the
    reader's saved language, else, at an English address, the browser's."""
    path_info = request.path_info
    prefixed = path_prefix_language(path_info) is not None
    wanted = saved_language(user) or (None if prefixed else browser_language(request))
    if wanted is None or wanted == path_language(path_info):
        return None
    return wanted


def page_cache_language(request):
    """What the language makes an anonymous page differ by, read before ``LocaleMiddleware``
    as the middleware below will decide it: the page's language, and whether the answer is a
    redirect (``>fr``) or sets the cookie (``fr+``)."""
    language = path_language(request.path_info)
    cookie = cookie_language(request)
    if cookie == language:
        return language
    if cookie is None:
        wanted = wanted_on_first_visit(request)
        if wanted is not None:
            return f">{wanted}"
        if path_prefix_language(request.path_info) is None:
            return language  # English by default: no cookie to set
    return f"{language}+"


def remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def forget(response):
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="language-on-login")
def follow_saved_language_after_login(sender, request, user, **kwargs):
    """A reader who saved a language reads in it once signed in, whatever this browser's
    cookie said: the cookie is dropped and the next page is a first visit."""
    if request is not None and saved_language(user):
        request.forget_language_cookie = True


class LanguageChoiceMiddleware:
    """Sends a first visit to the reader's language; remembers the language of what is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.forget_if_asked(request, self.get_response(request))
        user = getattr(request, "user", None)
        cookie = cookie_language(request)
        if cookie is None:
            # The account is read only for a page, and only with a session: the health check
            # and the files crawlers read cost no query more.
            signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
            reader = user if signed_in and is_page(request.path_info) else None
            wanted = wanted_on_first_visit(request, reader)
            if wanted is not None and is_page(request.path_info):
                response = HttpResponseRedirect(language_url(request, wanted))
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                remember(response, wanted)
                return response
        response = self.get_response(request)
        language = path_language(request.path_info)  # as LocaleMiddleware read it
        if (
            response.status_code == 200
            and cookie != language
            and (cookie is not None or path_prefix_language(request.path_info) is not None)
            and is_page(request.path_info)
        ):
            remember(response, language)
            self.save_on_profile(user, language, switched=cookie is not None, request=request)
        return self.forget_if_asked(request, response)

    @staticmethod
    def save_on_profile(user, language, *, switched, request):
        """A signed-in reader who turns to another language keeps it on their profile; one who
        merely arrives on a page in the language their browser asks for saves nothing."""
        if user is None or not user.is_authenticated or saved_language(user) == language:
            return
        if not switched and browser_language(request) == language:
            return
        user._meta.model.objects.filter(pk=user.pk).update(language=language)
        user.language = language

    @staticmethod
    def forget_if_asked(request, response):
        if getattr(request, "forget_language_cookie", False):
            forget(response)
        return response


def after_choosing(request, language, url_name):
    """The redirect after a reader saved ``language`` (blank: follow the browser) on a form:
    to ``url_name`` in that language, with the cookie set to it (or dropped, for the browser's
    to decide)."""
    target = language or browser_language(request)
    with translation.override(target):
        response = HttpResponseRedirect(reverse(url_name))
    if language:
        remember(response, language)
    else:
        forget(response)
    return response
