"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError


class VariedPasswordValidator:
    """Refuse a password made of spaces only, or of too few different characters: twelve spaces
    and "aaaaaaaaaaaa" pass the length rule but are guessed at once."""

    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        if not password.strip():
            raise ValidationError(
                "Le mot de passe ne peut pas être fait seulement d'espaces.",
                code="password_blank",
            )
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                f"Le mot de passe doit compter au moins {self.min_distinct} caractères "
                "différents : évitez de répéter le même caractère.",
                code="password_too_repetitive",
            )

    def get_help_text(self) -> str:
        return (
            f"Votre mot de passe doit compter au moins {self.min_distinct} caractères différents "
            "et pas seulement des espaces."
        )
