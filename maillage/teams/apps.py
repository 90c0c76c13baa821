from django.apps import AppConfig


def role_links(user) -> list:
    """Role provider for "Mon espace", in one query: the teams the user speaks for, the teams
    of the cooperations they animate; every team for staff."""
    from django.db.models import Value
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink, staff_links
    from maillage.cooperations.models import Cooperation
    from maillage.organisations.enums import AffiliationRole
    from maillage.organisations.models import Affiliation

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
    # A referent of a member organisation offers support to the cooperation's starting teams.
    supporting = (
        Affiliation.objects.filter(
            user=user, role=AffiliationRole.REFERENT, organisation__memberships__isnull=False
        )
        .order_by()
        .values_list(Value("supporter"), Value(""), Value(""))
    )
    views = {
        "referent": ("Référent de l'équipe {}", "teams:backoffice_home"),
        "animator": ("Équipes citoyennes de {}", "teams:cooperation_teams"),
    }
    links = []
    for kind, name, slug in sorted(set(referred.union(animated, supporting, all=True))):
        if kind == "supporter":
            label, url = "Projets d'équipe à soutenir", reverse("teams:startup_offers")
            links.append(RoleLink(label=label, url=url, kind="referent"))
            continue
        label, url = views[kind][0].format(name), reverse(views[kind][1], args=[slug])
        links.append(RoleLink(label=label, url=url, kind=kind))
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
