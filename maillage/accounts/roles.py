"""Roles are data held by other apps (an animator row, a referent row). Each app registers here,
from its AppConfig.ready(), how to list a user's roles and how an invitation grants one, so that
accounts depends on no domain app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RoleLink:
    """One role of a user, as "Mon espace" lists it."""

    label: str  # "Animateur de la coopération MONALISA 22"
    url: str  # where the role is exercised
    kind: str  # "animator", "referent", "staff"


def staff_links(user, label: str, url: str) -> list[RoleLink]:
    """The staff's entry of an app in "Mon espace": one link for active staff, none otherwise."""
    if user.is_staff and user.is_active:
        return [RoleLink(label=label, url=url, kind="staff")]
    return []


_providers: list[Callable] = []
_granters: dict[str, Callable] = {}


def register_provider(provider: Callable) -> None:
    """provider(user) -> list[RoleLink]"""
    if provider not in _providers:
        _providers.append(provider)


def register_granter(role: str, granter: Callable) -> None:
    """granter(invitation, user) gives `user` the role the invitation carries."""
    _granters[role] = granter


def roles_of(user) -> list[RoleLink]:
    if not user.is_authenticated:
        return []
    links = []
    for provider in _providers:
        links += provider(user)
    return links


def granter_for(role: str) -> Callable:
    return _granters[role]


def known_roles() -> list[str]:
    return sorted(_granters)
