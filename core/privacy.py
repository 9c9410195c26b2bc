"""Pages for a signed-in user are kept by no cache, the browser's included."""

from django.utils.cache import patch_cache_control


def private_pages(get_response):
    """Middleware: every response to a signed-in user gets ``Cache-Control: private, no-store``.

    Such pages hold personal data (progress, answers, certificates, trainees' records) and, all
    of them, the user's name in the page header; nothing should keep a copy that the next person
    at a shared computer or behind the same proxy could read. A view that marked its response
    ``private`` (public pages for a signed-in visitor, see ``cache_public_page``) gets
    ``no-store`` added for the same reason; a view that chose any other policy keeps it.
    """

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            policy = response.get("Cache-Control", "")
            if not policy or "private" in policy:
                patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
