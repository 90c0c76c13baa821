"""People who sign in to Maillage: they log in with their email address."""

import unicodedata

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from maillage.core.fields import link


def canonical_email(address: str) -> str:
    """The one form of an address for storage, look-up and sign-in lock-out: Unicode NFKC,
    case-folded, trimmed. Look-alikes that fold to other letters ("ı" is not "i") stay distinct
    and match no account, instead of reaching the real one through a case-insensitive look-up
    with a lock-out counter of their own."""
    folded = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=canonical_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Exact match on the stored form: a case-insensitive look-up would let the database's
        # own folding (UPPER on PostgreSQL turns "ı" into "I") reach the account.
        return self.get(email=canonical_email(username))


class User(AbstractUser):
    """A person with an account; the email address is the login."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = canonical_email(self.email)

    def save(self, *args, **kwargs):
        self.email = canonical_email(self.email)
        super().save(*args, **kwargs)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An email invitation to take a role on an object (animator of a cooperation, referent of an
    organisation). Only a hash of the token is stored; the link in the email carries the token."""

    email = models.EmailField("adresse e-mail invitée")
    role = models.CharField("rôle", max_length=40)
    target_type = link("contenttypes.ContentType")
    target_id = models.PositiveBigIntegerField()
    extra = models.JSONField("précisions", default=dict, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = link(User, "invité par", on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = link(User, on_delete=models.SET_NULL, optional=True)
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)
    # The mail carrying the link: the back office shows while it waits for the mail server.
    mail = link("core.OutboundMail", "e-mail", on_delete=models.SET_NULL, optional=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="accounts_invit_target")]

    def __str__(self) -> str:
        return f"{self.email} — {self.role}"
