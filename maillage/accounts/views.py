"""Account pages: sign-in and sign-out, password reset and change, invitations, "Mon espace".

Sign-in failures are counted by django-axes; at the limit its middleware answers with
"accounts/locked_out.html" (settings.AXES_LOCKOUT_TEMPLATE) instead of the sign-in page.
"""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.core.ratelimit import RateLimited, limit, rate_limit, too_many_requests

from . import roles, services
from .forms import (
    InvitationSignupForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
)
from .models import Invitation, User, canonical_email

# Links only national staff see in "Mon espace": (label, URL name). A name that does not
# resolve is left out rather than breaking the page. The domain apps give their own staff
# tools through their role providers (kind "staff"), shown in the same section.
STAFF_LINKS = [
    ("Administration du site", "admin:index"),
]


# Beyond django-axes' lock-out of one address from one client: one client trying many addresses.
@method_decorator(rate_limit("login", ip="30/10m"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signing out of another account on the way to an invitation keeps the invitation open
    (its token lives in the session, which signing out empties)."""

    def post(self, request, *args, **kwargs):
        token = request.session.get(INVITATION_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if token:
            request.session[INVITATION_SESSION_KEY] = token
        return response


@method_decorator(rate_limit("password_reset", ip="10/h"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether the address has an account or not. A few mails an hour to one
    address at most, whoever asks: the limit does not tell whether the address has an account."""

    template_name = "accounts/password/reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            limit(
                "password_reset:address",
                ident=canonical_email(form.cleaned_data["email"]),
                rate="3/h",
            )
        except RateLimited as refusal:
            return too_many_requests(self.request, refusal)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password/reset_done.html"


@method_decorator(rate_limit("password_reset_confirm", ip="20/h"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password/reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever reads the mailbox owns the account: lift a sign-in lock-out at once, as the
        # lock-out page promises.
        # The sign-in form counts failures under the canonical address.
        axes_reset(username=canonical_email(form.user.email))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password/reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password/change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return super().form_valid(form)


def staff_links() -> list[dict]:
    links = []
    for label, name in STAFF_LINKS:
        try:
            links.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return links


@login_required
def space(request):
    """Where a signed-in person finds their roles, each a link to where it is exercised."""
    user = request.user
    links = roles.roles_of(user)
    tools = [link for link in links if link.kind == "staff"]
    return render(
        request,
        "accounts/space.html",
        {
            "role_links": [link for link in links if link.kind != "staff"],
            "staff_links": [*tools, *staff_links()] if user.is_staff else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil a été enregistré.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def _same_address(a: str, b: str) -> bool:
    return canonical_email(a) == canonical_email(b)


def _unavailable(request, error: ValidationError, *, status: int):
    return render(
        request,
        "accounts/invitation/unavailable.html",
        {"message": error.messages[0]},
        status=status,
    )


def _accepted(request, invitation: Invitation):
    request.session.pop(INVITATION_SESSION_KEY, None)
    label = invitation.extra.get("label", "")
    messages.success(request, f"Invitation acceptée : vous pouvez désormais {label}.")
    return redirect("accounts:space")


# The invitation link's token is exchanged for the session on first use, and the page goes on at
# this address instead, as Django's password reset does: the token stays out of access logs,
# Referer headers and the browser history.
INVITATION_IN_SESSION = "accepter"
INVITATION_SESSION_KEY = "_invitation_token"


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("invitation", ip="20/h")
def invitation_accept(request, token):
    """The link of an invitation email: create the account or sign in, then accept."""
    if token != INVITATION_IN_SESSION:
        request.session[INVITATION_SESSION_KEY] = token
        return redirect("accounts:invitation_accept", INVITATION_IN_SESSION)
    token = request.session.get(INVITATION_SESSION_KEY, "")
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as error:
        # Used, revoked or expired: gone (410); a token nobody issued: not found (404).
        known = Invitation.objects.filter(token_hash=services.hash_token(token)).exists()
        return _unavailable(request, error, status=410 if known else 404)
    context = {"invitation": invitation, "label": invitation.extra.get("label", "")}
    user = request.user

    if user.is_authenticated:
        if not _same_address(user.email, invitation.email):
            return render(request, "accounts/invitation/wrong_account.html", context, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                return _unavailable(request, error, status=410)
            return _accepted(request, invitation)
        return render(request, "accounts/invitation/accept.html", context)

    if User.objects.filter(email=canonical_email(invitation.email)).exists():
        login_url = reverse("accounts:login") + "?" + urlencode({"next": request.path})
        if request.method == "POST":
            return redirect(login_url)
        context["login_url"] = login_url
        return render(request, "accounts/invitation/sign_in.html", context)

    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_user = form.save()
                services.invitation_accept(invitation=invitation, user=new_user)
        except ValidationError as error:
            return _unavailable(request, error, status=410)
        # login() starts a new session for the new account.
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        return _accepted(request, invitation)
    context["form"] = form
    return render(request, "accounts/invitation/signup.html", context)
