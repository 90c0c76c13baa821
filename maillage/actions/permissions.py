"""Who may do what with the inventory of actions. Deny by default; one condition per line.

The scope of an editor is `Action.objects.editable_by(user)` (staff: all; a referent: their
organisations' actions; an animator: the actions of their cooperations' territories)."""

from django.db.models import Exists, OuterRef, Q

from maillage.accounts.models import User
from maillage.cooperations.models import Animator, Cooperation
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation, Organisation

from .models import Action


def is_active_person(user) -> bool:
    return user.is_authenticated and user.is_active


def can_edit_action(user, action: Action) -> bool:
    if not is_active_person(user):
        return False
    if user.is_staff:
        return True
    return Action.objects.editable_by(user).filter(pk=action.pk).exists()


def can_add_action(user) -> bool:
    """Whoever may name at least one carrying organisation may record an action."""
    if not is_active_person(user):
        return False
    return carrier_choices(user).exists()


def roles_held(user) -> tuple[bool, bool]:
    """(referent of an organisation, animator of a cooperation), read in one query."""
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            referent=Exists(
                Affiliation.objects.filter(user=OuterRef("pk"), role=AffiliationRole.REFERENT)
            ),
            animator=Exists(Animator.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("referent", "animator")
        .first()
    )
    return flags or (False, False)


def can_list_actions(user) -> bool:
    """The back office of the inventory: staff, referents and animators."""
    if not is_active_person(user):
        return False
    if user.is_staff:
        return True
    return any(roles_held(user))


def can_follow_freshness(user) -> bool:
    """The stale share per cooperation and per organisation: animators and staff."""
    if not is_active_person(user):
        return False
    if user.is_staff:
        return True
    return Cooperation.objects.editable_by(user).exists()


def carrier_choices(user):
    """The organisations a person may name as carriers of an action: staff any; a referent
    their organisations; an animator the members of their cooperations (and their own)."""
    if not is_active_person(user):
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(affiliations__user=user, affiliations__role=AffiliationRole.REFERENT)
        | Q(memberships__cooperation__in=Cooperation.objects.editable_by(user))
    ).distinct()


def followed_cooperations(user):
    """The cooperations whose freshness a person follows (and whose referents they remind)."""
    if not can_follow_freshness(user):
        return Cooperation.objects.none()
    return Cooperation.objects.editable_by(user)


def followed_organisations(user):
    """The organisations whose freshness a person follows: those carrying an action they edit."""
    if not can_follow_freshness(user):
        return Organisation.objects.none()
    if user.is_staff:
        return Organisation.objects.filter(actions__isnull=False).distinct()
    return Organisation.objects.filter(
        actions__in=Action.objects.editable_by(user).values("pk")
    ).distinct()
