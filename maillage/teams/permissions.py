"""Who may do what with a citizen team. Deny by default; one condition per line.

The messages people write to a team are read by its referents only: neither the animators of
its cooperations nor national staff see a sender's address (they see, after 14 days, that a
message waits)."""

from maillage.cooperations.models import Cooperation

from .models import CitizenTeam


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_referent(user, team: CitizenTeam) -> bool:
    if not _active(user):
        return False
    return team.referents.filter(user=user).exists()


def animates_team_cooperation(user, team: CitizenTeam) -> bool:
    """The person animates one of the cooperations the team works with."""
    if not _active(user):
        return False
    return team.cooperation_links.filter(cooperation__animators__user=user).exists()


def can_create_team(user, cooperation: Cooperation | None) -> bool:
    """Staff anywhere; an animator in the territory of their cooperation."""
    if not _active(user):
        return False
    if user.is_staff:
        return True
    if cooperation is None:
        return False
    return cooperation.animators.filter(user=user).exists()


def can_sign_charter(user, team: CitizenTeam) -> bool:
    """The charter is signed in the team's name: by one of its referents."""
    return is_referent(user, team)


def can_recognise_label(user, team: CitizenTeam) -> bool:
    """The cooperation covering the team's territory recognises it (its animators); national
    staff where no cooperation does."""
    if not _active(user):
        return False
    if animates_team_cooperation(user, team):
        return True
    return user.is_staff and not team.cooperation_links.exists()


def can_withdraw_label(user, team: CitizenTeam) -> bool:
    """Those who may recognise the label, and national staff everywhere."""
    if not _active(user):
        return False
    return user.is_staff or animates_team_cooperation(user, team)
