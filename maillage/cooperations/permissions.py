"""Who may do what with a cooperation. Deny by default; one condition per line."""

from .models import Cooperation


def is_animator(user, cooperation: Cooperation) -> bool:
    return cooperation.animators.filter(user=user).exists()


def can_edit_cooperation(user, cooperation: Cooperation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return is_animator(user, cooperation)


def can_manage_members(user, cooperation: Cooperation) -> bool:
    return can_edit_cooperation(user, cooperation)


def can_invite_animator(user, cooperation: Cooperation) -> bool:
    """Staff invite animators anywhere; an animator invites colleagues into their cooperation."""
    return can_edit_cooperation(user, cooperation)


def can_view_history(user, cooperation: Cooperation) -> bool:
    return can_edit_cooperation(user, cooperation)


def can_create_cooperation(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff
