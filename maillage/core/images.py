"""Uploaded images lose their metadata: EXIF (a photo's GPS position, the camera, the date),
XMP, comments. Testimony photos show people; nothing beyond the pixels is kept."""

import io

from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

# How each accepted format is written again.
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
}
# What an image needs to look the same; everything else in Pillow's `info` is metadata.
KEPT_INFO = ("transparency",)


def strip_metadata(file) -> None:
    """Re-encode a new upload in place, without metadata, its EXIF orientation applied to the
    pixels. Call it after the file is known to be a valid image of an accepted format; an
    image already stored, or already stripped, is left alone."""
    upload = file
    if isinstance(file, FieldFile):
        if file._committed:
            return
        upload = file.file
    if not isinstance(upload, UploadedFile) or getattr(upload, "metadata_stripped", False):
        return
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        clean = upright.copy()
    clean.info = {key: value for key, value in clean.info.items() if key in KEPT_INFO}
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **SAVE_OPTIONS.get(image_format, {}))
    data = buffer.getvalue()
    # Written back into the same file object: a large upload lives in a temporary file that
    # the storage moves into place as it is.
    target = upload.file
    target.seek(0)
    target.truncate()
    target.write(data)
    target.flush()
    target.seek(0)
    upload.size = len(data)
    upload.metadata_stripped = True
