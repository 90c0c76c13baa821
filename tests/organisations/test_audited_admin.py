"""An organisation edited in the Django admin: the change lands in its history, with the staff
member as author and the admin as source, and a referent's open form becomes stale."""

from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.organisations.models import Organisation
from tests.admin_forms import posted_form


def test_an_admin_edit_of_an_organisation_is_in_its_history(client, staff, organisation):
    client.force_login(staff)
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    data = posted_form(client.get(url), "form#organisation_form")
    data["address"] = ["5 place du Marché"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    entry = AuditEntry.objects.about(organisation).get()
    assert (entry.action, entry.source, entry.actor) == (
        "organisations.organisation.update",
        "admin",
        staff,
    )
    assert entry.changes == {"address": ["3 rue des Lilas", "5 place du Marché"]}
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.address, stored.version) == ("5 place du Marché", organisation.version + 1)


def test_an_organisation_deleted_in_the_admin_leaves_a_line(client, staff, organisation):
    client.force_login(staff)
    url = reverse("admin:organisations_organisation_delete", args=[organisation.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    entry = AuditEntry.objects.get(action="organisations.organisation.delete")
    assert (entry.source, entry.target_id) == ("admin", organisation.pk)
    assert entry.changes["name"] == ["Amitiés Saint-Brieuc", ""]
