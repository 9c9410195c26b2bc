"""Views for the field: offline packs and their codes, pocket cards, certificate signatures."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.models import Course, Enrollment
from courses.views import visible_course
from offline import codes, pack_building, receiving
from offline.forms import OfflineCodeForm
from offline.models import PackDownload

# A download is a file, not a page: should a browser ever show it from the portal's origin
# instead of saving it, it runs nothing there and reaches nothing.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def submit_url(request, language=None):
    """Where a pack's answers are confirmed, in ``language`` (the pack's) when given."""
    with translation.override(language or translation.get_language()):
        return request.build_absolute_uri(reverse("offline:offline_answers"))


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
    language = request.user.language_or_current
    pack = pack_building.get_pack(
        course, submit_url=submit_url(request, language), language=language
    )
    downloaded = PackDownload.objects.filter(user=request.user, course=course).first()
    context = {
        "course": course,
        "pack": pack,
        "downloaded": downloaded,
        "newer": downloaded is not None and downloaded.version != pack.version,
    }
    return render(request, "offline/pack_detail.html", context)


@login_required
@require_GET
def pack_download(request, slug):
    course, refused = enrolled_course(request, slug)
    if refused:
        return refused
    language = request.user.language_or_current
    pack = pack_building.get_pack(
        course, submit_url=submit_url(request, language), language=language
    )
    pack_building.record_download(user=request.user, course=course, pack=pack)
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
                work = receiving.read_work(
                    form.cleaned_data["code"],
                    user=request.user,
                    courses=Course.objects.visible_to(request.user),
                )
            except codes.InvalidCode as error:
                form.add_error("code", str(error))
        if work is None:
            status = HTTPStatus.BAD_REQUEST
    confirmed = request.method == "POST" and request.POST.get("action") == "confirm"
    if confirmed and work is not None and not work.is_empty:
        result = receiving.submit_offline_work(user=request.user, work=work)
        for level, text in result.messages():
            getattr(messages, level)(request, text)
        for problem in work.problems:
            messages.warning(request, problem)
        return redirect(work.course)
    context = {"form": form, "work": work}
    return render(request, "offline/offline_answers.html", context, status=status)


# Pocket cards
