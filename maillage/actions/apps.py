from django.apps import AppConfig


def role_links(user) -> list:
    """Role provider for "Mon espace": the actions a referent, an animator or staff edit, with
    the number to confirm, and the follow-up of confirmations for animators and staff."""
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink

    from .models import Action
    from .permissions import can_follow_freshness, can_list_actions

    if not can_list_actions(user):
        return []
    kind = "staff" if user.is_staff else "actions"
    to_check = Action.objects.editable_by(user).to_check().count()
    links = [
        RoleLink(
            label="Toutes les actions" if user.is_staff else "Mes actions",
            url=reverse("actions:backoffice_list"),
            kind=kind,
        ),
        RoleLink(
            label=f"Actions à confirmer ({to_check})",
            url=reverse("actions:backoffice_to_check"),
            kind=kind,
        ),
    ]
    if can_follow_freshness(user):
        links.append(
            RoleLink(
                label="Suivi des confirmations des actions",
                url=reverse("actions:backoffice_freshness"),
                kind=kind,
            )
        )
    return links


def seed_reference_rows(sender, using="default", apps=None, **kwargs):
    """The kinds and publics rows, from the enums, after every migrate and every flush: a test
    that empties the database (a live-server test) finds them again, as it finds content types."""
    from django.apps import apps as global_apps

    from .enums import KindCode, PublicCode

    apps = apps or global_apps  # a flush sends no migration state
    for model_name, choices in (("Kind", KindCode.choices), ("Public", PublicCode.choices)):
        try:
            model = apps.get_model("actions", model_name)
        except LookupError:  # before the actions tables exist
            return
        for position, (code, label) in enumerate(choices):
            model.objects.using(using).update_or_create(
                code=code, defaults={"label": label, "position": position}
            )


class ActionsConfig(AppConfig):
    name = "maillage.actions"
    verbose_name = "inventaire des actions"

    def ready(self):
        from django.db.models.signals import post_migrate

        from maillage.accounts import roles

        post_migrate.connect(seed_reference_rows, sender=self)

        roles.register_provider(role_links)

        from . import signals  # noqa: F401  (the full-text index follows every write)
