"""Forms of the account pages: sign-in, account creation from an invitation, profile."""

import math
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin, UsernameField
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone

from maillage.core.forms import FormMixin, ModelForm
from maillage.core.mail import send_templated_mail

from .models import User, canonical_email

# Failed sign-ins are first slowed, then refused (docs/adr/004-sign-in-throttling.md): from the
# third failure for one address from one client, the next attempt is accepted only after a
# growing pause; at settings.AXES_FAILURE_LIMIT failures django-axes refuses for a while.
SLOWDOWN_AFTER_FAILURES = 3
SLOWDOWN_STEP = timedelta(seconds=5)
# The address column's length; django-axes stores the address in 255 characters.
EMAIL_MAX_LENGTH = 254


def recent_failures(request, email: str) -> tuple[int, datetime | None]:
    """Failed sign-ins for this address from this client within the cool-off, as django-axes
    counts them (same lock-out parameters), and when the last one happened."""
    if not settings.AXES_ENABLED:
        return 0, None
    AxesProxyHandler.update_request(request)
    credentials = {settings.AXES_USERNAME_FORM_FIELD: email}
    count, last_at = 0, None
    # One query per lock-out parameter set; the settings name one: address and client.
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        row = attempts.aggregate(count=Sum("failures_since_start"), last_at=Max("attempt_time"))
        if (row["count"] or 0) > count:
            count, last_at = row["count"], row["last_at"]
    return count, last_at


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The address django-axes counts failures under (settings.AXES_USERNAME_CALLABLE): the
    canonical form, so that look-alike spellings of one address share one counter."""
    data = credentials if credentials else getattr(request, "POST", {})
    username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return canonical_email(username)[:EMAIL_MAX_LENGTH] if username else username


def _seconds(value: int) -> str:
    return f"{value} seconde" if value == 1 else f"{value} secondes"


class LoginForm(FormMixin, AuthenticationForm):
    """Sign in with the email address; the field keeps Django's name "username", which
    django-axes reads (AXES_USERNAME_FORM_FIELD)."""

    username = UsernameField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.failures = 0

    def clean_username(self) -> str:
        # One address, one counter: "Marie@…" and "marie@…" are the same account for sign-in
        # (addresses are stored and looked up in their canonical form), so for the lock-out too.
        username = canonical_email(self.cleaned_data["username"])
        if len(username) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                f"Une adresse e-mail compte au plus {EMAIL_MAX_LENGTH} caractères : "
                "vérifiez celle que vous avez saisie.",
                code="max_length",
            )
        return username

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            self.failures, last_at = recent_failures(self.request, email)
            wait = self._seconds_to_wait(last_at)
            if wait:
                raise ValidationError(
                    "Trop d'essais rapprochés pour cette adresse. Patientez encore "
                    f"{_seconds(wait)} avant de réessayer.",
                    code="slowed",
                )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                self.failures += 1
            raise

    def _seconds_to_wait(self, last_at: datetime | None) -> int:
        # At the limit django-axes refuses by itself, with its own page: no pause to add.
        if last_at is None or not (
            SLOWDOWN_AFTER_FAILURES <= self.failures < settings.AXES_FAILURE_LIMIT
        ):
            return 0
        pause = SLOWDOWN_STEP * (self.failures - SLOWDOWN_AFTER_FAILURES + 1)
        remaining = (last_at + pause - timezone.now()).total_seconds()
        return max(0, math.ceil(remaining))

    @property
    def failure_limit(self) -> int:
        return settings.AXES_FAILURE_LIMIT

    @property
    def cooloff_minutes(self) -> int:
        return round(get_cool_off(self.request).total_seconds() / 60)

    @property
    def attempts_left(self) -> int | None:
        """How many failures remain before the lock-out, once the warning is due."""
        if SLOWDOWN_AFTER_FAILURES <= self.failures < settings.AXES_FAILURE_LIMIT:
            return settings.AXES_FAILURE_LIMIT - self.failures
        return None


class InvitationSignupForm(SetPasswordMixin, ModelForm):
    """Create the account of an invited person: the address is the invited one, never typed."""

    email = forms.EmailField(
        label="Adresse e-mail",
        disabled=True,
        required=False,
        help_text="L'adresse à laquelle l'invitation a été envoyée.",
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Mot de passe", label2="Confirmation du mot de passe"
    )

    error_messages = {
        "password_mismatch": "Les deux mots de passe ne sont pas identiques.",
        "email_taken": (
            "Un compte existe déjà pour cette adresse : connectez-vous pour accepter l'invitation."
        ),
    }

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        labels = {"first_name": "Prénom", "last_name": "Nom"}

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        self.fields["email"].initial = email
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["password2"].help_text = "Saisissez le même mot de passe, pour vérification."

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        if User.objects.filter(email=canonical_email(self.instance.email)).exists():
            raise ValidationError(self.error_messages["email_taken"], code="email_taken")
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        # After the names reach the instance, so that the similarity check sees them.
        self.validate_password_for_user(self.instance)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        return self.set_password_and_save(user, commit=commit)


class ProfileForm(ModelForm):
    """What a person may change about themselves; the address is shown, not editable."""

    email = forms.EmailField(
        label="Adresse e-mail",
        disabled=True,
        required=False,
        help_text="Pour changer d'adresse, écrivez à l'équipe nationale.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        labels = {"first_name": "Prénom", "last_name": "Nom"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class PasswordResetForm(FormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox, as every mail: a mail server that is down delays the link."""
        send_templated_mail(to=to_email, template="accounts/emails/password_reset", context=context)


class SetPasswordForm(FormMixin, auth_forms.SetPasswordForm):
    """A new password after a reset link."""


class PasswordChangeForm(FormMixin, auth_forms.PasswordChangeForm):
    """A new password for the person signed in, who types the current one first."""
