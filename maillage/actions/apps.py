from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "maillage.actions"
    verbose_name = "inventaire des actions"

    def ready(self):
        from . import signals  # noqa: F401  (the full-text index follows every write)
