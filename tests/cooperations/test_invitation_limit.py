"""An animator's invitations are rate-limited: each one mails a stranger."""

from django.urls import reverse

from maillage.cooperations.services import people as people_services
from tests.html import Page
from tests.mail import sent_mails

from .factories import MembershipFactory


def test_invitations_beyond_the_rate_are_refused_in_the_form(
    client, backoffice_people, armor_cooperation, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(people_services, "ANIMATOR_INVITE_RATE", "2/h")
    member = MembershipFactory(cooperation=armor_cooperation).organisation
    url = reverse("cooperations:backoffice_animators", args=[armor_cooperation.slug])
    client.force_login(backoffice_people["animator"])

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(url, {"email": f"p{n}@exemple.fr", "organisation": member.pk}).status_code
            for n in range(3)
        ]
    assert statuses == [302, 302, 200]
    assert len(sent_mails()) == 2
    last = Page(client.post(url, {"email": "p9@exemple.fr", "organisation": member.pk}))
    (error,) = last.field_errors("Adresse e-mail de la personne invitée")
    assert error.startswith("Vous avez fait cette demande plusieurs fois en peu de temps.")
    assert len(people_services.pending_invitations(armor_cooperation)) == 2

    # The limit is the person's: staff still invite.
    client.force_login(backoffice_people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "p3@exemple.fr", "organisation": member.pk})
    assert response.status_code == 302
