"""Uploaded photos and logos are stored without their metadata (EXIF, GPS position)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import ExifTags, Image

from maillage.cooperations import forms as cooperation_forms
from maillage.core.images import strip_metadata

GPS = ExifTags.IFD.GPSInfo
ORIENTATION = ExifTags.Base.Orientation


def jpeg_with_gps(size=(60, 30), orientation: int = 1) -> bytes:
    """A real JPEG carrying a camera model, a date and the GPS position of Saint-Brieuc."""
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Téléphone de Lucie"
    exif[ExifTags.Base.DateTime] = "2026:05:14 10:31:00"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 30.0, 50.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 45.0, 55.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the sample really carries what we remove
        assert check.getexif().get_ifd(GPS)[ExifTags.GPS.GPSLatitude] == (48.0, 30.0, 50.0)
    return data


def metadata(data: bytes) -> tuple[dict, dict, tuple[int, int]]:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return dict(exif), dict(exif.get_ifd(GPS)), image.size


def test_a_new_upload_loses_its_exif_and_gps_position():
    upload = SimpleUploadedFile("lucie.jpg", jpeg_with_gps(), content_type="image/jpeg")

    strip_metadata(upload)

    upload.seek(0)
    data = upload.read()
    assert metadata(data) == ({}, {}, (60, 30))
    assert upload.size == len(data)


def test_the_orientation_is_applied_to_the_pixels_before_it_is_dropped():
    upload = SimpleUploadedFile(
        "portrait.jpg", jpeg_with_gps(orientation=6), content_type="image/jpeg"
    )
    strip_metadata(upload)
    upload.seek(0)
    assert metadata(upload.read()) == ({}, {}, (30, 60))


def test_a_large_upload_is_cleaned_in_its_temporary_file_which_the_storage_moves():
    upload = TemporaryUploadedFile("lucie.jpg", "image/jpeg", 0, None)
    upload.write(jpeg_with_gps())
    upload.flush()

    strip_metadata(upload)

    with open(upload.temporary_file_path(), "rb") as stored:
        assert metadata(stored.read())[:2] == ({}, {})
    upload.close()


def test_the_testimony_form_cleans_the_photo():
    photo = SimpleUploadedFile("lucie.jpg", jpeg_with_gps(), content_type="image/jpeg")
    form = cooperation_forms.TestimonyForm(
        data={"quote": "On se téléphone.", "person_name": "Lucie Tanguy", "position": "0"},
        files={"photo": photo},
    )
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["photo"]
    cleaned.seek(0)
    assert metadata(cleaned.read())[:2] == ({}, {})
