from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "maillage.organisations"
    verbose_name = "organisations"

    def ready(self) -> None:
        # accounts depends on no domain app: each app tells it about the roles it holds.
        from maillage.accounts import roles

        from .services import REFERENT_ROLE, referent_grant, referent_roles

        roles.register_provider(referent_roles)
        roles.register_granter(REFERENT_ROLE, referent_grant)
