from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cards import cards
from courses.models import Course
from courses.views import visible_course

"""Views for the field: offline packs and their codes, pocket cards, certificate signatures."""


# A download is a file, not a page: should a browser ever show it from the portal's origin
# instead of saving it, it runs nothing there and reaches nothing.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def card_list(request):
    courses = Course.objects.published().order_by("title")
    return render(request, "cards/card_list.html", {"courses": courses})


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
    return render(request, "cards/card.html", context)


def pdf_language(request):
    """The language a PDF is made in (its cache key reads it too): a signed-in trainee's
    saved one, else the page's."""
    if request.user.is_authenticated:
        return request.user.language_or_current
    return translation.get_language()


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def card_detail(request, card):
    build = _site_card(card)
    return _render_card(request, build(), reverse("cards:card_pdf", kwargs={"card": card}))


def card_pdf(request, card):
    build = _site_card(card)
    paper = _paper(request)
    with translation.override(pdf_language(request)):
        url = request.build_absolute_uri(reverse("cards:card_detail", kwargs={"card": card}))
        pdf = cards.cached_pdf(card, build, paper=paper, url=url)
    return _pdf_response(pdf, f"{card}-{paper.lower()}.pdf")


def course_terms_card(request, slug):
    course = visible_course(request, slug)
    pdf_url = reverse("cards:course_terms_pdf", kwargs={"slug": course.slug})
    return _render_card(request, cards.course_terms_card(course), pdf_url)


def course_terms_pdf(request, slug):
    course = visible_course(request, slug)
    paper = _paper(request)
    with translation.override(pdf_language(request)):
        url = request.build_absolute_uri(
            reverse("cards:course_terms_card", kwargs={"slug": course.slug})
        )
        pdf = cards.cached_pdf(
            f"terms-{course.pk}", lambda: cards.course_terms_card(course), paper=paper, url=url
        )
    return _pdf_response(pdf, f"key-terms-{course.slug}-{paper.lower()}.pdf")


# Certificates
