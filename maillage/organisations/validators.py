"""Checks on the logos organisations upload (codes and numbers: maillage.core.validators)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from maillage.core.images import strip_metadata

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000


def validate_logo(file) -> None:
    """A real, small image: size, then Pillow decodes it to be sure it is one; a new upload
    is then re-encoded without its metadata (EXIF, GPS position)."""
    from PIL import Image, UnidentifiedImageError

    if file.size > LOGO_MAX_BYTES:
        raise ValidationError("L'image est trop lourde : 1 Mo au maximum.", code="too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            image.verify()
            width, height = image.size
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "Ce fichier n'est pas une image lisible. Formats acceptés : PNG, JPEG ou WebP.",
            code="not_image",
        ) from error
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if image_format not in {"PNG", "JPEG", "WEBP"}:
        raise ValidationError("Formats acceptés : PNG, JPEG ou WebP.", code="format")
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError(
            f"L'image est trop grande : {LOGO_MAX_PIXELS} pixels de côté au maximum.",
            code="dimensions",
        )
    strip_metadata(file)


image_extensions = FileExtensionValidator(
    ["png", "jpg", "jpeg", "webp"], message="Formats acceptés : PNG, JPEG ou WebP."
)
