"""The core's audited writes: values shown as a person reads them, one scheme of action
names, nothing written when nothing changed, stale versions refused with what changed."""

import datetime

import pytest

from maillage.cooperations.models import Cooperation, Objective
from maillage.core.audit import (
    StaleVersion,
    audited_create,
    audited_delete,
    audited_update,
    history_rows,
    shown,
)
from maillage.core.models import AuditEntry
from tests.cooperations.factories import CooperationFactory


@pytest.fixture
def cooperation(geography):
    return CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])


def test_values_are_shown_as_a_person_reads_them(cooperation):
    cooperation.status = "dormant"
    cooperation.founded_on = datetime.date(2016, 5, 12)
    assert shown(cooperation, "status") == "en sommeil"
    assert shown(cooperation, "founded_on") == "12/05/2016"
    assert shown(cooperation, "perimeter") == str(cooperation.perimeter)
    assert shown(cooperation, "contact_email") == cooperation.contact_email


def test_an_action_name_outside_the_scheme_is_refused(cooperation):
    with pytest.raises(ValueError, match=r"<app>\.<noun>\.<verb>"):
        audited_update(
            actor=None,
            instance=cooperation,
            values={"name": "Autre"},
            summary="x",
            action="cooperation_updated",
        )


def test_create_update_and_delete_write_one_line_each_about_the_target(cooperation):
    objective = audited_create(
        actor=None,
        instance=Objective(cooperation=cooperation, title="Cartographier", status="planned"),
        target=cooperation,
        fields=["title", "status"],
        summary="Objectif ajouté",
    )
    audited_update(
        actor=None,
        instance=objective,
        target=cooperation,
        values={"status": "achieved"},
        summary="Objectif modifié",
    )
    audited_delete(
        actor=None, instance=objective, target=cooperation, fields=["title"], summary="Supprimé"
    )
    entries = list(AuditEntry.objects.about(cooperation).order_by("pk"))
    assert [(entry.action, entry.changes) for entry in entries] == [
        (
            "cooperations.objective.create",
            {"title": ["", "Cartographier"], "status": ["", "prévu"]},
        ),
        ("cooperations.objective.update", {"status": ["prévu", "atteint"]}),
        ("cooperations.objective.delete", {"title": ["Cartographier", ""]}),
    ]
    assert [row["changes"][0]["label"] for row in history_rows(entries)] == [
        "objectif",
        "avancement",
        "objectif",
    ]


def test_nothing_changed_writes_nothing_and_keeps_the_version(cooperation):
    changes = audited_update(
        actor=None, instance=cooperation, values={"name": cooperation.name}, summary="x"
    )
    assert changes == {}
    assert not AuditEntry.objects.exists()
    assert Cooperation.objects.get(pk=cooperation.pk).version == 1


def test_a_stale_version_is_refused_with_what_changed_meanwhile(cooperation):
    audited_update(actor=None, instance=cooperation, values={"name": "MONALISA Armor"}, summary="x")
    stale = Cooperation.objects.get(pk=cooperation.pk)
    with pytest.raises(StaleVersion) as refused:
        audited_update(
            actor=None,
            instance=stale,
            values={"strategy": "Un forum"},
            summary="x",
            version=1,
        )
    assert refused.value.changes == [("nom", "MONALISA Armor")]
    assert refused.value.current_version == 2
    assert Cooperation.objects.get(pk=cooperation.pk).strategy == ""
