from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certificates import signing
from certificates.models import Certificate


@login_required
def certificate(request, code):
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"), code=code, user=request.user
    )
    # In the language its holder saved, whatever page they came from.
    language = request.user.language_or_current
    with translation.override(language):
        response = render(request, "certificates/certificate.html", {"certificate": certificate})
    response["Content-Language"] = language
    return response


def certificate_verify(request, code):
    another = " ".join(request.GET.get("code", "").split()).upper()
    if another and another != code.upper() and "/" not in another and len(another) <= 64:
        return redirect("certificates:certificate_verify", code=another)
    certificate = Certificate.objects.select_related("course").filter(code=code.upper()).first()
    status = HTTPStatus.OK if certificate else HTTPStatus.NOT_FOUND
    return render(
        request,
        "certificates/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


def _public_key_or_404():
    try:
        return signing.public_key()
    except signing.SigningKeyMissing:
        raise Http404(_("This portal does not sign certificates yet.")) from None


@require_GET
def public_key_pem(request):
    key = _public_key_or_404()
    response = HttpResponse(signing.public_key_pem(key), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="diplomacy-portal-certificates.pem"'
    return response


@require_GET
def public_key_json(request):
    key = _public_key_or_404()
    response = JsonResponse(
        {
            "algorithm": "Ed25519",
            "key_id": signing.key_id(key),
            "public_key_pem": signing.public_key_pem(key),
            "public_key_base64": signing.public_key_base64(key),
            "statement_format": _(
                "UTF-8 JSON object with the keys code, course, date and name, keys sorted, "
                "no spaces; the signature is base64 of the Ed25519 signature of those bytes."
            ),
        }
    )
    return response


@require_GET
def certificate_json(request, code):
    """``{valid, name, course, date, code, statement, signature}`` for automated checks. With
    ``?statement=…&signature=…`` it checks that pair instead of the portal's own."""
    certificate = (
        Certificate.objects.select_related("course").filter(code=code.strip().upper()).first()
    )
    if certificate is None:
        response = JsonResponse(
            {"valid": False, "code": code, "error": "not found"}, status=HTTPStatus.NOT_FOUND
        )
    else:
        offered = "statement" in request.GET or "signature" in request.GET
        seal = signing.seal_for(
            certificate,
            offered_statement=request.GET.get("statement") if offered else None,
            offered_signature=request.GET.get("signature") if offered else None,
        )
        data = {
            "valid": seal.valid,
            "name": certificate.name,
            "course": certificate.course.title,
            "date": certificate.issued_at.date().isoformat(),
            "code": certificate.code,
            "statement": seal.statement,
            "signature": seal.signature,
            "key_id": seal.key_id,
            "algorithm": "Ed25519",
            "public_key_url": request.build_absolute_uri(
                reverse("certificates:certificate_public_key")
            ),
            "verification_url": request.build_absolute_uri(certificate.get_verification_url()),
        }
        if offered:
            data["checked"] = {
                "signature_valid": seal.offered_valid,
                "matches_record": seal.offered_matches,
            }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, no_cache=True)
    return response
