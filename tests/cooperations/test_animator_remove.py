"""Taking an animator off a cooperation: a confirmation step, the person told by mail, a line
in the history; the last animator goes only by national staff's hand. Who may reach these pages
at all is in the permission matrix (test_backoffice_permissions.py)."""

import pytest
from django.urls import reverse

from maillage.cooperations.models import Animator
from maillage.core.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .factories import AnimatorFactory


@pytest.fixture
def people(backoffice_people, armor_cooperation):
    co_animator = AnimatorFactory(
        cooperation=armor_cooperation,
        user=UserFactory(email="paul.riou@exemple.fr", first_name="Paul", last_name="Riou"),
        organisation__name="Club des aînés",
    )
    return {**backoffice_people, "co_animator": co_animator}


def remove_url(cooperation, animator):
    return reverse("cooperations:backoffice_animator_remove", args=[cooperation.slug, animator.pk])


def animators_url(cooperation):
    return reverse("cooperations:backoffice_animators", args=[cooperation.slug])


def test_the_animators_page_offers_to_remove_each_animator(client, people, armor_cooperation):
    client.force_login(people["animator"])
    page = Page(client.get(animators_url(armor_cooperation)))
    link = page.link("Retirer Paul Riou")
    assert link["href"] == remove_url(armor_cooperation, people["co_animator"])


def test_an_animator_removes_another_after_confirming_and_the_person_is_told(
    client, people, armor_cooperation, django_capture_on_commit_callbacks
):
    client.force_login(people["animator"])
    url = remove_url(armor_cooperation, people["co_animator"])
    confirm = Page(client.get(url))
    assert confirm.h1.startswith("Retirer un animateur")
    assert confirm.button("Retirer Paul Riou")
    assert Animator.objects.filter(pk=people["co_animator"].pk).exists()  # a GET removes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert response.url == animators_url(armor_cooperation)
    assert not Animator.objects.filter(pk=people["co_animator"].pk).exists()
    entry = AuditEntry.objects.about(armor_cooperation).get()
    assert (entry.action, entry.actor) == ("cooperations.animator.delete", people["animator"])
    assert entry.changes["user"][1] == ""
    (sent,) = sent_mails()
    assert sent.to == ["paul.riou@exemple.fr"]
    assert sent.subject == "Vous n'animez plus la coopération MONALISA 22"
    assert sent.text.startswith("Bonjour,\n\nAnne Le Bihan vous a retiré des animateurs")
    assert "Anne Le Bihan vous a retiré des animateurs" in sent.html.text()
    shown = Page(client.get(response.url))
    assert shown.messages() == ["Paul Riou n'anime plus la coopération ; un e-mail l'en informe."]


def test_the_last_animator_cannot_remove_themselves(client, backoffice_people, armor_cooperation):
    animator = Animator.objects.get(cooperation=armor_cooperation)
    client.force_login(backoffice_people["animator"])
    url = remove_url(armor_cooperation, animator)
    confirm = Page(client.get(url))
    assert not [name for name in confirm.buttons() if name.startswith("Retirer")]

    response = client.post(url, follow=True)

    assert Animator.objects.filter(pk=animator.pk).exists()
    assert Page(response).messages() == [
        "Vous êtes le dernier animateur de la coopération : seule l'équipe nationale peut le "
        "retirer. Invitez d'abord une autre personne à animer."
    ]
    assert not AuditEntry.objects.about(armor_cooperation).exists()
    assert nothing_mailed()


def test_national_staff_may_remove_the_last_animator(
    client, backoffice_people, armor_cooperation, django_capture_on_commit_callbacks
):
    animator = Animator.objects.get(cooperation=armor_cooperation)
    client.force_login(backoffice_people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(armor_cooperation, animator))
    assert response.status_code == 302
    assert not Animator.objects.filter(cooperation=armor_cooperation).exists()
    assert [sent.to for sent in sent_mails()] == [["anne.lebihan@exemple.fr"]]
