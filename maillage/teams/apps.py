from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "maillage.teams"
    verbose_name = "équipes citoyennes"
