from django.apps import AppConfig


def question_role_links(user) -> list:
    """Role provider for "Mon espace": the questions the user answers (an animator's, or all
    for staff), with how many wait for an answer."""
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink

    from .models import Question

    if not user.is_active:
        return []
    if not user.is_staff and not user.animations.exists():
        return []
    waiting = Question.objects.answerable_by(user).unanswered().distinct().count()
    label = "Questions reçues"
    if waiting:
        label += f" ({waiting} sans réponse)"
    return [
        RoleLink(
            label=label,
            url=reverse("animation:backoffice_questions"),
            kind="staff" if user.is_staff else "animator",
        )
    ]


class AnimationConfig(AppConfig):
    name = "maillage.animation"
    verbose_name = "animation du réseau"

    def ready(self):
        from maillage.accounts import roles

        roles.register_provider(question_role_links)
