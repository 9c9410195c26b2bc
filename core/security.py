"""Small security pieces that Django and the libraries the portal uses leave to the project."""

from http import HTTPStatus

from django.conf import settings

POLICY_HEADER = "Content-Security-Policy"


def cross_origin_resource_policy(get_response):
    """Middleware: every response may be read only by pages of this origin.

    Django sets Cross-Origin-Opener-Policy but not Cross-Origin-Resource-Policy; ``same-origin``
    stops other sites from embedding the portal's pages and files (Spectre-style leaks).
    """

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def forwarded_client_address(request):
    """The client's address, for django-axes (``AXES_CLIENT_IP_CALLABLE``) to lock logins by.

    With ``TRUSTED_PROXY_COUNT`` 0 (no proxy in front) it is the socket's address: an
    ``X-Forwarded-For`` header is then whatever the client wrote. Each of N trusted proxies
    appends the address it was connected from, so the Nth entry from the right is the one the
    first proxy saw; anything further left may be forged. With fewer entries than proxies the
    request did not come through them all, and the socket's address is used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")


USERNAME_LENGTH = 150  # the user model's username length; django-axes keeps at most 255


def attempted_username(request, credentials):
    """The username django-axes records for a login attempt, cut to a length its table holds.

    A hostile login form can carry a username of any length; unchecked, recording the failed
    attempt would overflow the column on PostgreSQL and turn a refusal into a server error.
    """
    username = credentials.get("username") if credentials else request.POST.get("username")
    return str(username or "")[:USERNAME_LENGTH]


def policy_header(directives):
    """The header's value for ``directives`` (name → sources), in the order they are given."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def content_security_policy(get_response):
    """Middleware: the site's Content-Security-Policy (``CONTENT_SECURITY_POLICY``) on every
    response that does not set one of its own.

    The policy is the same for every page, since no page has inline code (no nonces) and none
    widens it, so the header is built once, when the process starts: built per response, as a
    general-purpose library builds it, it cost a cached page about 40% more server time.
    Django's own debug pages (``DEBUG`` only), which style themselves inline, are left without.
    """
    header = policy_header(settings.CONTENT_SECURITY_POLICY)
    debug_pages = {HTTPStatus.NOT_FOUND, HTTPStatus.INTERNAL_SERVER_ERROR}

    def middleware(request):
        response = get_response(request)
        if not (settings.DEBUG and response.status_code in debug_pages):
            response.headers.setdefault(POLICY_HEADER, header)
        return response

    return middleware
