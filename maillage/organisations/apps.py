from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "maillage.organisations"
    verbose_name = "organisations"

    def ready(self) -> None:
        # accounts depends on no domain app: each app tells it about the roles it holds.
        from maillage.accounts import roles
        from maillage.territories.signals import communes_replaced

        from .receivers import follow_merged_communes
        from .services import REFERENT_ROLE, referent_grant, referent_roles

        roles.register_provider(referent_roles)
        roles.register_granter(REFERENT_ROLE, referent_grant)
        # territories imports no domain app: the geography import says which communes merged.
        communes_replaced.connect(follow_merged_communes, dispatch_uid="organisations-merged")
