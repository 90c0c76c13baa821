"""Who may do what with a cooperation. Deny by default; one condition per line."""


def can_create_cooperation(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff
