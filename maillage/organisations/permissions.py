"""Who may do what with an organisation. Deny by default; one condition per line."""

from .enums import AffiliationRole
from .models import CharterSignature, Organisation


def is_referent(user, organisation: Organisation) -> bool:
    return organisation.affiliations.filter(user=user, role=AffiliationRole.REFERENT).exists()


def can_edit_organisation(user, organisation: Organisation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return is_referent(user, organisation)


def can_withdraw_signature(user, signature: CharterSignature) -> bool:
    return can_edit_organisation(user, signature.organisation)


def can_review_signatures(user) -> bool:
    """Only national staff see the signature requests and decide on them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff


def can_decide_signature(user, signature: CharterSignature) -> bool:
    return can_review_signatures(user)
