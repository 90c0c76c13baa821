from django.apps import AppConfig


class AnimationConfig(AppConfig):
    name = "maillage.animation"
    verbose_name = "animation du réseau"
