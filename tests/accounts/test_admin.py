"""The admin shows invitations and revokes them; it cannot create one (no token to send)."""

from django.urls import reverse

from maillage.accounts.models import Invitation
from tests.html import Page


def test_staff_list_and_revoke_invitations(client, invite, inviter, django_assert_num_queries):
    first, _ = invite("un@exemple.fr")
    second, _ = invite("deux@exemple.fr")
    client.force_login(inviter)
    url = reverse("admin:accounts_invitation_changelist")

    response = client.get(url)
    assert response.status_code == 200
    rows = Page(response).table("#result_list")
    [row] = [row for row in rows if "un@exemple.fr" in row]
    assert "en attente" in row
    assert "animer la coopération d'essai" in row
    assert client.get(reverse("admin:accounts_invitation_add")).status_code == 403

    response = client.post(url, {"action": "revoke", "_selected_action": [first.pk]}, follow=True)
    assert response.status_code == 200
    assert Invitation.objects.get(pk=first.pk).revoked_at is not None
    assert Invitation.objects.get(pk=second.pk).revoked_at is None


def test_invitation_list_queries_do_not_grow_with_rows(
    client, invite, inviter, django_assert_max_num_queries
):
    client.force_login(inviter)
    url = reverse("admin:accounts_invitation_changelist")
    invite("un@exemple.fr")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(5):
        invite(f"autre{n}@exemple.fr")
    with django_assert_max_num_queries(len(few)):
        client.get(url)
