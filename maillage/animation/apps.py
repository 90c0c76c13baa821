from django.apps import AppConfig


def question_role_links(user) -> list:
    """Role provider for "Mon espace": the questions the user answers (an animator's, or all
    for staff), with how many wait for an answer."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from maillage.accounts.roles import RoleLink
    from maillage.cooperations.models import Animator

    from .models import Question

    if not user.is_active:
        return []
    if user.is_staff:
        waiting = Question.objects.unanswered().count()
    else:
        # One query: whether the user animates a cooperation, and its unanswered questions.
        found = Animator.objects.filter(user=user).aggregate(
            animations=Count("pk", distinct=True),
            waiting=Count(
                "cooperation__questions",
                filter=Q(cooperation__questions__answered_at__isnull=True),
                distinct=True,
            ),
        )
        if not found["animations"]:
            return []
        waiting = found["waiting"]
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
