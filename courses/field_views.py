"""Views for the field: offline packs and their codes, pocket cards, certificate signatures."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses import cards, certificates, offline
from courses.field_forms import OfflineCodeForm
from courses.models import Certificate, Course, Enrollment, PackDownload
from courses.views import visible_course

# A download is a file, not a page: should a browser ever show it from the portal's origin
# instead of saving it, it runs nothing there and reaches nothing.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def submit_url(request):
    return request.build_absolute_uri(reverse("courses:offline_answers"))


def enrolled_course(request, slug):
    """The course, if the trainee is enrolled in it; otherwise None (with a message)."""
    course = visible_course(request, slug)
    if Enrollment.objects.filter(user=request.user, course=course).exists():
        return course, None
    messages.info(request, _("Enroll in the course to take it offline."))
    return course, redirect(course)


# Offline packs


@login_required
@require_GET
def pack_detail(request, slug):
    course, refused = enrolled_course(request, slug)
    if refused:
        return refused
    pack = offline.get_pack(course, submit_url=submit_url(request))
    downloaded = PackDownload.objects.filter(user=request.user, course=course).first()
    context = {
        "course": course,
        "pack": pack,
        "downloaded": downloaded,
        "newer": downloaded is not None and downloaded.version != pack.version,
    }
    return render(request, "courses/field/pack_detail.html", context)


@login_required
@require_GET
def pack_download(request, slug):
    course, refused = enrolled_course(request, slug)
    if refused:
        return refused
    pack = offline.get_pack(course, submit_url=submit_url(request))
    offline.record_download(user=request.user, course=course, pack=pack)
    response = HttpResponse(pack.html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def offline_answers(request):
    """Where a pack's code is checked (from the pack's link, a GET, or a paste) and then
    recorded: only a POST of the confirmation form, same-origin with its CSRF token, records."""
    data = request.POST if request.method == "POST" else request.GET
    form = OfflineCodeForm(data if "code" in data else None)
    work, status = None, HTTPStatus.OK
    if form.is_bound:
        if form.is_valid():
            try:
                work = offline.read_work(
                    form.cleaned_data["code"],
                    user=request.user,
                    courses=Course.objects.visible_to(request.user),
                )
            except offline.InvalidCode as error:
                form.add_error("code", str(error))
        if work is None:
            status = HTTPStatus.BAD_REQUEST
    confirmed = request.method == "POST" and request.POST.get("action") == "confirm"
    if confirmed and work is not None and not work.is_empty:
        result = offline.submit_offline_work(user=request.user, work=work)
        for level, text in result.messages():
            getattr(messages, level)(request, text)
        for problem in work.problems:
            messages.warning(request, problem)
        return redirect(work.course)
    context = {"form": form, "work": work}
    return render(request, "courses/field/offline_answers.html", context, status=status)


# Pocket cards


def card_list(request):
    courses = Course.objects.published().order_by("title")
    return render(request, "courses/field/card_list.html", {"courses": courses})


def _site_card(slug):
    build = cards.SITE_CARDS.get(slug)
    if build is None:
        raise Http404(_("No such card."))
    return build


def _paper(request):
    return cards.PAPERS.get(request.GET.get("paper", "a4").lower(), "A4")


def _render_card(request, card, pdf_url):
    context = {
        "card": card,
        "pdf_a4": f"{pdf_url}?paper=a4",
        "pdf_letter": f"{pdf_url}?paper=letter",
    }
    return render(request, "courses/field/card.html", context)


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def card_detail(request, card):
    build = _site_card(card)
    return _render_card(request, build(), reverse("courses:card_pdf", kwargs={"card": card}))


def card_pdf(request, card):
    build = _site_card(card)
    paper = _paper(request)
    url = request.build_absolute_uri(reverse("courses:card_detail", kwargs={"card": card}))
    pdf = cards.cached_pdf(card, build, paper=paper, url=url)
    return _pdf_response(pdf, f"{card}-{paper.lower()}.pdf")


def course_terms_card(request, slug):
    course = visible_course(request, slug)
    pdf_url = reverse("courses:course_terms_pdf", kwargs={"slug": course.slug})
    return _render_card(request, cards.course_terms_card(course), pdf_url)


def course_terms_pdf(request, slug):
    course = visible_course(request, slug)
    paper = _paper(request)
    url = request.build_absolute_uri(
        reverse("courses:course_terms_card", kwargs={"slug": course.slug})
    )
    pdf = cards.cached_pdf(
        f"terms-{course.pk}", lambda: cards.course_terms_card(course), paper=paper, url=url
    )
    return _pdf_response(pdf, f"key-terms-{course.slug}-{paper.lower()}.pdf")


# Certificates


def _public_key_or_404():
    try:
        return certificates.public_key()
    except certificates.SigningKeyMissing:
        raise Http404(_("This portal does not sign certificates yet.")) from None


@require_GET
def public_key_pem(request):
    key = _public_key_or_404()
    response = HttpResponse(certificates.public_key_pem(key), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="diplomacy-portal-certificates.pem"'
    return response


@require_GET
def public_key_json(request):
    key = _public_key_or_404()
    response = JsonResponse(
        {
            "algorithm": "Ed25519",
            "key_id": certificates.key_id(key),
            "public_key_pem": certificates.public_key_pem(key),
            "public_key_base64": certificates.public_key_base64(key),
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
        seal = certificates.seal_for(
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
            "public_key_url": request.build_absolute_uri(reverse("courses:certificate_public_key")),
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
