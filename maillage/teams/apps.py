from django.apps import AppConfig


def role_links(user) -> list:
    """Role provider for "Mon espace": the teams the user speaks for, the teams of the
    cooperations they animate; every team for staff."""
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink, staff_links
    from maillage.cooperations.models import Cooperation

    from .models import TeamReferent

    referents = (
        TeamReferent.objects.filter(user=user, user__is_active=True)
        .select_related("team")
        .order_by("team__name")
    )
    links = [
        RoleLink(
            label=f"Référent de l'équipe {referent.team.name}",
            url=reverse("teams:backoffice_home", args=[referent.team.slug]),
            kind="referent",
        )
        for referent in referents
    ]
    animated = Cooperation.objects.filter(animators__user=user, animators__user__is_active=True)
    links += [
        RoleLink(
            label=f"Équipes citoyennes de {cooperation.name}",
            url=reverse("teams:cooperation_teams", args=[cooperation.slug]),
            kind="animator",
        )
        for cooperation in animated.order_by("name")
    ]
    return links + staff_links(
        user, "Toutes les équipes citoyennes", reverse("teams:backoffice_list")
    )


class TeamsConfig(AppConfig):
    name = "maillage.teams"
    verbose_name = "équipes citoyennes"

    def ready(self):
        from maillage.accounts import roles

        from .services import REFERENT_ROLE, referent_grant

        roles.register_granter(REFERENT_ROLE, referent_grant)
        roles.register_provider(role_links)
