from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "maillage.territories"
    verbose_name = "territoires"

    def ready(self):
        # The commune index listens to changes of the geography.
        from . import search_index  # noqa: F401
