from django.apps import AppConfig


def role_links(user) -> list:
    """Role provider for "Mon espace": the cooperations the user animates; all for staff."""
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink, staff_links
    from maillage.core.text import of_name

    from .models import Animator

    animations = (
        Animator.objects.filter(user=user, user__is_active=True)
        .select_related("cooperation")
        .order_by("cooperation__name")
    )
    return [
        RoleLink(
            label=f"Animateur {of_name(animation.cooperation.name)}",
            url=reverse("cooperations:backoffice_edit", args=[animation.cooperation.slug]),
            kind="animator",
        )
        for animation in animations
    ] + staff_links(user, "Toutes les coopérations", reverse("cooperations:backoffice_list"))


class CooperationsConfig(AppConfig):
    name = "maillage.cooperations"
    verbose_name = "coopérations"

    def ready(self):
        from maillage.accounts import roles

        from .services import ANIMATOR_ROLE, animator_grant

        roles.register_granter(ANIMATOR_ROLE, animator_grant)
        roles.register_provider(role_links)
