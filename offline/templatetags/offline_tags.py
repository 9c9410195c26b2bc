from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from certificates import signing
from core.site import site_url
from offline.pack_building import pack_status

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_pack_status(context, course):
    """``{% offline_pack_status course as pack_status %}``: the pack version the trainee last
    downloaded and whether a newer one exists (None for visitors)."""
    request = context["request"]
    if not request.user.is_authenticated:
        return None
    with translation.override(request.user.language_or_current):  # the pack's, as downloaded
        submit_url = request.build_absolute_uri(reverse("offline:offline_answers"))
    return pack_status(course, request.user, submit_url=submit_url)


@register.simple_tag(takes_context=True)
def certificate_seal(context, certificate):
    """``{% certificate_seal certificate as seal %}``: the signed statement, its signature and
    the check of a statement and signature the visitor brought (``?statement=…&signature=…``)."""
    query = context["request"].GET
    offered = "statement" in query or "signature" in query
    return signing.seal_for(
        certificate,
        offered_statement=query.get("statement") if offered else None,
        offered_signature=query.get("signature") if offered else None,
    )


@register.simple_tag(takes_context=True)
def certificate_qr(context, certificate):
    """An inline SVG QR code of the certificate's public verification URL."""
    url = site_url(certificate.get_verification_url())  # printed: the portal's own address
    # segno draws modules only (no text, no title), so nothing of the URL reaches the markup.
    return mark_safe(signing.qr_svg(url))  # noqa: S308
