from django.apps import AppConfig


def role_links(user) -> list:
    """Role provider for "Mon espace", in one query: the teams the user speaks for, the teams
    of the cooperations they animate; every team for staff."""
    from django.db.models import Value
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink, staff_links
    from maillage.cooperations.models import Cooperation

    from .models import TeamReferent

    if not user.is_active:
        return []
    referred = (
        TeamReferent.objects.filter(user=user)
        .order_by()
        .values_list(Value("referent"), "team__name", "team__slug")
    )
    animated = (
        Cooperation.objects.filter(animators__user=user)
        .order_by()
        .values_list(Value("animator"), "name", "slug")
    )
    views = {
        "referent": ("Référent de l'équipe {}", "teams:backoffice_home"),
        "animator": ("Équipes citoyennes de {}", "teams:cooperation_teams"),
    }
    links = [
        RoleLink(
            label=views[kind][0].format(name), url=reverse(views[kind][1], args=[slug]), kind=kind
        )
        for kind, name, slug in sorted(referred.union(animated, all=True))
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
