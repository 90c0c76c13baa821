"""An organisation's logo is stored without its metadata (EXIF, GPS position)."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.organisations.models import Organisation
from tests.core.test_images import jpeg_with_gps, metadata

from .helpers import edit_data


@pytest.mark.django_db
def test_an_organisation_logo_is_stored_without_its_metadata(
    client, referent, organisation, media_root
):
    client.force_login(referent)
    logo = SimpleUploadedFile("logo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = {**edit_data(organisation), "logo": logo}

    response = client.post(reverse("organisations:backoffice_edit", args=[organisation.slug]), data)

    assert response.status_code == 302
    stored = Organisation.objects.get(pk=organisation.pk).logo
    with open(os.path.join(media_root, stored.name), "rb") as file:
        assert metadata(file.read()) == ({}, {}, (60, 30))
