from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import CreateView, UpdateView

from accounts import services
from accounts.forms import DeleteAccountForm, PasswordChangeForm, ProfileForm, SignUpForm
from accounts.personal_data import personal_data
from core import languages


class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "registration/signup.html"

    def form_valid(self, form):
        form.instance.language = languages.chosen_language(self.request)
        user = form.save()
        login(self.request, user, backend="accounts.backends.AccountBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        next_url = self.request.POST.get("next") or self.request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return reverse("courses:dashboard")


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "registration/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        super().form_valid(form)
        return languages.after_choosing(self.request, form.instance.language, "accounts:profile")


@login_required
def download_my_data(request):
    response = JsonResponse(personal_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-diplomacy-portal-data.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def refuse_when_locked_out(form):
    """The lock-out page, as a locked-out login gets, while the form's password checks are
    locked out; None otherwise (even the right password is refused until the lock ends)."""
    if form.request.method == "POST" and form.is_locked_out():
        return get_lockout_response(form.request, None, form.credentials())
    return None


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        return refuse_when_locked_out(self.get_form()) or super().post(request, *args, **kwargs)


@login_required
def delete_my_account(request):
    form = DeleteAccountForm(request.user, request.POST or None, request=request)
    if refused := refuse_when_locked_out(form):
        return refused
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything about it have been deleted."))
        return redirect("home")
    context = {"form": form, "certificate_count": request.user.certificates.count()}
    return render(request, "registration/delete_account.html", context)
