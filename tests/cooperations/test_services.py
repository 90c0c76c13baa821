"""Services of the cooperations: each write is atomic and leaves the right line in the history."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.accounts.roles import roles_of
from maillage.accounts.services import invitation_create
from maillage.cooperations import services
from maillage.cooperations.models import Animator, Cooperation, CooperationAim, Membership
from maillage.core.models import AuditEntry
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation
from tests.accounts.factories import UserFactory
from tests.mail import sent_mails
from tests.organisations.factories import OrganisationFactory

from .factories import AnimatorFactory, MembershipFactory, ObjectiveFactory


@pytest.fixture
def actor(db):
    return UserFactory(email="anne.lebihan@exemple.fr", first_name="Anne", last_name="Le Bihan")


def history(cooperation):
    return list(AuditEntry.objects.about(cooperation).order_by("pk"))


# --- the cooperation -----------------------------------------------------------------------


def test_cooperation_update_records_old_and_new_values_as_people_read_them(
    actor, armor_cooperation
):
    services.cooperation_update(
        actor=actor,
        cooperation=armor_cooperation,
        data={"status": "dormant", "founded_on": datetime.date(2017, 1, 9), "name": "MONALISA 22"},
    )
    entry = history(armor_cooperation)[-1]
    assert entry.actor == actor
    assert entry.action == "cooperations.cooperation.update"
    assert entry.changes == {
        "status": ["active", "en sommeil"],
        "founded_on": ["12/05/2016", "09/01/2017"],
    }
    armor_cooperation.refresh_from_db()
    assert armor_cooperation.status == "dormant"


def test_cooperation_update_without_change_writes_no_history(actor, armor_cooperation):
    services.cooperation_update(
        actor=actor, cooperation=armor_cooperation, data={"name": armor_cooperation.name}
    )
    assert history(armor_cooperation) == []


def test_cooperation_update_sanitises_rich_text_even_when_called_directly(actor, armor_cooperation):
    services.cooperation_update(
        actor=actor,
        cooperation=armor_cooperation,
        data={"strategy": '<p>Agir<img src=x onerror="alert(1)"></p><script>x()</script>'},
    )
    armor_cooperation.refresh_from_db()
    assert armor_cooperation.strategy == "<p>Agir</p>"


def test_cooperation_update_refuses_fields_it_does_not_own(actor, armor_cooperation):
    with pytest.raises(ValueError, match="slug"):
        services.cooperation_update(
            actor=actor, cooperation=armor_cooperation, data={"slug": "pirate"}
        )


def test_cooperation_update_is_all_or_nothing(actor, armor_cooperation, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr("maillage.core.audit.audit", broken_audit)
    with pytest.raises(RuntimeError):
        services.cooperation_update(
            actor=actor, cooperation=armor_cooperation, data={"name": "Autre nom"}
        )
    assert Cooperation.objects.get(pk=armor_cooperation.pk).name == "MONALISA 22"


def test_cooperation_update_reads_the_stored_values_not_a_changed_instance(
    actor, armor_cooperation
):
    """A ModelForm changes its instance while validating: the history must still see the old
    value."""
    armor_cooperation.name = "Déjà changé en mémoire"
    services.cooperation_update(
        actor=actor, cooperation=armor_cooperation, data={"name": "Déjà changé en mémoire"}
    )
    assert history(armor_cooperation)[-1].changes == {
        "name": ["MONALISA 22", "Déjà changé en mémoire"]
    }


def test_cooperation_create_opens_it_on_one_department(actor, geography):
    cooperation = services.cooperation_create(
        actor=actor, name="MONALISA Finistère", slug="monalisa-finistere", department_code="29"
    )
    assert cooperation.perimeter.part_pairs() == [("department", "29")]
    assert cooperation.status == "emerging"
    (entry,) = history(cooperation)
    assert entry.action == "cooperations.cooperation.create"
    assert entry.changes["territoire"] == ["", "département 29"]


def test_cooperation_create_refuses_an_unknown_department(actor, geography):
    with pytest.raises(ValidationError, match="Code de département inconnu"):
        services.cooperation_create(actor=actor, name="X", slug="x", department_code="99")
    assert not Cooperation.objects.filter(slug="x").exists()


def test_cooperation_create_refuses_a_slug_in_use(actor, armor_cooperation):
    with pytest.raises(ValidationError, match="identifiant"):
        services.cooperation_create(
            actor=actor, name="Autre", slug=armor_cooperation.slug, department_code="29"
        )


# --- aims ----------------------------------------------------------------------------------


def test_set_aims_adds_changes_and_removes_with_one_history_line(actor, armor_cooperation):
    CooperationAim.objects.create(cooperation=armor_cooperation, aim=1, description="Ancien")
    CooperationAim.objects.create(cooperation=armor_cooperation, aim=4, description="Équipes")
    services.cooperation_set_aims(
        actor=actor, cooperation=armor_cooperation, aims={1: "Nouveau", 3: "", 4: "Équipes"}
    )
    rows = dict(armor_cooperation.aims.values_list("aim", "description"))
    assert rows == {1: "Nouveau", 3: "", 4: "Équipes"}
    (entry,) = history(armor_cooperation)
    assert entry.changes == {"axe 1": ["Ancien", "Nouveau"], "axe 3": ["(non retenu)", "(retenu)"]}
    services.cooperation_set_aims(actor=actor, cooperation=armor_cooperation, aims={4: "Équipes"})
    assert history(armor_cooperation)[-1].changes == {
        "axe 1": ["Nouveau", "(non retenu)"],
        "axe 3": ["(retenu)", "(non retenu)"],
    }
    services.cooperation_set_aims(actor=actor, cooperation=armor_cooperation, aims={4: "Équipes"})
    assert len(history(armor_cooperation)) == 2


def test_set_aims_refuses_a_ninth_aim(actor, armor_cooperation):
    with pytest.raises(ValueError):
        services.cooperation_set_aims(actor=actor, cooperation=armor_cooperation, aims={9: "x"})


# --- territory -----------------------------------------------------------------------------


def test_territory_add_and_remove_are_audited_with_the_part_named(actor, armor_cooperation):
    services.cooperation_territory_add(
        actor=actor, cooperation=armor_cooperation, kind="commune", code="29019"
    )
    assert armor_cooperation.perimeter.part_pairs() == [
        ("commune", "29019"),
        ("department", "22"),
    ]
    added = history(armor_cooperation)[-1]
    assert added.summary == "Territoire ajouté : commune Brest (29019)"
    assert added.changes == {"territoire": ["département 22", "commune 29019 ; département 22"]}
    services.cooperation_territory_remove(
        actor=actor, cooperation=armor_cooperation, kind="department", code="22"
    )
    assert armor_cooperation.perimeter.part_pairs() == [("commune", "29019")]
    assert history(armor_cooperation)[-1].summary == (
        "Territoire retiré : département Côtes-d'Armor (22)"
    )


def test_territory_add_refuses_unknown_codes_and_changes_nothing(actor, armor_cooperation):
    with pytest.raises(ValidationError, match="Code INSEE de commune inconnu"):
        services.cooperation_territory_add(
            actor=actor, cooperation=armor_cooperation, kind="commune", code="00000"
        )
    assert armor_cooperation.perimeter.part_pairs() == [("department", "22")]
    assert history(armor_cooperation) == []


def test_the_whole_country_can_be_added(actor, armor_cooperation):
    services.cooperation_territory_add(
        actor=actor, cooperation=armor_cooperation, kind="country", code=""
    )
    assert ("country", "FR") in armor_cooperation.perimeter.part_pairs()
    assert history(armor_cooperation)[-1].summary == "Territoire ajouté : France entière"


def test_the_last_part_stays(actor, armor_cooperation):
    with pytest.raises(ValidationError, match="au moins une partie"):
        services.cooperation_territory_remove(
            actor=actor, cooperation=armor_cooperation, kind="department", code="22"
        )
    assert armor_cooperation.perimeter.part_pairs() == [("department", "22")]


# --- objectives, news, testimonies ---------------------------------------------------------


def test_objectives_lifecycle_is_audited(actor, armor_cooperation):
    objective = services.objective_create(
        actor=actor, cooperation=armor_cooperation, title="Forum annuel", status="planned"
    )
    services.objective_update(
        actor=actor,
        objective=objective,
        title="Forum annuel",
        description="",
        status="achieved",
        position=0,
    )
    services.objective_delete(actor=actor, objective=objective)
    created, updated, deleted = history(armor_cooperation)
    assert created.changes == {
        "title": ["", "Forum annuel"],
        "status": ["", "prévu"],
        "position": ["", "0"],
    }
    assert updated.changes == {"status": ["prévu", "atteint"]}
    assert deleted.summary == "Objectif supprimé : « Forum annuel »"
    assert not armor_cooperation.objectives.exists()


def test_objective_update_without_change_writes_nothing(actor, armor_cooperation):
    objective = ObjectiveFactory(cooperation=armor_cooperation, title="A", status="planned")
    services.objective_update(
        actor=actor, objective=objective, title="A", description="", status="planned", position=0
    )
    assert history(armor_cooperation) == []


def test_news_lifecycle_is_audited_and_sanitised(actor, armor_cooperation):
    item = services.news_create(
        actor=actor,
        cooperation=armor_cooperation,
        title="Forum",
        body="<p>Le 3 mars</p><script>x()</script>",
        published_on=datetime.date(2025, 3, 1),
    )
    assert item.body == "<p>Le 3 mars</p>"
    assert item.created_by == actor
    services.news_update(
        actor=actor,
        news_item=item,
        title="Forum reporté",
        body=item.body,
        published_on=item.published_on,
    )
    services.news_delete(actor=actor, news_item=item)
    created, updated, deleted = history(armor_cooperation)
    assert created.changes["published_on"] == ["", "01/03/2025"]
    assert updated.changes == {"title": ["Forum", "Forum reporté"]}
    assert deleted.action == "cooperations.newsitem.delete"


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_testimony_photo_files_are_deleted_after_commit(
    actor, armor_cooperation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    testimony = services.testimony_create(
        actor=actor,
        cooperation=armor_cooperation,
        quote="Merci",
        person_name="Lucie",
        photo=png(),
    )
    first = tmp_path / testimony.photo.name
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        testimony = services.testimony_update(
            actor=actor,
            testimony=testimony,
            quote="Merci",
            person_name="Lucie",
            person_role="",
            organisation_name="",
            position=0,
            photo=png("autre.png"),
        )
    assert not first.exists()
    second = tmp_path / testimony.photo.name
    assert second.exists()
    assert history(armor_cooperation)[-1].changes == {"photo": ["photo", "nouvelle photo"]}
    with django_capture_on_commit_callbacks(execute=True):
        services.testimony_delete(actor=actor, testimony=testimony)
    assert not second.exists()
    assert [entry.action for entry in history(armor_cooperation)] == [
        "cooperations.testimony.create",
        "cooperations.testimony.update",
        "cooperations.testimony.delete",
    ]


# --- members -------------------------------------------------------------------------------


def test_membership_lifecycle_is_audited(actor, armor_cooperation):
    organisation = OrganisationFactory(name="Centre social de Plérin")
    membership = services.membership_add(
        actor=actor,
        cooperation=armor_cooperation,
        organisation=organisation,
        role="partner",
        since=datetime.date(2024, 1, 1),
    )
    services.membership_update(
        actor=actor, membership=membership, role="steering", since=membership.since
    )
    services.membership_remove(actor=actor, membership=membership)
    added, updated, removed = history(armor_cooperation)
    assert added.changes == {
        "organisation": ["", "Centre social de Plérin"],
        "role": ["", "partenaire"],
        "since": ["", "01/01/2024"],
    }
    assert updated.changes == {"role": ["partenaire", "comité de pilotage"]}
    assert removed.summary == "Membre retiré : Centre social de Plérin"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_organisation_is_member_only_once(actor, armor_cooperation):
    membership = MembershipFactory(cooperation=armor_cooperation)
    with pytest.raises(ValidationError, match="déjà membre"):
        services.membership_add(
            actor=actor, cooperation=armor_cooperation, organisation=membership.organisation
        )


# --- animators -----------------------------------------------------------------------------


@pytest.fixture
def member(armor_cooperation):
    return MembershipFactory(
        cooperation=armor_cooperation, organisation__name="CCAS de Plérin"
    ).organisation


def test_animator_invite_mails_a_link_on_commit_and_audits(
    actor, armor_cooperation, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.animator_invite(
            actor=actor,
            cooperation=armor_cooperation,
            email=" Nouvelle@Exemple.fr ",
            organisation=member,
            base_url="https://maillage.example.org",
        )
    assert invitation.email == "nouvelle@exemple.fr"
    assert invitation.extra["organisation_id"] == member.pk
    assert invitation.extra["label"] == "animer la coopération MONALISA 22"
    (sent,) = sent_mails()
    assert sent.to == ["nouvelle@exemple.fr"]
    assert sent.links[0].startswith("https://maillage.example.org/invitation/")
    assert sent.html.link("Accepter l'invitation")["href"] == sent.links[0]
    assert history(armor_cooperation)[-1].action == "cooperations.animator.invite"


def test_animator_invite_refuses_an_organisation_outside_the_cooperation(
    actor, armor_cooperation, finistere_cooperation
):
    foreign = MembershipFactory(cooperation=finistere_cooperation).organisation
    with pytest.raises(ValidationError, match="n'est pas membre"):
        services.animator_invite(
            actor=actor,
            cooperation=armor_cooperation,
            email="x@exemple.fr",
            organisation=foreign,
            base_url="",
        )
    assert history(armor_cooperation) == []


def invitation_for(cooperation, organisation, inviter, email="nouvelle@exemple.fr"):
    invitation, _token = invitation_create(
        invited_by=inviter,
        email=email,
        role=services.ANIMATOR_ROLE,
        target=cooperation,
        label=f"animer la coopération {cooperation.name}",
        extra={"organisation_id": organisation.pk},
    )
    return invitation


def test_the_granter_makes_an_animator_and_a_member_of_the_organisation(
    actor, armor_cooperation, member, django_capture_on_commit_callbacks
):
    invitation = invitation_for(armor_cooperation, member, actor)
    newcomer = UserFactory(email="nouvelle@exemple.fr", first_name="Nora", last_name="Guen")
    with django_capture_on_commit_callbacks(execute=True):
        animator = services.animator_grant(invitation, newcomer)
    assert (animator.cooperation, animator.organisation) == (armor_cooperation, member)
    assert Affiliation.objects.get(user=newcomer, organisation=member).role == "member"
    entry = history(armor_cooperation)[-1]
    assert (entry.action, entry.actor) == ("cooperations.animator.create", newcomer)
    (sent,) = sent_mails()
    assert sent.to == [actor.email]
    assert sent.subject == "Nora Guen anime désormais la coopération MONALISA 22"
    assert "Nora Guen a accepté votre invitation" in sent.text


def test_the_granter_keeps_an_existing_referent_affiliation(actor, armor_cooperation, member):
    newcomer = UserFactory(email="nouvelle@exemple.fr")
    Affiliation.objects.create(user=newcomer, organisation=member, role=AffiliationRole.REFERENT)
    services.animator_grant(invitation_for(armor_cooperation, member, actor), newcomer)
    assert Affiliation.objects.get(user=newcomer, organisation=member).role == "referent"


def test_the_granter_refuses_when_the_organisation_has_left(actor, armor_cooperation, member):
    invitation = invitation_for(armor_cooperation, member, actor)
    Membership.objects.filter(organisation=member).delete()
    with pytest.raises(ValidationError, match="n'est plus membre"):
        services.animator_grant(invitation, UserFactory(email="nouvelle@exemple.fr"))
    assert not Animator.objects.filter(cooperation=armor_cooperation).exists()


def test_revoking_an_invitation_is_audited(actor, armor_cooperation, member):
    invitation = invitation_for(armor_cooperation, member, actor)
    services.animator_invitation_revoke(
        actor=actor, cooperation=armor_cooperation, invitation=invitation
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert history(armor_cooperation)[-1].summary == "Invitation annulée : nouvelle@exemple.fr"
    with pytest.raises(ValidationError):
        services.animator_invitation_revoke(
            actor=actor, cooperation=armor_cooperation, invitation=invitation
        )


# --- roles in "Mon espace" -----------------------------------------------------------------


def test_an_animator_sees_a_link_to_each_cooperation_they_animate(
    armor_cooperation, finistere_cooperation
):
    animator = AnimatorFactory(cooperation=armor_cooperation).user
    AnimatorFactory(cooperation=finistere_cooperation, user=animator)
    links = [(link.label, link.url, link.kind) for link in roles_of(animator)]
    assert (
        "Animateur de MONALISA 22",
        "/mon-espace/cooperations/monalisa-22/presentation/",
        "animator",
    ) in links
    assert (
        "Animateur de MONALISA 29",
        "/mon-espace/cooperations/monalisa-29/presentation/",
        "animator",
    ) in links
    assert all(link.kind != "staff" for link in roles_of(animator))


def test_staff_see_the_list_of_all_cooperations(db):
    staff = UserFactory(staff=True)
    labels = [(link.label, link.url) for link in roles_of(staff)]
    assert ("Toutes les coopérations", "/mon-espace/cooperations/") in labels


def test_someone_without_role_gets_no_cooperation_link(db):
    assert [link for link in roles_of(UserFactory()) if "coopération" in link.label.lower()] == []


@pytest.mark.parametrize("slug", ["liste", "pour-ma-commune"])
def test_a_cooperation_cannot_take_a_public_path_as_slug(geography, slug):
    staff = UserFactory(staff=True)
    with pytest.raises(ValidationError):
        services.cooperation_create(actor=staff, name="Liste", slug=slug, department_code="22")
    assert not Cooperation.objects.filter(slug=slug).exists()
