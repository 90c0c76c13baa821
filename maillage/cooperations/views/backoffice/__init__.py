"""Back office of a cooperation ("Mon espace"): its animators and national staff keep it current.

Every view fetches the cooperation through `Cooperation.objects.editable_by(user)` before
anything else: anyone else gets a 404, whether the cooperation exists or not. Objects inside a
cooperation (a member, a news item…) are fetched through the cooperation, so an id from another
one is a 404 too. One module per section of the sub-navigation.
"""

from .content import news, testimonies
from .members import member_add, member_create, member_edit, member_list, member_remove
from .people import animator_list, animator_remove, invitation_revoke
from .presentation import (
    cooperation_aims,
    cooperation_edit,
    cooperation_home,
    cooperation_list,
    history,
    objective_list,
)
from .territory import perimeter_edit, perimeter_remove

__all__ = [
    "animator_list",
    "animator_remove",
    "cooperation_aims",
    "cooperation_edit",
    "cooperation_home",
    "cooperation_list",
    "history",
    "invitation_revoke",
    "member_add",
    "member_create",
    "member_edit",
    "member_list",
    "member_remove",
    "news",
    "objective_list",
    "perimeter_edit",
    "perimeter_remove",
    "testimonies",
]
