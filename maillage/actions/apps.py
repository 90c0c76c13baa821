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


class ActionsConfig(AppConfig):
    name = "maillage.actions"
    verbose_name = "inventaire des actions"

    def ready(self):
        from maillage.accounts import roles

        roles.register_provider(role_links)
